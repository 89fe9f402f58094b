"""Medals: Kaggle's progression rules, applied to a leaderboard the way MLE-bench does.

Thresholds are scores at leaderboard positions that depend on the number of
teams; a score equal to a threshold earns that medal, while "above median"
is strict. Scores are compared after rounding to 5 decimals.
"""

from __future__ import annotations

import numpy as np

from pytest_mlebench.competitions import Thresholds
from pytest_mlebench.records import MEDALS, Placement

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


def placement_fields(competition, score: float | None) -> dict:
    """A score placed on the competition's leaderboard, as the fields every record carries (the
    run's RunResult and the CLI's grade report): medal, above median, the thresholds, the kind of
    leaderboard. Without thresholds there is no medal and the leaderboard is "unavailable"."""
    thresholds = competition.leaderboard.thresholds
    placement = place_score(score, thresholds, competition.grading.lower_is_better) if thresholds else None
    return {
        "medal": placement.medal if placement else None,
        "above_median": bool(placement and placement.above_median),
        "gold_threshold": thresholds.gold if thresholds else None,
        "silver_threshold": thresholds.silver if thresholds else None,
        "bronze_threshold": thresholds.bronze if thresholds else None,
        "median_threshold": thresholds.median if thresholds else None,
        "is_lower_better": competition.grading.lower_is_better,
        "leaderboard": competition.leaderboard.kind if thresholds else "unavailable",
    }
