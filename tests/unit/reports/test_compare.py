"""Comparison with an earlier report and the regression gate."""

from dataclasses import replace

import pytest

from pytest_mlebench.errors import CompareError
from pytest_mlebench.reports.compare import comparison_lines, load_report, regressions
from pytest_mlebench.reports.json_report import write_json_report
from tests.unit.reports.test_aggregates import run


def field(medals_by_seed):
    return [run(f"c{i}", seed, medal) for seed, medals in medals_by_seed.items() for i, medal in enumerate(medals)]


GOOD = field({0: ["gold", "gold", None, None], 1: ["gold", "silver", None, None], 2: ["gold", "gold", "bronze", None]})
SAME = field({0: ["gold", "gold", None, None], 1: ["gold", None, "silver", None], 2: ["gold", "gold", "bronze", None]})
WORSE = field({0: [None, None, None, None], 1: ["bronze", None, None, None], 2: [None, None, None, None]})


def test_a_significant_drop_over_seeds_is_a_regression():
    found = regressions(GOOD, WORSE)
    assert [r.figure for r in found] == ["any_medal", "above_median"]
    assert "one-sided Welch t-test over 3 and 3 seeds" in found[0].text()


def test_noise_is_not_a_regression():
    slightly_worse = field({0: ["gold", None, None, None], 1: ["gold", "silver", None, None], 2: ["gold", "gold", "bronze", None]})
    assert regressions(GOOD, SAME) == []
    assert regressions(GOOD, slightly_worse) == []  # 50/50/75 against 42: not significant at 5%


def test_single_seed_uses_the_tolerance():
    before = [run("a", 0, "gold"), run("b", 0, "gold")]
    after = [run("a", 0, "gold"), run("b", 0, None)]
    assert [r.figure for r in regressions(before, after)] == ["any_medal", "above_median"]
    assert regressions(before, after, tolerance=0.5) == []
    assert "tolerance of 0.0%" in regressions(before, after)[0].text()


def test_only_competitions_in_both_reports_count():
    before = [run("a", 0, "gold"), run("gone", 0, "gold")]
    after = [run("a", 0, "gold"), run("new", 0, None)]
    assert regressions(before, after) == []


def test_comparison_table_says_better_or_worse():
    before = [replace(run("a", 0, "gold"), score=0.9), replace(run("b", 0, None, valid=False))]
    after = [replace(run("a", 0, "silver"), score=0.85), run("b", 0, None)]
    lines = comparison_lines(before, after)
    assert lines[0].split()[:4] == ["competition", "previous", "now", "change"]
    assert "-0.05 (worse)" in lines[2] and "gold" in lines[2] and "silver" in lines[2]
    assert "valid now" in lines[3]


def test_reports_round_trip_and_bad_files_say_what_to_do(tmp_path):
    path = tmp_path / "r.json"
    write_json_report(path, GOOD, "a")
    assert load_report(path) == sorted(GOOD, key=lambda r: (r.competition_id, r.seed))
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(CompareError, match="write one with --mle-report"):
        load_report(tmp_path / "bad.json")
