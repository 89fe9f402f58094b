"""Mean ± standard error over seeds, per set, and the --mle-fail-under gate."""

import math
from dataclasses import replace

import pytest

from pytest_mlebench.reports.figures import figure, figure_lines, gate_failures, parse_fail_under, set_figures
from tests.unit.reports.test_reporting import BASE


def run(cid, seed, medal=None, valid=True, sets=("low", "lite")):
    return replace(BASE, competition_id=cid, seed=seed, medal=medal, valid_submission=valid,
                   above_median=medal is not None, sets=sets, score=0.5 if valid else None)


# seed 0: 2 of 4 medals (50%); seed 1: 1 of 4 (25%); seed 2: 3 of 4 (75%)
MEDALS = {0: ["gold", "bronze", None, None], 1: ["silver", None, None, None], 2: ["gold", "gold", "bronze", None]}
RESULTS = [run(f"c{i}", seed, medal) for seed, medals in MEDALS.items() for i, medal in enumerate(medals)]


def test_mean_and_standard_error_over_seeds():
    fig = figure(RESULTS, "lite", "any_medal")
    assert fig.mean == pytest.approx(0.5) and fig.seeds == 3 and fig.competitions == 4
    # sample sd of (0.5, 0.25, 0.75) is 0.25; over sqrt(3)
    assert fig.sem == pytest.approx(0.25 / math.sqrt(3))
    assert fig.text() == "50.0 ± 14.4%"


def test_incomplete_seeds_are_left_out():
    partial = RESULTS + [run("c0", 3, "gold")]  # seed 3 was interrupted after one competition
    assert figure(partial, "lite", "any_medal") == figure(RESULTS, "lite", "any_medal")


def test_single_seed_has_no_error_bar_and_sets_are_separate():
    results = [run("a", 0, "gold"), run("b", 0, None), run("s", 0, None, sets=("starter",))]
    table = set_figures(results)
    assert set(table) == {"lite", "starter", "all"}
    assert table["lite"]["any_medal"].mean == 0.5 and table["lite"]["any_medal"].sem is None
    assert table["all"]["any_medal"].mean == pytest.approx(1 / 3)
    assert figure_lines(results)[1].split()[:3] == ["lite", "2", "1"]


def test_fail_under_parsing_and_gates():
    assert parse_fail_under("any_medal=0.2, valid=1.0") == {"any_medal": 0.2, "valid": 1.0}
    for bad, message in [("medals=0.2", "FIGURE=FRACTION"), ("valid=lots", "not a number"), ("valid=20", "between 0 and 1")]:
        with pytest.raises(ValueError, match=message):
            parse_fail_under(bad)
    assert gate_failures(RESULTS, {"any_medal": 0.5, "valid": 1.0}) == []
    assert gate_failures(RESULTS, {"any_medal": 0.6}) == ["any_medal is 50.0%, below the required 60.0%"]
