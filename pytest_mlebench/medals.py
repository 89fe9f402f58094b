"""Medals: Kaggle's progression rules, applied to a leaderboard the way MLE-bench does.

Thresholds are scores at leaderboard positions that depend on the number of
teams; a score equal to a threshold earns that medal, while "above median"
is strict. Scores are compared after rounding to 5 decimals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .competitions import Thresholds

MEDALS = ("gold", "silver", "bronze")
LEVELS = ("valid", "above_median", "bronze", "silver", "gold")


def medal_positions(num_teams: int) -> tuple[int, int, int]:
    """1-based leaderboard positions of the gold, silver and bronze thresholds."""
    if num_teams < 1:
        raise ValueError("a leaderboard needs at least one team")
    if num_teams < 100:
        return max(1, int(num_teams * 0.1)), max(1, int(num_teams * 0.2)), max(1, int(num_teams * 0.4))
    if num_teams < 250:
        return 10, max(1, int(num_teams * 0.2)), max(1, int(num_teams * 0.4))
    if num_teams < 1000:
        return 10 + int(num_teams * 0.002), 50, 100
    return 10 + int(num_teams * 0.002), max(1, int(num_teams * 0.05)), max(1, int(num_teams * 0.1))


def thresholds_from_scores(scores, lower_is_better: bool) -> Thresholds:
    """Gold, silver, bronze and median thresholds of a leaderboard's scores."""
    ranked = np.sort(np.asarray(scores, dtype=float))
    if not lower_is_better:
        ranked = ranked[::-1]
    gold, silver, bronze = (float(ranked[p - 1]) for p in medal_positions(len(ranked)))
    return Thresholds(gold=gold, silver=silver, bronze=bronze, median=float(np.median(ranked)))


@dataclass(frozen=True)
class Placement:
    """Where a score lands against a competition's thresholds."""

    medal: str | None  # "gold", "silver", "bronze" or None
    above_median: bool

    @property
    def any_medal(self) -> bool:
        return self.medal is not None


def place_score(score: float | None, thresholds: Thresholds, lower_is_better: bool) -> Placement:
    """The medal a score earns; None (invalid) earns nothing."""
    if score is None:
        return Placement(medal=None, above_median=False)
    score = round(float(score), 5)
    better_or_equal = (lambda t: score <= t) if lower_is_better else (lambda t: score >= t)
    for medal in MEDALS:
        if better_or_equal(getattr(thresholds, medal)):
            return Placement(medal=medal, above_median=_strictly_better(score, thresholds.median, lower_is_better))
    return Placement(medal=None, above_median=_strictly_better(score, thresholds.median, lower_is_better))


def _strictly_better(score: float, threshold: float, lower_is_better: bool) -> bool:
    return score < threshold if lower_is_better else score > threshold


def reaches(level: str, valid: bool, placement: Placement) -> bool:
    """Whether a run reaches a pass level of `--mle-pass`."""
    if level not in LEVELS:
        raise ValueError(f"pass level must be one of {LEVELS}, not {level!r}")
    if level == "valid":
        return valid
    if level == "above_median":
        return valid and placement.above_median
    wanted = MEDALS.index(level)
    return valid and placement.medal is not None and MEDALS.index(placement.medal) <= wanted
