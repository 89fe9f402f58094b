"""Session figures across seeds: per set, mean ± standard error, and the gates on them.

Computed as MLE-bench's leaderboard does: for every seed, the percentage of
the set's competitions that reached a level; then the mean over seeds and
the standard error (sample standard deviation, ddof=1, over sqrt(seeds)).
Only complete seeds count: a seed missing a competition of the set is left
out, so an interrupted run never lowers (or raises) a figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # runs pulls in pandas; parsing --mle-fail-under at start-up must not
    from pytest_mlebench.records import RunResult

FIGURES = ("any_medal", "above_median", "valid")
SET_ORDER = ("lite", "medium", "high", "dev", "starter", "all")


def reached(result: RunResult, figure: str) -> bool:
    if figure == "any_medal":
        return result.any_medal
    if figure == "above_median":
        return result.above_median
    if figure == "valid":
        return result.valid_submission
    raise ValueError(f"unknown figure {figure!r}; known: {', '.join(FIGURES)}")


@dataclass(frozen=True)
class Figure:
    """One figure of one set: the mean over complete seeds and its standard error (fractions 0-1)."""

    mean: float
    sem: float | None  # None with a single seed
    seeds: int
    competitions: int

    def text(self) -> str:
        sem = f" ± {100 * self.sem:.1f}" if self.sem is not None else ""
        return f"{100 * self.mean:.1f}{sem}%"


def _members(results: list[RunResult], set_name: str) -> list[RunResult]:
    if set_name == "all":
        return results
    return [r for r in results if set_name in r.sets]


def figure(results: list[RunResult], set_name: str, name: str) -> Figure | None:
    """Mean ± SEM of `name` over the complete seeds of a set, or None if no seed is complete."""
    members = _members(results, set_name)
    competitions = {r.competition_id for r in members}
    by_seed: dict[int, dict[str, RunResult]] = {}
    for r in members:
        by_seed.setdefault(r.seed, {})[r.competition_id] = r
    complete = [runs for runs in by_seed.values() if set(runs) == competitions]
    if not competitions or not complete:
        return None
    rates = [sum(reached(r, name) for r in runs.values()) / len(competitions) for runs in complete]
    mean = sum(rates) / len(rates)
    sem = None
    if len(rates) > 1:
        variance = sum((x - mean) ** 2 for x in rates) / (len(rates) - 1)
        sem = math.sqrt(variance) / math.sqrt(len(rates))
    return Figure(mean=mean, sem=sem, seeds=len(complete), competitions=len(competitions))


def set_figures(results: list[RunResult]) -> dict[str, dict[str, Figure]]:
    """Every set present in the results (plus "all"), with its figures."""
    present = {s for r in results for s in r.sets}
    names = [s for s in SET_ORDER if s in present or s == "all"]
    table = {}
    for set_name in names:
        figures = {name: figure(results, set_name, name) for name in FIGURES}
        if all(f is not None for f in figures.values()):
            table[set_name] = figures
    return table


def figure_lines(results: list[RunResult]) -> list[str]:
    """The per-set table of the terminal summary."""
    table = set_figures(results)
    if not table:
        return []
    lines = [f"{'set':8} {'competitions':>12} {'seeds':>5}  {'any medal':>14} {'above median':>14} {'valid':>14}"]
    for set_name, figures in table.items():
        first = figures["any_medal"]
        lines.append(
            f"{set_name:8} {first.competitions:>12} {first.seeds:>5}  "
            + " ".join(f"{figures[name].text():>14}" for name in FIGURES)
        )
    return lines


def figures_json(results: list[RunResult]) -> dict:
    return {
        set_name: {name: vars(f) for name, f in figures.items()}
        for set_name, figures in set_figures(results).items()
    }


def parse_fail_under(text: str) -> dict[str, float]:
    """`any_medal=0.2,valid=1.0` -> {"any_medal": 0.2, "valid": 1.0}; fractions between 0 and 1."""
    wanted = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or name not in FIGURES:
            raise ValueError(f"--mle-fail-under takes FIGURE=FRACTION pairs with FIGURE in {', '.join(FIGURES)}, "
                             f"e.g. any_medal=0.2,valid=1.0; got {part!r}")
        try:
            wanted[name] = float(value)
        except ValueError:
            raise ValueError(f"--mle-fail-under: {value!r} is not a number (use a fraction such as 0.25)") from None
        if not 0 <= wanted[name] <= 1:
            raise ValueError(f"--mle-fail-under: {name}={value} must be a fraction between 0 and 1")
    return wanted


def gate_failures(results: list[RunResult], wanted: dict[str, float]) -> list[str]:
    """Which aggregate figures (set "all") fell short of `--mle-fail-under`."""
    failures = []
    for name, minimum in wanted.items():
        value = figure(results, "all", name)
        if value is None:
            failures.append(f"{name}: no complete seed to measure (wanted at least {minimum:.1%})")
        elif value.mean < minimum:
            failures.append(f"{name} is {value.mean:.1%}, below the required {minimum:.1%}")
    return failures


def unisolated_gate_refusal(results, settings) -> str | None:
    """A gate (--mle-fail-under, --mle-compare) is refused on runs without isolation (from
    --mle-sandbox none, or resumed from such a session) unless explicitly allowed."""
    gated = bool(settings.fail_under) or settings.compare is not None
    weak = sorted({f"{r.competition_id}-seed{r.seed}" for r in results if r.isolation == "none"})
    if not gated or not weak or settings.allow_unisolated_gate:
        return None
    return (f"gate refused: {len(weak)} run(s) ran without isolation ({', '.join(weak[:5])}"
            f"{', ...' if len(weak) > 5 else ''}); add --mle-allow-unisolated-gate to accept them")
