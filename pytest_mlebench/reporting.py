"""Reports of a session's runs: terminal table, totals, JSON grading report, JUnit properties.

All of them are computed from `RunResult` records only, once, on the
controller (under pytest-xdist the records arrive through
`report.user_properties`), so every output agrees with every other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .aggregates import figures_json, set_figures
from .runs import RunResult
from .usage import total_usage

RESULT_PROPERTY = "mlebench_result"  # the whole record as JSON; the other properties are for people
PROPERTY_KEYS = (
    "score", "medal", "valid_submission", "above_median", "gold_threshold", "silver_threshold",
    "bronze_threshold", "median_threshold", "leaderboard", "agent_seconds", "timed_out", "sandbox", "isolation",
    "bwrap", "agent_uid", "validations", "run_dir",
)


def junit_properties(result: RunResult) -> list[tuple[str, object]]:
    """Per-testcase properties (also the channel from xdist workers to the controller)."""
    record = result.to_dict()
    props: list[tuple[str, object]] = [(key, "" if record[key] is None else record[key]) for key in PROPERTY_KEYS]
    props.append((RESULT_PROPERTY, json.dumps(record)))
    return props


def result_from_properties(user_properties) -> RunResult | None:
    for key, value in user_properties or ():
        if key == RESULT_PROPERTY:
            return RunResult.from_dict(json.loads(value))
    return None


@dataclass(frozen=True)
class Totals:
    runs: int
    with_submission: int
    valid: int
    above_median: int
    gold: int
    silver: int
    bronze: int

    @property
    def medals(self) -> int:
        return self.gold + self.silver + self.bronze

    def percent(self, count: int) -> float:
        return 100.0 * count / self.runs if self.runs else 0.0


def totals(results: list[RunResult]) -> Totals:
    return Totals(
        runs=len(results),
        with_submission=sum(r.submission_exists for r in results),
        valid=sum(r.valid_submission for r in results),
        above_median=sum(r.above_median for r in results),
        gold=sum(r.medal == "gold" for r in results),
        silver=sum(r.medal == "silver" for r in results),
        bronze=sum(r.medal == "bronze" for r in results),
    )


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.5g}" if abs(value) < 1e5 else f"{value:.4e}"


def _status(result: RunResult) -> str:
    if result.sandbox_failed:
        return "sandbox error"
    if result.valid_submission:
        return "timed out, graded" if result.timed_out else "graded"
    return "timed out" if result.timed_out else "invalid"


def summary_lines(results: list[RunResult]) -> list[str]:
    """The medal table and totals shown at the end of the session."""
    results = sorted(results, key=lambda r: (r.competition_id, r.seed))
    header = ("competition", "seed", "score", "medal", "gold", "silver", "bronze", "median", "time", "status")
    rows = [
        (
            r.competition_id,
            str(r.seed),
            _fmt(r.score),
            (r.medal or ("above median" if r.above_median else "-")) if r.leaderboard != "unavailable" else "n/a",
            _fmt(r.gold_threshold),
            _fmt(r.silver_threshold),
            _fmt(r.bronze_threshold),
            _fmt(r.median_threshold),
            f"{r.agent_seconds:.0f}s/{r.time_limit:.0f}s",
            _status(r),
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    t = totals(results)
    lines += [
        "",
        f"runs: {t.runs}   valid: {t.percent(t.valid):.1f}%   above median: {t.percent(t.above_median):.1f}%   "
        f"any medal: {t.percent(t.medals):.1f}%   gold: {t.gold}  silver: {t.silver}  bronze: {t.bronze}",
    ]
    for r in results:
        if r.error:
            lines.append(f"{r.competition_id}: {r.error}")
    usage = total_usage([r.usage for r in results])
    if usage["runs_reporting"]:
        lines.append(
            f"usage ({usage['runs_reporting']} run(s) reporting): {usage['input_tokens']:,} input tokens, "
            f"{usage['output_tokens']:,} output tokens, ${usage['cost_usd']:.2f}"
            + (f"; models: {', '.join(usage['models'])}" if usage["models"] else "")
        )
    checks = sum(r.validations for r in results)
    if checks:
        lines.append(f"validation: agents checked {checks} submission(s) with the validation service during their runs")
    for competition_id, issue in sorted({(r.competition_id, i) for r in results for i in r.known_issues}):
        lines.append(f"known issue of {competition_id}: {issue} (exclude with -m 'not known_issue')")
    kinds = {r.leaderboard for r in results}
    if "reference" in kinds:
        lines.append("medals of starter competitions are placed on a reference field of our own solutions, not on Kaggle teams")
    if "unavailable" in kinds:
        lines.append("n/a: no leaderboard for this competition yet, so medals are unavailable (not 'no medal')")
    lines += isolation_lines(results)
    return lines


def isolation_counts(results: list[RunResult]) -> dict[str, int]:
    """How many runs had each isolation: bwrap, docker, none (unisolated) or failed (not run)."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.isolation] = counts.get(r.isolation, 0) + 1
    return dict(sorted(counts.items()))


def isolation_lines(results: list[RunResult]) -> list[str]:
    """What the reports must say about isolation: runs without it, runs that never started."""
    lines = []
    weak = sorted({r.competition_id for r in results if r.isolation == "none"})
    if weak:
        lines.append(
            f"WARNING: {len(weak)} competition(s) ran WITHOUT isolation (--mle-sandbox none): the agent could read "
            "files outside its folders, including the private answers; these scores prove nothing against a "
            "hostile agent. Use --mle-sandbox local (bubblewrap) or docker for a trustworthy run."
        )
    failed = sorted({r.competition_id for r in results if r.sandbox_failed})
    if failed:
        lines.append(
            f"ERROR: the sandbox could not isolate the agent for {len(failed)} competition(s) ({', '.join(failed)}): "
            "the agent was not started; the reason is in each run's error above."
        )
    bwraps = sorted({r.bwrap for r in results if r.bwrap})
    if bwraps:
        uids = sorted({r.agent_uid for r in results if r.bwrap and r.agent_uid is not None})
        lines.append(f"isolation: bubblewrap {', '.join(bwraps)}; agent uid {', '.join(map(str, uids))}")
    return lines


def suite_properties(results: list[RunResult]) -> list[tuple[str, object]]:
    """Session totals for the JUnit <testsuite> (written by the controller, also under xdist)."""
    t = totals(results)
    props = [
        ("mlebench_runs", t.runs), ("mlebench_valid", t.valid), ("mlebench_above_median", t.above_median),
        ("mlebench_any_medal", t.medals), ("mlebench_gold", t.gold), ("mlebench_silver", t.silver),
        ("mlebench_bronze", t.bronze), ("mlebench_validations", sum(r.validations for r in results)),
        ("mlebench_unisolated_runs", sum(r.isolation == "none" for r in results)),
        ("mlebench_sandbox_errors", sum(r.sandbox_failed for r in results)),
    ]
    for set_name, figures in set_figures(results).items():
        for name, fig in figures.items():
            props.append((f"mlebench_{set_name}_{name}_mean", round(fig.mean, 6)))
            if fig.sem is not None:
                props.append((f"mlebench_{set_name}_{name}_sem", round(fig.sem, 6)))
    return props


def grading_report(results: list[RunResult], agent: str | None) -> dict:
    """MLE-bench's grading-report format (totals + competition_reports), plus our run details."""
    t = totals(results)
    return {
        "total_runs": t.runs,
        "total_runs_with_submissions": t.with_submission,
        "total_valid_submissions": t.valid,
        "total_medals": t.medals,
        "total_gold_medals": t.gold,
        "total_silver_medals": t.silver,
        "total_bronze_medals": t.bronze,
        "total_above_median": t.above_median,
        "agent": agent,
        "harness": {"name": "pytest-mlebench", "version": __version__},
        "machine": machine_facts(),
        "figures": figures_json(results),
        "usage": total_usage([r.usage for r in results]),
        "isolation": isolation_counts(results),
        "competition_reports": [r.to_dict() for r in sorted(results, key=lambda r: (r.competition_id, r.seed))],
    }


def machine_facts() -> dict:
    """What ran the harness: a leaderboard entry states its hardware (MLE-bench asks for it)."""
    import os
    import platform
    import shutil
    import subprocess

    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        memory = None
    gpus: list[str] = []
    if shutil.which("nvidia-smi"):
        try:
            listing = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
                                     capture_output=True, text=True, timeout=20)
            gpus = [line.strip() for line in listing.stdout.splitlines() if line.strip()]
        except (OSError, subprocess.TimeoutExpired):
            pass
    return {"host": platform.node(), "cpus": os.cpu_count(), "memory_bytes": memory, "gpus": gpus,
            "platform": platform.platform(), "python": platform.python_version()}


def write_json_report(path: Path, results: list[RunResult], agent: str | None) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(grading_report(results, agent), indent=2))
