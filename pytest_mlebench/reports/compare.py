"""Compare a session with an earlier JSON report: per competition, and a regression gate.

Only competitions present in both reports are compared, so the figures are
over the same set. A figure (any medal, above median, valid) regresses when
- with at least two complete seeds on both sides: a one-sided Welch t-test
  (unequal variances) on the per-seed percentages says the new ones are lower
  at the 5% level;
- otherwise: it dropped by more than the tolerance (a fraction, default 0).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

from pytest_mlebench.errors import CompareError
from pytest_mlebench.records import RunResult
from pytest_mlebench.reports.figures import FIGURES, reached

SIGNIFICANCE = 0.05


def load_report(path: Path) -> list[RunResult]:
    try:
        data = json.loads(Path(path).read_text())
        return [RunResult.from_dict(r) for r in data["competition_reports"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CompareError(f"--mle-compare: cannot read {path} as a pytest-mlebench JSON report ({exc}); "
                           "write one with --mle-report") from None


def _scores(results: list[RunResult], competition_id: str) -> list[float]:
    return [r.score for r in results if r.competition_id == competition_id and r.score is not None]


def _medal_rank(results: list[RunResult], competition_id: str) -> str:
    medals = [r.medal or ("above median" if r.above_median else "-") for r in results if r.competition_id == competition_id]
    return "/".join(medals) if medals else "-"


def comparison_lines(previous: list[RunResult], current: list[RunResult]) -> list[str]:
    """The per-competition table: mean score before and now, the change, and medals."""
    common = sorted({r.competition_id for r in previous} & {r.competition_id for r in current})
    lower = {r.competition_id: r.is_lower_better for r in current}
    rows = [("competition", "previous", "now", "change", "medal before", "medal now")]
    for cid in common:
        before, now = _scores(previous, cid), _scores(current, cid)
        b, n = (mean(before) if before else None), (mean(now) if now else None)
        if b is None or n is None:
            change = "invalid now" if b is not None else ("valid now" if n is not None else "-")
        else:
            delta = n - b
            better = delta < 0 if lower[cid] else delta > 0
            change = "same" if delta == 0 else f"{delta:+.5g} ({'better' if better else 'worse'})"
        rows.append((cid, _fmt(b), _fmt(n), change, _medal_rank(previous, cid), _medal_rank(current, cid)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.5g}"


@dataclass(frozen=True)
class Regression:
    figure: str
    previous: float
    current: float
    test: str

    def text(self) -> str:
        return f"{self.figure} fell from {self.previous:.1%} to {self.current:.1%} ({self.test})"


def _per_seed_rates(results: list[RunResult], competitions: set[str], figure: str) -> list[float]:
    by_seed: dict[int, dict[str, RunResult]] = {}
    for r in results:
        if r.competition_id in competitions:
            by_seed.setdefault(r.seed, {})[r.competition_id] = r
    complete = [runs for runs in by_seed.values() if set(runs) == competitions]
    return [sum(reached(r, figure) for r in runs.values()) / len(competitions) for runs in complete]


def regressions(previous: list[RunResult], current: list[RunResult], tolerance: float = 0.0) -> list[Regression]:
    competitions = {r.competition_id for r in previous} & {r.competition_id for r in current}
    if not competitions:
        return []
    found = []
    for figure in FIGURES:
        before, now = _per_seed_rates(previous, competitions, figure), _per_seed_rates(current, competitions, figure)
        if not before or not now:
            continue
        b, n = mean(before), mean(now)
        if len(before) >= 2 and len(now) >= 2:
            from scipy.stats import ttest_ind

            if n < b and (max(before) > min(before) or max(now) > min(now)):
                p = ttest_ind(now, before, equal_var=False, alternative="less").pvalue
            else:  # no spread on either side: any drop is certain
                p = 0.0 if n < b else 1.0
            if p < SIGNIFICANCE:
                found.append(Regression(figure, b, n, f"one-sided Welch t-test over {len(before)} and {len(now)} seeds, p = {p:.3g}"))
        elif b - n > tolerance:
            found.append(Regression(figure, b, n, f"drop beyond the tolerance of {tolerance:.1%}"))
    return found
