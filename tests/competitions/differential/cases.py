"""Every submission of the differential test, from one competition description (specs.py).

`write_cases(spec, folder)` writes the competition's answers (as MLE-bench's prepare.py
lays them out) and a few dozen submissions next to them: the perfect one, a sample-like
one, random and perturbed ones, shuffled rows, and each way a submission breaks (rows,
columns, cells, the file's encoding and layout, the kind's own malformed values). The
same seed always writes the same bytes, so a known disagreement names the same file on
every machine.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pytest_mlebench.competitions import load_competition

from tests.support.mlebench_support import COMPETITIONS_DIR
from .schema import Spec, Table, Value, csv_text


@dataclass(frozen=True)
class Case:
    """One submission of one competition, written to disk."""

    competition: str
    kind: str
    answers: Path
    submission: Path

    @property
    def key(self) -> str:
        return f"{self.competition}:{self.kind}"


def seed_of(competition: str) -> int:
    return zlib.crc32(competition.encode())


def build(spec: Spec, rng: random.Random) -> tuple[Table | list, Table]:
    """(answers, perfect submission) of `spec`."""
    if spec.build is not None:
        return spec.build(rng)
    ids = spec.ids.values(rng, spec.n)
    truths = [t.kind.truth(rng, spec.n, len(t.columns)) for t in spec.targets]
    answer_targets = [c for t in spec.targets for c in t.in_answers]
    extras = [e.name for e in spec.extras]
    header = [spec.ids.name, *(extras + answer_targets if spec.extras_first else answer_targets + extras)]
    rows, perfect_rows = [], []
    for i, id_value in enumerate(ids):
        values = [v for truth in truths for v in truth[i]]
        gold = [v for target, truth in zip(spec.targets, truths) for v in target.kind.gold(truth[i])]
        row = {spec.ids.name: id_value, **dict(zip(answer_targets, values))}
        for extra in spec.extras:
            row[extra.name] = extra.make(rng, i, row)
        rows.append([row[c] for c in header])
        perfect_rows.append([id_value, *gold])
    return Table(header, rows), Table([spec.ids.name, *spec.target_columns], perfect_rows)


# ---------------------------------------------------------------- changing the perfect submission


def _with_targets(perfect: Table, spec: Spec, make: Callable[[object, list], list | None]) -> Table | None:
    """A copy of `perfect` whose target groups are replaced by `make(kind, values)` (None: unchanged)."""
    table, changed = perfect.copy(), False
    for target in spec.targets:
        index = [table.header.index(c) for c in target.columns]
        values = [[row[i] for i in index] for row in table.rows]
        new = make(target.kind, values)
        if new is None:
            continue
        changed = True
        for row, new_values in zip(table.rows, new):
            for i, value in zip(index, new_values):
                row[i] = value
    return table if changed else None


def _set_cell(table: Table, row: int, column: str, value: Value) -> Table:
    table = table.copy()
    table.rows[row % len(table.rows)][table.header.index(column)] = value
    return table


def _drop_column(table: Table, column: str) -> Table:
    index = table.header.index(column)
    return Table([h for i, h in enumerate(table.header) if i != index],
                 [[v for i, v in enumerate(row) if i != index] for row in table.rows])


def _int_ids(table: Table, id_column: str) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in table.column(id_column))


def _unknown_id(value: Value) -> Value:
    return 987654321 if isinstance(value, int) else f"{value}_unknown"


def frame_variants(spec: Spec, perfect: Table, rng: random.Random) -> dict[str, Table | None]:
    """Submissions that differ from the perfect one in their rows, columns or cells."""
    id_col, first = spec.ids.name, spec.target_columns[0]
    n = len(perfect.rows)
    out: dict[str, Table | None] = {"perfect": perfect}
    shuffled = perfect.copy()
    rng.shuffle(shuffled.rows)
    out["shuffled"] = shuffled
    out["reversed"] = Table(perfect.header, perfect.rows[::-1])
    for how, count in (("sample", 1), ("random", 2), ("perturbed", 2)):
        for k in range(count):
            name = how if count == 1 else f"{how}_{k + 1}"
            out[name] = _with_targets(perfect, spec, lambda kind, values: kind.predict(rng, values, how))
    if out["perturbed_1"] is not None:
        mixed = out["perturbed_1"].copy()
        rng.shuffle(mixed.rows)
        out["perturbed_shuffled"] = mixed
    out["label_type"] = _with_targets(perfect, spec, lambda kind, values: kind.other_type(rng, values))
    if out["label_type"] is not None:  # one cell of another type among the right ones
        other = out["label_type"].rows[0][perfect.header.index(first)]
        out["label_type_one_cell"] = _set_cell(perfect, 0, first, other)
    for target in spec.targets:
        for name, values in target.kind.broken(rng, [[row[perfect.header.index(c)] for c in target.columns]
                                                     for row in perfect.rows]).items():
            table = perfect.copy()
            for row, new in zip(table.rows, values):
                for column, value in zip(target.columns, new):
                    row[table.header.index(column)] = value
            out.setdefault(f"broken_{name}", table)
    # rows
    out["missing_row"] = Table(perfect.header, perfect.rows[:-1])
    out["missing_first_row"] = Table(perfect.header, perfect.rows[1:])
    extra = list(perfect.rows[-1])
    extra[perfect.header.index(id_col)] = _unknown_id(extra[perfect.header.index(id_col)])
    out["extra_row"] = Table(perfect.header, [*perfect.rows, extra])
    out["duplicate_row"] = Table(perfect.header, [*perfect.rows, list(perfect.rows[0])])
    out["duplicate_id"] = _set_cell(perfect, 1, id_col, perfect.rows[0][perfect.header.index(id_col)])
    out["unknown_id"] = _set_cell(perfect, n - 1, id_col, _unknown_id(perfect.rows[n - 1][perfect.header.index(id_col)]))
    out["header_only"] = Table(perfect.header, [])
    # columns
    out["missing_id_column"] = _drop_column(perfect, id_col)
    out["missing_target_column"] = _drop_column(perfect, first)
    renamed = perfect.copy()
    renamed.header[renamed.header.index(first)] = first.upper() if first.upper() != first else first.lower()
    out["renamed_target"] = renamed
    out["extra_column"] = Table([*perfect.header, "extra"], [[*row, 1] for row in perfect.rows])
    order = list(range(len(perfect.header)))[::-1]
    out["columns_reversed"] = Table([perfect.header[i] for i in order], [[row[i] for i in order] for row in perfect.rows])
    # cells
    out["nan_text"] = _set_cell(perfect, 2, first, "NaN")
    out["blank_cell"] = _set_cell(perfect, 2, first, None)
    out["blank_first_row"] = _set_cell(perfect, 0, first, None)
    blank_all = perfect.copy()
    for row in blank_all.rows:
        row[blank_all.header.index(first)] = None
    out["blank_column"] = blank_all
    out["text_in_number"] = _set_cell(perfect, 2, first, "abc")
    out["infinity"] = _set_cell(perfect, 1, first, "inf")
    out["spaces_around"] = _set_cell(perfect, 0, first, f" {perfect.rows[0][perfect.header.index(first)]} ")
    # ids
    if _int_ids(perfect, id_col):
        decimals = perfect.copy()
        for row in decimals.rows:
            row[decimals.header.index(id_col)] = f"{row[decimals.header.index(id_col)]}.0"
        out["ids_as_decimals"] = decimals
        out["id_zero_padded"] = _set_cell(perfect, 0, id_col, f"0{perfect.rows[0][perfect.header.index(id_col)]}")
    else:
        value = str(perfect.rows[0][perfect.header.index(id_col)])
        out["id_case_changed"] = _set_cell(perfect, 0, id_col, value.upper() if value.upper() != value else value.lower())
        out["id_with_space"] = _set_cell(perfect, 0, id_col, f" {value}")
    return out


def skipped_variants(spec: Spec, answers: Table, perfect: Table) -> dict[str, Table]:
    """Where the metric leaves rows out: NaN only there, and those rows left out."""
    if spec.skipped is None:
        return {}
    id_col = spec.ids.name
    skipped_ids = {row[answers.header.index(id_col)] for row in answers.rows
                   if spec.skipped(dict(zip(answers.header, row)))}
    if not skipped_ids:
        return {}
    nan_there = perfect.copy()
    for row in nan_there.rows:
        if row[nan_there.header.index(id_col)] in skipped_ids:
            for column in spec.target_columns:
                row[nan_there.header.index(column)] = None
    kept = Table(perfect.header, [r for r in perfect.rows if r[perfect.header.index(id_col)] not in skipped_ids])
    return {"nan_in_skipped_rows": nan_there, "skipped_rows_left_out": kept}


def text_variants(perfect: Table) -> dict[str, bytes]:
    """The same perfect submission written in other ways: encoding, line ends, quoting, layout."""
    plain = csv_text(perfect)
    lines = plain.splitlines()
    index = Table(["", *perfect.header], [[i, *row] for i, row in enumerate(perfect.rows)])
    return {
        "empty_file": b"",
        "bom": ("\ufeff" + plain).encode(),
        "crlf": csv_text(perfect, line_end="\r\n").encode(),
        "quoted_all": csv_text(perfect, quote_all=True).encode(),
        "trailing_comma": "".join(f"{line}," + "\n" for line in lines).encode(),
        "index_column": csv_text(index).encode(),
        "blank_line_inside": "\n".join([*lines[:2], "", *lines[2:]]).encode() + b"\n",
        "no_final_newline": plain.rstrip("\n").encode(),
        "semicolons": csv_text(perfect).replace(",", ";").encode(),
        "latin1": plain.encode("latin-1", errors="replace"),
    }


def write_cases(spec: Spec, folder: Path) -> list[Case]:
    """Write the answers and all submissions of `spec` under `folder`; return the cases."""
    rng = random.Random(seed_of(spec.competition))
    answers, perfect = build(spec, rng)
    folder.mkdir(parents=True, exist_ok=True)
    answers_name = load_competition(COMPETITIONS_DIR / spec.competition).grading.answers
    answers_path = folder / "private" / answers_name
    answers_path.parent.mkdir(exist_ok=True)
    if isinstance(answers, list):
        answers_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in answers), encoding="utf-8")
        tables = frame_variants(spec, perfect, rng)
    else:
        answers_path.write_text(csv_text(answers), encoding="utf-8")
        tables = {**frame_variants(spec, perfect, rng), **skipped_variants(spec, answers, perfect)}
    contents = {name: csv_text(t).encode() for name, t in tables.items() if t is not None}
    contents.update(text_variants(perfect))
    cases = []
    for name, data in contents.items():
        path = folder / f"{name}.csv"
        path.write_bytes(data)
        cases.append(Case(spec.competition, name, answers_path, path))
    return cases

