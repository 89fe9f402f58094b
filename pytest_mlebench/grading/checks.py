"""Reading and checking a submission: the shared checks every grader uses (size, columns, ids, numbers,
probabilities), each failing with InvalidSubmission and a message that says what to fix."""

from __future__ import annotations

import copy
import json
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission, UndefinedScore
from pytest_mlebench.grading.inferred import read_inferred

MAX_SUBMISSION_BYTES = 1 << 30  # 1 GiB: larger files are refused, not read


def read_submission(path: Path, max_bytes: int = MAX_SUBMISSION_BYTES, read: str = "text",
                    allow_no_rows: bool = False) -> pd.DataFrame:
    """Read a submission CSV, refusing what is not a regular, readable, sane-sized CSV file (and a
    header without rows, unless the competition's grader takes it: `allow_no_rows`)."""
    path = Path(path)
    if path.is_symlink():
        raise InvalidSubmission(f"{path.name} is a symbolic link; write a regular file")
    if not path.exists():
        raise InvalidSubmission(f"no submission file at {path}")
    if not path.is_file():
        raise InvalidSubmission(f"{path.name} is not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise InvalidSubmission(f"{path.name} is empty")
    if size > max_bytes:
        raise InvalidSubmission(f"{path.name} is {size:,} bytes, over the {max_bytes:,}-byte limit")
    try:
        frame = _read_csv(path, read)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InvalidSubmission(f"{path.name} is not a readable CSV file: {str(exc).strip()}") from None
    if frame.empty and not (allow_no_rows and len(frame.columns)):
        raise InvalidSubmission(f"{path.name} has a header but no rows")
    return frame


def _read_csv(path: Path, read: str) -> pd.DataFrame:
    if read == "inferred":
        return read_inferred(path)  # the values MLE-bench's pandas 2.2 reads with float_precision="round_trip"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


ANSWERS_CACHE_ENTRIES = 4  # competitions whose parsed answers are kept (a run grades one or a few)
ANSWERS_CACHE_MAX_BYTES = 256 << 20  # larger answer files are parsed every time, not kept in memory
_answers_cache: OrderedDict[tuple, object] = OrderedDict()
_answers_lock = threading.Lock()


def read_answers(path: Path, read: str = "text"):
    """The private answers: a DataFrame, or for JSON-lines answers (MLE-bench's `load_answers`
    of a .jsonl file) a list of dicts, which only a competition's own grade.py takes.

    A run grades the same answers many times (every validation call of the agent, each seed, the
    CLI's grade-jsonl), and parsing them exactly (`read = "inferred"`: up to three reads of every
    column) can cost most of a grading. So the parsed answers of the last few files are kept in
    this process, keyed by the file's resolved path, size, modification time (ns) and read mode:
    a file rewritten in place is parsed again. Files over ANSWERS_CACHE_MAX_BYTES are not kept.
    Each call returns a deep copy, so a grader that changes its frame (adds a column, sorts in
    place) cannot change what the next grading reads."""
    path = Path(path)
    try:
        resolved = path.resolve()
        stat = resolved.stat()
    except OSError:
        return _parse_answers(path, read)  # missing or unreadable: the reader raises as it always did
    if stat.st_size > ANSWERS_CACHE_MAX_BYTES:
        return _parse_answers(path, read)
    key = (str(resolved), stat.st_size, stat.st_mtime_ns, read)
    with _answers_lock:
        parsed = _answers_cache.get(key)
        if parsed is not None:
            _answers_cache.move_to_end(key)
    if parsed is None:
        parsed = _parse_answers(path, read)
        with _answers_lock:
            for stale in [k for k in _answers_cache if k[0] == key[0] and k[3] == read]:
                del _answers_cache[stale]  # an older version of the same file
            _answers_cache[key] = parsed
            while len(_answers_cache) > ANSWERS_CACHE_ENTRIES:
                _answers_cache.popitem(last=False)
    return copy.deepcopy(parsed)


def clear_answers_cache() -> None:
    """Forget every parsed answers file (the next read_answers parses again)."""
    with _answers_lock:
        _answers_cache.clear()


def _parse_answers(path: Path, read: str):
    if path.suffix == ".jsonl":
        with open(path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    return _read_csv(path, read)


def require_columns(frame: pd.DataFrame, columns) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InvalidSubmission(f"missing column(s) {missing}; the submission has {list(frame.columns)}")


def align_by_id(submission: pd.DataFrame, answers: pd.DataFrame, id_column: str) -> pd.DataFrame:
    """Rows of `submission` in the order of `answers`, after checking the ids match one to one.

    Ids read as numbers compare as numbers (12.0 is 12), others as text ("012" is not "12"). Both columns are hashed once
    (pandas Index lookups), so a million rows take a fraction of a second."""
    require_columns(submission, [id_column])
    ids, expected = _id_keys(submission[id_column], answers[id_column])
    if not ids.is_unique:
        raise InvalidSubmission(f"duplicate id(s) in {id_column!r}: {_sample(ids[ids.duplicated()].unique())}")
    positions = ids.get_indexer(expected)
    missing = positions < 0
    if missing.any():
        raise InvalidSubmission(f"{int(missing.sum())} id(s) missing from {id_column!r}, e.g. {_sample(expected[missing])}")
    if len(ids) > len(expected):
        unknown = ids[expected.get_indexer(ids) < 0]
        raise InvalidSubmission(f"{len(unknown)} unknown id(s) in {id_column!r}, e.g. {_sample(unknown)}")
    return submission.iloc[positions].reset_index(drop=True)


def _is_number_column(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype)


def _id_keys(ids: pd.Series, expected: pd.Series) -> tuple[pd.Index, pd.Index]:
    """Both id columns as hashable keys. Where pandas read both as numbers they compare as numbers,
    as MLE-bench compares them (an id written 12.0 is id 12): whole numbers exactly, a column of
    decimals by its float value. Otherwise as Python strings, so "012" is not "12"."""
    if pd.api.types.is_integer_dtype(ids.dtype) and pd.api.types.is_integer_dtype(expected.dtype):
        return pd.Index(ids.to_numpy()), pd.Index(expected.to_numpy())
    if _is_number_column(ids) and _is_number_column(expected):
        return (pd.Index(ids.to_numpy(dtype=float), dtype=float),
                pd.Index(expected.to_numpy(dtype=float), dtype=float))
    as_text = [pd.Index(c.astype(str).to_numpy(dtype=object), dtype=object) for c in (ids, expected)]
    return as_text[0], as_text[1]


def as_numbers(frame: pd.DataFrame, columns) -> np.ndarray:
    """The columns as a float array, refusing text, blanks, NaN and infinity."""
    selected = frame[list(columns)]
    if all(isinstance(dtype, np.dtype) and dtype.kind in "biuf" for dtype in selected.dtypes):
        values = selected.to_numpy(dtype=float)  # numbers already: what to_numeric would give, without a pass per column
    else:
        values = selected.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        row, col = map(int, np.argwhere(bad)[0])
        raw = frame[list(columns)].iloc[row, col]
        raise InvalidSubmission(
            f"column {columns[col]!r} must hold finite numbers; row {row + 1} has {raw!r} "
            f"({int(bad.sum())} bad value(s) in all)"
        )
    return values


def numbers_or_undefined(frame: pd.DataFrame, columns, what: str) -> np.ndarray:
    """The columns as floats, where MLE-bench's metric scores numbers as they come: text is refused (the
    metric crashes on it), but a blank, NaN or infinite number gives MLE-bench a NaN score, valid without
    a medal, raised here as UndefinedScore ("a blank, NaN or infinite <what>")."""
    if all(pd.api.types.is_numeric_dtype(frame[c]) for c in columns):
        values = frame[list(columns)].to_numpy(dtype=float)
        if not np.isfinite(values).all():
            raise UndefinedScore(f"a blank, NaN or infinite {what}: the score is undefined")
        return values
    return as_numbers(frame, columns)


def check_probabilities(values: np.ndarray, columns, must_sum_to_one: bool) -> None:
    if ((values < 0) | (values > 1)).any():
        raise InvalidSubmission(f"probabilities in {list(columns)} must lie between 0 and 1")
    if must_sum_to_one:
        sums = values.sum(axis=1)
        off = np.flatnonzero(~np.isclose(sums, 1.0, atol=1e-3))
        if len(off):
            raise InvalidSubmission(
                f"each row's probabilities must sum to 1; {len(off)} row(s) do not (row {off[0] + 1} sums to {sums[off[0]]:.4g})"
            )


def _sample(values, n: int = 3) -> str:
    values = [str(v) for v in list(values)[:n]]
    return ", ".join(repr(v) for v in values)
