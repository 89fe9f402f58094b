"""Reports of a session's runs: terminal table, totals, JSON grading report, JUnit properties.

All of them are computed from `RunResult` records only, once, on the
controller (under pytest-xdist the records arrive through
`report.user_properties`), so every output agrees with every other.
"""

from __future__ import annotations

from dataclasses import dataclass

from pytest_mlebench.records import RunResult
from pytest_mlebench.runs.usage import total_usage


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
    if result.missing:
        return "missing"
    if result.sandbox_failed:
        return "sandbox error"
    if result.valid_submission:
        return "timed out, graded" if result.timed_out else "graded"
    return "timed out" if result.timed_out else "invalid"


def table_lines(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """A plain-text table: columns as wide as their widest cell, a rule under the header."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


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
    lines = table_lines(header, rows)
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
