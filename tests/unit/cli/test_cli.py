"""The pytest-mlebench command line."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pytest_mlebench.cli import PrepareProgress, main
from tests.support.paths import FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT / "competitions"


@pytest.fixture
def fixture_competitions(monkeypatch, tmp_path):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(FIXTURES))
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(tmp_path / "cache"))


def test_list_json_has_the_catalog_fields(fixture_competitions, capsys):
    assert main(["list", "--json"]) == 0
    records = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(records) == {"tiny-labels", "tiny-regression"}
    tiny = records["tiny-regression"]
    assert tiny["split"] == "starter" and tiny["domains"] == ["tabular"] and tiny["metric"] == "rmse"
    assert tiny["lower_is_better"] is True and tiny["num_teams"] == 10
    assert (tiny["gold_threshold"], tiny["silver_threshold"], tiny["bronze_threshold"], tiny["median_threshold"]) == (0.1, 0.5, 1.0, 2.0)
    assert tiny["prepared_from"] == "raw data"  # the fixture folder has its own prepare.py


def test_list_table(fixture_competitions, capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "tiny-labels" in out and "2 competitions; 2 prepared by us from Kaggle's raw files" in out


def test_grade_prints_score_medal_and_thresholds(fixture_competitions, tmp_path, capsys):
    assert main(["prepare", "tiny-regression"]) == 0
    answers = tmp_path / "cache" / "tiny-regression" / "prepared" / "private" / "answers.csv"
    submission = tmp_path / "perfect.csv"
    pd.read_csv(answers).to_csv(submission, index=False)
    capsys.readouterr()
    assert main(["grade", str(submission), "--competition", "tiny-regression", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["score"] == 0.0 and record["valid_submission"] and record["medal"] == "gold"
    assert record["gold_threshold"] == 0.1 and record["median_threshold"] == 2.0


def test_grade_against_an_explicit_answers_file(fixture_competitions, tmp_path, capsys):
    answers = tmp_path / "elsewhere" / "test.csv"
    answers.parent.mkdir()
    answers.write_text("id,y\na,1\nb,2\n")
    submission = tmp_path / "s.csv"
    submission.write_text("id,y\na,1\nb,4\n")
    assert main(["grade", str(submission), "--competition", "tiny-regression", "--answers", str(answers), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["score"] == pytest.approx(1.41421)


def test_grade_of_an_invalid_submission_says_why(fixture_competitions, tmp_path, capsys):
    main(["prepare", "tiny-regression"])
    submission = tmp_path / "bad.csv"
    submission.write_text("id,y\nr050,1\n")
    capsys.readouterr()
    assert main(["grade", str(submission), "--competition", "tiny-regression"]) == 1
    out = capsys.readouterr().out
    assert "invalid submission: 19 id(s) missing" in out and "valid_submission   False" in out


def test_unknown_competition_is_a_clear_error(fixture_competitions, tmp_path, capsys):
    assert main(["grade", str(tmp_path / "x.csv"), "--competition", "nope"]) == 2
    assert "unknown competition 'nope'" in capsys.readouterr().err


def test_prepare_list_says_what_is_prepared(fixture_competitions, capsys):
    main(["prepare", "--split", "starter"])
    capsys.readouterr()
    assert main(["prepare", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("tiny-labels" in line and "prepared" in line and "not" not in line for line in lines)


def test_console_script_is_installed(fixture_competitions):
    script = Path(sys.executable).parent / "pytest-mlebench"
    result = subprocess.run([str(script), "list", "--json"], capture_output=True, text=True, env=os.environ)
    assert result.returncode == 0 and "tiny-labels" in result.stdout


def test_grade_jsonl_writes_mle_bench_grading_report(fixture_competitions, tmp_path, capsys):
    main(["prepare", "tiny-regression", "tiny-labels"])
    answers = tmp_path / "cache" / "tiny-regression" / "prepared" / "private" / "answers.csv"
    perfect = tmp_path / "perfect.csv"
    pd.read_csv(answers).to_csv(perfect, index=False)
    lines = [
        json.dumps({"competition_id": "tiny-regression", "submission_path": str(perfect)}),
        "# a commented-out line, skipped as MLE-bench does",
        json.dumps({"competition_id": "tiny-labels", "submission_path": str(tmp_path / "missing.csv")}),
    ]
    (tmp_path / "subs.jsonl").write_text("\n".join(lines) + "\n")
    capsys.readouterr()
    assert main(["grade-jsonl", str(tmp_path / "subs.jsonl"), "--output-dir", str(tmp_path / "out")]) == 0
    report = json.loads(next((tmp_path / "out").glob("*_grading_report.json")).read_text())
    assert (report["total_runs"], report["total_runs_with_submissions"], report["total_valid_submissions"]) == (2, 1, 1)
    assert report["total_gold_medals"] == 1 and report["total_medals"] == 1
    first, second = report["competition_reports"]
    assert first["gold_medal"] and first["score"] == 0.0 and not second["valid_submission"]


def test_grade_jsonl_rejects_malformed_lines(fixture_competitions, tmp_path, capsys):
    (tmp_path / "subs.jsonl").write_text('{"competition_id": "tiny-labels"}\n')
    assert main(["grade-jsonl", str(tmp_path / "subs.jsonl")]) == 2
    assert 'subs.jsonl:1: each line must be a JSON object with "competition_id" and "submission_path"' in capsys.readouterr().err


def test_prepare_list_says_what_the_cache_holds(fixture_competitions, capsys):
    main(["prepare", "tiny-labels"])
    capsys.readouterr()
    assert main(["prepare", "--list"]) == 0
    states = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines())
    assert states == {"tiny-labels": "prepared (no md5s to verify)", "tiny-regression": "not prepared"}


def test_prepare_from_an_mlebench_data_dir(monkeypatch, tmp_path, capsys):
    from tests.unit.data.test_data import KAGGLE_LIKE, mlebench_data_dir

    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(KAGGLE_LIKE.parent))
    data_dir = mlebench_data_dir(tmp_path / "mle-data")
    cache = str(tmp_path / "cache")
    assert main(["prepare", "tiny-kaggle", "--data-dir", str(data_dir), "--cache-dir", cache]) == 0
    out = capsys.readouterr().out
    assert "[1/1] tiny-kaggle: verified in place in" in out and str((data_dir / "tiny-kaggle" / "prepared").resolve()) in out
    assert main(["prepare", "--split", "dev", "--data-dir", str(data_dir), "--cache-dir", cache]) == 0
    assert "tiny-kaggle: already verified in place" in capsys.readouterr().out
    assert main(["prepare", "--list", "--cache-dir", cache]) == 0
    assert f"MLE-bench data dir {(data_dir / 'tiny-kaggle' / 'prepared').resolve()}: verified" in capsys.readouterr().out


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_prepare_progress_draws_bars_on_a_terminal_and_lines_elsewhere():
    terminal = Terminal()
    shown = PrepareProgress(total=2, stream=terminal)
    shown.starting("a")
    shown.downloading("a")(1 << 20, 4 << 20)
    shown.finished("a: prepared")
    text = terminal.getvalue()
    assert "\r[" + "." * 30 + "] 0/2  preparing a" in text
    assert "\r[" + "#" * 7 + "." * 23 + "] downloading a: 1.0 MiB of 4.0 MiB" in text  # a quarter of 30 is 7.5
    assert text.endswith("[1/2] a: prepared\n")

    plain = io.StringIO()
    shown = PrepareProgress(total=1, stream=plain)
    shown.starting("b")
    callback = shown.downloading("b")
    for done in range(0, 11 << 20, 1 << 19):  # every half MiB of 10 MiB: one line per tenth
        callback(min(done, 10 << 20), 10 << 20)
    shown.finished("b: prepared")
    lines = plain.getvalue().splitlines()
    assert lines[0] == "b: downloading from Kaggle: 0%, 0.0 MiB of 10.0 MiB"
    assert lines[-2] == "b: downloading from Kaggle: 100%, 10.0 MiB of 10.0 MiB" and len(lines) == 12
    assert lines[-1] == "[1/1] b: prepared" and "\r" not in plain.getvalue()


def test_prepare_reports_a_refusing_prepare_py_in_one_line_and_goes_on(monkeypatch, tmp_path, capsys):
    import shutil

    folder = tmp_path / "defs"
    for name in ("tiny-labels", "tiny-regression"):
        shutil.copytree(FIXTURES_ROOT / "competitions" / name, folder / name)
    prepare_py = folder / "tiny-regression" / "prepare.py"
    prepare_py.write_text(prepare_py.read_text() + "\n    raise ValueError('no train.csv of 15 rows here')\n")
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(folder))
    assert main(["prepare", "tiny-regression", "tiny-labels", "--cache-dir", str(tmp_path / "cache")]) == 1
    captured = capsys.readouterr()
    assert "tiny-regression: not prepared: tiny-regression: the raw data in None cannot be prepared: ValueError: " \
           "no train.csv of 15 rows here" in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err
    assert "tiny-labels: prepared" in captured.out + captured.err
