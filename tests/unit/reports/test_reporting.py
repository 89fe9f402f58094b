"""Reports built from run records: the table, totals, warnings and the MLE-bench JSON format."""

from dataclasses import replace

from pytest_mlebench.records import RunResult
from pytest_mlebench.reports.json_report import grading_report
from pytest_mlebench.reports.junit import junit_properties, result_from_properties
from pytest_mlebench.reports.terminal import summary_lines, totals

BASE = RunResult(
    competition_id="c1", agent="a", seed=0, score=0.9, valid_submission=True, submission_exists=True, error=None,
    medal="gold", above_median=True, gold_threshold=0.9, silver_threshold=0.8, bronze_threshold=0.7,
    median_threshold=0.5, is_lower_better=False, leaderboard="kaggle", num_teams=100, sets=("low", "lite"),
    domains=("tabular",), known_issues=(), time_limit=60.0, agent_seconds=12.0, timed_out=False, exit_code=0,
    killed_processes=0, sandbox="local", isolation="bwrap", network=False, prepare_seconds=0.1, setup_seconds=0.1,
    grading_seconds=0.1, run_dir="/r", submission_path="/r/s.csv", log_path="/r/log", created_at="2026-01-01T00:00:00+00:00",
)
INVALID = replace(BASE, competition_id="c2", score=None, valid_submission=False, medal=None, above_median=False,
                  error="invalid submission: 3 id(s) missing", timed_out=True)
UNRANKED = replace(BASE, competition_id="c3", medal=None, leaderboard="unavailable", gold_threshold=None,
                   known_issues=("labels leak through a column",), isolation="none")


def test_totals_count_medals_and_validity():
    t = totals([BASE, INVALID, replace(BASE, competition_id="c4", medal="bronze")])
    assert (t.runs, t.valid, t.gold, t.bronze, t.medals, t.above_median) == (3, 2, 1, 1, 2, 2)
    assert round(t.percent(t.medals), 1) == 66.7


def test_summary_table_reasons_and_warnings():
    lines = summary_lines([UNRANKED, INVALID, BASE])
    text = "\n".join(lines)
    assert lines[0].split()[:4] == ["competition", "seed", "score", "medal"]
    assert lines[2].startswith("c1") and "gold" in lines[2] and "12s/60s" in lines[2]
    assert "timed out" in lines[3] and "n/a" in lines[4]
    assert "runs: 3   valid: 66.7%   above median: 66.7%   any medal: 33.3%   gold: 1" in text
    assert "c2: invalid submission: 3 id(s) missing" in text
    assert "known issue of c3: labels leak through a column" in text
    assert "medals are unavailable" in text and "WARNING: 1 competition(s) ran WITHOUT isolation (--mle-sandbox none)" in text


def test_json_report_has_mle_bench_totals_and_fields():
    report = grading_report([BASE, INVALID], agent="a")
    assert report["total_runs"] == 2 and report["total_valid_submissions"] == 1
    assert report["total_runs_with_submissions"] == 2 and report["total_gold_medals"] == 1
    first = report["competition_reports"][0]
    assert first["any_medal"] and first["gold_medal"] and not first["silver_medal"]


def test_properties_carry_the_whole_record():
    props = junit_properties(INVALID)
    assert dict(props)["score"] == "" and dict(props)["valid_submission"] is False
    assert result_from_properties(props) == INVALID
