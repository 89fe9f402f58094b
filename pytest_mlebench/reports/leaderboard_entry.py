"""A leaderboard entry from grading reports: the row MLE-bench's leaderboard shows.

MLE-bench's rule for its leaderboard (its `experiments/aggregate_grading_reports.py`):
runs are grouped into seeds by ordinal — the k-th run of every competition of a
split makes seed k — each seed gives percentages over the split's competitions,
and the entry is the mean over seeds ± the standard error (sample standard
deviation, ddof=1, over sqrt(seeds); 0 with a single seed).

A run that crashed or was refused is a run without a medal: it always counts.
A run that is missing from every report (never ran, lost with its machine)
counts as no medal too and is named in the entry (MLE-bench's `--pad-missing`),
so an entry can never look better by losing its failures. `complete_seeds_only`
gives MLE-bench's default instead: seeds in which a competition has no run are
left out, and the left-out seeds are named.

Reports are this harness's JSON reports (`--mle-report`, `merge`) or MLE-bench's
own grading reports; a run present in two of them (a shard report and a merged
one) is counted once.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pytest_mlebench.competitions import Competition
from pytest_mlebench.errors import EntryError
from pytest_mlebench.records import write_atomically

SPLITS = (("low", "Low == Lite"), ("medium", "Medium"), ("high", "High"), ("all", "All"),
          ("dev", "Dev"), ("starter", "Starter"))
"""The entry's rows: MLE-bench's four, then the sets it does not rank, when they were run."""
FIGURES = ("any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median",
           "valid_submission", "submission_exists")
MLEBENCH_SPLITS = ("low", "medium", "high")  # "all" is these 75 competitions
MLEBENCH_FIELDS = ("competition_id", "score", "gold_threshold", "silver_threshold", "bronze_threshold",
                   "median_threshold", "any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median",
                   "submission_exists", "valid_submission", "is_lower_better", "created_at", "submission_path")
"""A competition report's fields in MLE-bench's grading reports."""


@dataclass(frozen=True)
class EntryRun:
    """One run as the entry counts it."""

    competition_id: str
    gold_medal: bool
    silver_medal: bool
    bronze_medal: bool
    above_median: bool
    valid_submission: bool
    submission_exists: bool
    seed: int | None = None  # the harness's seed number, when the report has one
    identity: tuple | None = None  # what makes two copies of the same run equal
    record: dict = field(default_factory=dict, compare=False, repr=False)  # the report's own fields

    @property
    def any_medal(self) -> bool:
        return self.gold_medal or self.silver_medal or self.bronze_medal

    def reached(self, figure: str) -> bool:
        return getattr(self, figure)


@dataclass(frozen=True)
class SplitFigure:
    mean: float  # percent, as MLE-bench's leaderboard shows it
    sem: float

    def text(self) -> str:
        return f"{self.mean:.2f} ± {self.sem:.2f}"


@dataclass
class SplitRow:
    split: str
    title: str
    competitions: int
    seeds: int
    figures: dict[str, SplitFigure]
    missing_runs: list[str] = field(default_factory=list)  # "competition (seed k)": counted as no medal
    dropped_seeds: list[int] = field(default_factory=list)  # complete_seeds_only: seeds left out


@dataclass
class Entry:
    agents: list[str]
    harness_versions: list[str]
    time_limits_hours: list[float]
    machines: list[str]
    dates: list[str]
    rule: str
    rows: list[SplitRow]
    notes: list[str]
    reports: list[str]


def load_runs(paths: Iterable[Path]) -> tuple[list[EntryRun], list[dict]]:
    """Every run of the reports, in order (report by report, then by competition and seed), once each."""
    runs: list[EntryRun] = []
    reports: list[dict] = []
    seen: set[tuple] = set()
    for path in paths:
        try:
            report = json.loads(Path(path).read_text())
            records = report["competition_reports"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise EntryError(f"{path}: not a grading report ({exc.__class__.__name__}: {exc}); pass the JSON "
                             "written by --mle-report, `pytest-mlebench merge` or MLE-bench's `grade`") from None
        reports.append(report)
        ordered = sorted(records, key=lambda r: (str(r.get("competition_id")), r.get("seed") or 0))
        for record in ordered:
            try:
                run = _run_from_record(record)
            except (KeyError, TypeError) as exc:
                raise EntryError(f"{path}: a competition report lacks {exc}") from None
            if run.identity is not None:
                if run.identity in seen:
                    continue
                seen.add(run.identity)
            runs.append(run)
    if not runs:
        raise EntryError("the reports hold no runs")
    return runs, reports


def _run_from_record(record: dict) -> EntryRun:
    medal = record.get("medal")
    flags = {m: bool(record.get(f"{m}_medal", medal == m)) for m in ("gold", "silver", "bronze")}
    identity = None
    if record.get("run_dir"):
        identity = (record["competition_id"], record["run_dir"], record.get("created_at"))
    return EntryRun(
        competition_id=str(record["competition_id"]),
        gold_medal=flags["gold"],
        silver_medal=flags["silver"],
        bronze_medal=flags["bronze"],
        above_median=bool(record["above_median"]),
        valid_submission=bool(record["valid_submission"]),
        submission_exists=bool(record["submission_exists"]),
        seed=record.get("seed"),
        identity=identity,
        record=record,
    )


def split_members(competitions: dict[str, Competition]) -> dict[str, list[str]]:
    """Each split's competition ids, from the definitions (the official lists)."""
    members = {split: sorted(c.id for c in competitions.values() if split in c.sets)
               for split, _ in SPLITS if split != "all"}
    members["all"] = sorted(set().union(*(members[s] for s in MLEBENCH_SPLITS)))
    return members


def build_entry(paths: list[Path], competitions: dict[str, Competition], complete_seeds_only: bool = False) -> Entry:
    runs, reports = load_runs(paths)
    unknown = sorted({r.competition_id for r in runs} - set(competitions))
    if unknown:
        raise EntryError(f"runs of competitions this harness does not define: {', '.join(unknown)}")
    by_competition: dict[str, list[EntryRun]] = {}
    for run in runs:
        by_competition.setdefault(run.competition_id, []).append(run)
    rows = []
    for split, title in SPLITS:
        ids = split_members(competitions)[split]
        if any(c in by_competition for c in ids):
            rows.append(_split_row(split, title, ids, by_competition, complete_seeds_only))
    return Entry(
        agents=_distinct(r.get("agent") for r in reports),
        harness_versions=_distinct(_harness_version(r) for r in reports),
        time_limits_hours=sorted({round(rec["time_limit"] / 3600, 2) for r in reports
                                  for rec in r["competition_reports"] if rec.get("time_limit")}),
        machines=_distinct(_machine_text(r.get("machine")) for r in reports),
        dates=_distinct(str(rec.get("created_at", ""))[:10] for r in reports for rec in r["competition_reports"]),
        rule=("complete seeds only: a seed missing a run is left out (MLE-bench's default)" if complete_seeds_only
              else "seeds by ordinal; a missing run counts as no medal (MLE-bench's --pad-missing)"),
        rows=rows,
        notes=_notes(reports, competitions, set(by_competition)),
        reports=[str(p) for p in paths],
    )


def _split_row(split: str, title: str, ids: list[str], by_competition: dict[str, list[EntryRun]],
               complete_seeds_only: bool) -> SplitRow:
    counts = [len(by_competition.get(c, [])) for c in ids]
    seeds = max(counts)
    row = SplitRow(split=split, title=title, competitions=len(ids), seeds=0, figures={})
    per_seed: list[dict[str, float]] = []
    for k in range(seeds):
        present = {c: by_competition[c][k] for c in ids if len(by_competition.get(c, [])) > k}
        missing = [c for c in ids if c not in present]
        if missing and complete_seeds_only:
            row.dropped_seeds.append(k)
            continue
        row.missing_runs += [f"{c} (seed {k})" for c in missing]
        per_seed.append({f: 100 * sum(r.reached(f) for r in present.values()) / len(ids) for f in FIGURES})
    row.seeds = len(per_seed)
    for figure in FIGURES:
        values = [s[figure] for s in per_seed]
        row.figures[figure] = _mean_sem(values) if values else SplitFigure(float("nan"), float("nan"))
    return row


def _mean_sem(values: list[float]) -> SplitFigure:
    mean = sum(values) / len(values)
    if len(values) < 2:
        return SplitFigure(mean, 0.0)
    variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    return SplitFigure(mean, math.sqrt(variance / len(values)))


def _notes(reports: list[dict], competitions: dict[str, Competition], run_ids: set[str]) -> list[str]:
    notes = []
    records = [rec for r in reports for rec in r["competition_reports"]]
    weak = sorted({rec["competition_id"] for rec in records if rec.get("isolation") == "none"})
    if weak:
        notes.append(f"runs WITHOUT isolation (--mle-sandbox none): {', '.join(weak)}")
    networked = sorted({rec["competition_id"] for rec in records if rec.get("network")})
    if networked:
        notes.append(f"agent had network access: {', '.join(networked)}")
    reference = sorted({rec["competition_id"] for rec in records if rec.get("leaderboard") == "reference"})
    if reference:
        notes.append(f"medals against this harness's reference fields, not Kaggle's: {', '.join(reference)}")
    for cid in sorted(run_ids):
        for issue in competitions[cid].known_issues:
            notes.append(f"known issue, {cid}: {issue}")
    return notes


def _distinct(values: Iterable) -> list:
    return sorted({v for v in values if v})


def _harness_version(report: dict) -> str | None:
    harness = report.get("harness") or {}
    return f"{harness.get('name', 'pytest-mlebench')} {harness['version']}" if harness.get("version") else None


def _machine_text(machine: dict | None) -> str | None:
    if not machine:
        return None
    gpus = machine.get("gpus") or []
    memory = machine.get("memory_bytes")
    parts = [f"{machine.get('cpus')} CPUs", f"{memory / 2**30:.0f} GiB" if memory else None,
             f"{len(gpus)}x {gpus[0]}" if gpus else "no GPU"]
    return ", ".join(p for p in parts if p)


# -- formats -----------------------------------------------------------------------------------

def to_markdown(entry: Entry) -> str:
    """MLE-bench's leaderboard row, then the breakdown per split, the rule and what to know."""
    by_split = {row.split: row for row in entry.rows}
    agent = ", ".join(entry.agents) or "?"
    head = ["Agent"] + [f"{t} (%)" for s, t in SPLITS[:4]] + ["Running Time (hours)", "Date"]
    cells = [agent] + [by_split[s].figures["any_medal"].text() if s in by_split else "not run" for s, _ in SPLITS[:4]]
    cells += [", ".join(f"{h:g}" for h in entry.time_limits_hours) or "?", entry.dates[-1] if entry.dates else "?"]
    lines = [_md_row(head), _md_row(["---"] * len(head)), _md_row(cells), ""]
    detail = ["split", "competitions", "seeds", "any medal", "gold", "silver", "bronze", "above median", "valid",
              "submitted"]
    lines += [_md_row(detail), _md_row(["---"] * len(detail))]
    for row in entry.rows:
        lines.append(_md_row([row.title, str(row.competitions), str(row.seeds)]
                             + [row.figures[f].text() for f in FIGURES]))
    lines.append("")
    lines.append(f"Aggregation: {entry.rule}; mean ± standard error over seeds (ddof=1), in percent.")
    lines.append(f"Harness: {', '.join(entry.harness_versions) or 'version not recorded'}; "
                 f"machine: {'; '.join(entry.machines) or 'not recorded'}.")
    for row in entry.rows:
        if row.missing_runs:
            lines.append(f"Missing runs in {row.title}, counted as no medal ({len(row.missing_runs)}): "
                         + ", ".join(row.missing_runs))
        if row.dropped_seeds:
            lines.append(f"Seeds left out of {row.title} (incomplete): " + ", ".join(map(str, row.dropped_seeds)))
    lines += [f"Note: {note}" for note in entry.notes]
    return "\n".join(lines) + "\n"


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def to_json(entry: Entry) -> str:
    return json.dumps(asdict(entry), indent=2)


def to_csv(entry: Entry) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["agent", "split", "competitions", "seeds"]
                    + [f"{f}_{part}" for f in FIGURES for part in ("mean", "sem")] + ["missing_runs"])
    for row in entry.rows:
        writer.writerow([";".join(entry.agents), row.split, row.competitions, row.seeds]
                        + [f"{getattr(row.figures[f], part):.4f}" for f in FIGURES for part in ("mean", "sem")]
                        + [len(row.missing_runs)])
    return out.getvalue()


def export_mlebench_reports(paths: list[Path], out_dir: Path) -> list[Path]:
    """One MLE-bench grading report per seed ordinal, named so that sorting them keeps seed order.

    MLE-bench's aggregation script sorts the reports it is given by path and makes seeds
    from the order runs appear in; these files give it the same seeds as this entry.
    """
    runs, _ = load_runs(paths)
    by_competition: dict[str, list[EntryRun]] = {}
    for run in runs:
        by_competition.setdefault(run.competition_id, []).append(run)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for k in range(max(len(v) for v in by_competition.values())):
        seed_runs = [v[k] for _, v in sorted(by_competition.items()) if len(v) > k]
        reports = [_mlebench_record(r) for r in seed_runs]
        body = {
            "total_runs": len(reports),
            "total_runs_with_submissions": sum(r.submission_exists for r in seed_runs),
            "total_valid_submissions": sum(r.valid_submission for r in seed_runs),
            "total_medals": sum(r.any_medal for r in seed_runs),
            "total_gold_medals": sum(r.gold_medal for r in seed_runs),
            "total_silver_medals": sum(r.silver_medal for r in seed_runs),
            "total_bronze_medals": sum(r.bronze_medal for r in seed_runs),
            "total_above_median": sum(r.above_median for r in seed_runs),
            "competition_reports": reports,
        }
        path = out_dir / f"seed{k:03d}_grading_report.json"
        write_atomically(path, json.dumps(body, indent=2))
        written.append(path)
    return written


def _mlebench_record(run: EntryRun) -> dict:
    """The run in MLE-bench's competition-report fields (the flags as this entry counted them)."""
    record = {name: run.record.get(name) for name in MLEBENCH_FIELDS}
    record.update({f: run.reached(f) for f in FIGURES}, competition_id=run.competition_id)
    return record
