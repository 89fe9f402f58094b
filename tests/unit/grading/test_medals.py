"""Medal thresholds and placement, checked against MLE-bench's published figures."""

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.competitions import Thresholds
from pytest_mlebench.grading.medals import medal_positions, place_score, reaches, thresholds_from_scores


@pytest.mark.parametrize(
    "teams, positions",
    [
        (1, (1, 1, 1)),
        (10, (1, 2, 4)),
        (99, (9, 19, 39)),
        (100, (10, 20, 40)),
        (249, (10, 49, 99)),
        (250, (10, 50, 100)),
        (999, (11, 50, 100)),
        (1000, (12, 50, 100)),
        (4000, (18, 200, 400)),
    ],
)
def test_positions_follow_kaggle_progression_rules(teams, positions):
    assert medal_positions(teams) == positions


def test_positions_need_a_team():
    with pytest.raises(ValueError):
        medal_positions(0)


def test_thresholds_of_a_small_higher_is_better_board():
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0]
    assert thresholds_from_scores(scores, lower_is_better=False) == Thresholds(0.9, 0.8, 0.6, 0.45)
    assert thresholds_from_scores(scores, lower_is_better=True) == Thresholds(0.0, 0.1, 0.3, 0.45)


def test_all_81_leaderboards_give_the_catalog_thresholds(shared_dir):
    catalog = pd.read_csv(shared_dir / "mlebench" / "catalog.csv")
    checked = 0
    for row in catalog.itertuples():
        path = shared_dir / "mlebench" / "leaderboards" / f"{row.id}.csv"
        if not path.exists():
            assert row.id == "ventilator-pressure-prediction"
            continue
        board = pd.read_csv(path)
        t = thresholds_from_scores(board["score"], bool(row.lower_is_better))
        expected = (row.gold_threshold, row.silver_threshold, row.bronze_threshold, row.median_threshold)
        assert np.allclose((t.gold, t.silver, t.bronze, t.median), expected), row.id
        assert medal_positions(len(board)) == (row.gold_position, row.silver_position, row.bronze_position), row.id
        checked += 1
    assert checked == 81


T = Thresholds(gold=0.9, silver=0.8, bronze=0.7, median=0.5)


@pytest.mark.parametrize(
    "score, medal, above",
    [(0.95, "gold", True), (0.9, "gold", True), (0.85, "silver", True), (0.7, "bronze", True),
     (0.69999, None, True), (0.5, None, False), (0.1, None, False), (None, None, False)],
)
def test_placement_higher_is_better(score, medal, above):
    placement = place_score(score, T, lower_is_better=False)
    assert (placement.medal, placement.above_median) == (medal, above)


def test_placement_lower_is_better_and_equal_thresholds():
    t = Thresholds(gold=1.0, silver=1.0, bronze=1.0, median=2.0)
    assert place_score(1.0, t, lower_is_better=True).medal == "gold"
    assert place_score(1.5, t, lower_is_better=True).medal is None
    assert place_score(1.5, t, lower_is_better=True).above_median
    assert not place_score(2.0, t, lower_is_better=True).above_median


def test_scores_are_compared_after_rounding_to_5_decimals():
    assert place_score(0.899996, T, lower_is_better=False).medal == "gold"
    assert place_score(0.899994, T, lower_is_better=False).medal == "silver"


def test_pass_levels():
    silver = place_score(0.85, T, lower_is_better=False)
    assert reaches("valid", True, silver) and reaches("above_median", True, silver)
    assert reaches("bronze", True, silver) and reaches("silver", True, silver)
    assert not reaches("gold", True, silver)
    assert not reaches("valid", False, silver)
    with pytest.raises(ValueError, match="pass level"):
        reaches("platinum", True, silver)
