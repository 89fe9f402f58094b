"""The plugin end to end, in fresh pytest processes: collection, agents, grading, reports."""

import json
import os
import re
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support.paths import FIXTURES_ROOT
from tests.support.projects import write_agent

FIXTURES = FIXTURES_ROOT / "competitions"


@pytest.fixture
def project(pytester, monkeypatch, tmp_path_factory):
    """A user's project: the two tiny competitions, a private data cache, collection on."""
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(FIXTURES))
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\nmle_collect = true\n")
    pytester.path.chmod(0o755)  # the agent's folder: readable by the agent's uid when the harness is root
    return pytester


def run(pytester, *args):
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def test_collect_only_lists_one_item_per_competition(project):
    result = run(project, "--collect-only", "-q")
    result.stdout.fnmatch_lines(["mlebench::test_competition[tiny-labels]", "mlebench::test_competition[tiny-regression]"])


def test_plugin_stays_dormant_without_agent_or_opt_in(pytester, monkeypatch):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(FIXTURES))
    pytester.makepyfile(test_other="def test_ok():\n    pass\n")
    result = run(pytester, "-q")
    result.assert_outcomes(passed=1)


def test_items_are_skipped_without_agent_with_a_reason(project):
    result = run(project, "-rs")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*no agent to evaluate: name one with --agent=NAME*"])


@pytest.mark.parametrize(
    "selection, expected",
    [(["-m", "starter"], 2), (["-m", "vision"], 1), (["-k", "regression"], 1), (["-m", "tabular and not vision"], 1)],
)
def test_markers_and_keywords_select_competitions(project, selection, expected):
    result = run(project, "--collect-only", "-q", "--strict-markers", *selection)
    assert sum("test_competition[" in line for line in result.stdout.lines) == expected


@pytest.mark.parametrize("testpaths", ["testpaths = ['tests']\n", ""], ids=["testpaths", "no-testpaths"])
def test_a_benchmark_run_collects_competitions_only_unless_paths_are_given(project, testpaths):
    """`--agent` without path arguments: neither the project's testpaths nor its folder is collected,
    so `-k` picks competitions only; `pytest --agent=X tests` still collects the tests asked for."""
    project.makepyprojecttoml(f"[tool.pytest.ini_options]\nmle_collect = true\n{testpaths}")
    (project.path / "tests").mkdir()
    (project.path / "tests" / "test_unit.py").write_text("def test_regression_unit():\n    pass\n")
    benchmark = run(project, "--agent=dummy", "-k", "regression", "--collect-only", "-q")
    assert [line for line in benchmark.stdout.lines if "::" in line] == ["mlebench::test_competition[tiny-regression]"]
    asked = run(project, "--agent=dummy", "-k", "regression", "--collect-only", "-q", "tests")
    assert sorted(line for line in asked.stdout.lines if "::" in line) == [
        "mlebench::test_competition[tiny-regression]", "tests/test_unit.py::test_regression_unit"]


def test_dummy_agent_end_to_end_with_reports(project):
    report = project.path / "report.json"
    junit = project.path / "junit.xml"
    result = run(project, "--agent=dummy", f"--mle-report={report}", f"--junitxml={junit}")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*mlebench results: agent dummy*", "competition*score*medal*", "runs: 2*valid: 100.0%*"])

    data = json.loads(report.read_text())
    assert data["total_runs"] == 2 and data["total_valid_submissions"] == 2 and data["agent"] == "dummy"
    by_id = {r["competition_id"]: r for r in data["competition_reports"]}
    assert by_id["tiny-labels"]["score"] == 0.3  # the sample says "no" for every row; 6 of 20 are "no"
    for key in ("gold_threshold", "silver_threshold", "bronze_threshold", "median_threshold", "any_medal",
                "gold_medal", "above_median", "submission_exists", "valid_submission", "is_lower_better",
                "created_at", "submission_path", "seed", "agent_seconds", "sandbox"):
        assert key in by_id["tiny-regression"], key

    cases = {c.get("name"): c for c in ET.parse(junit).getroot().iter("testcase")}
    props = {p.get("name"): p.get("value") for p in cases["test_competition[tiny-labels]"].iter("property")}
    assert props["score"] == "0.3" and props["valid_submission"] == "True" and props["gold_threshold"] == "1.0"


def test_pass_level_fails_with_score_thresholds_and_paths(project):
    result = run(project, "--agent=dummy", "--mle-pass=gold", "-k", "labels")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*tiny-labels: the run did not reach --mle-pass=gold*",
        "*score: 0.3*higher is better*",
        "*thresholds: gold 1.0  silver 0.95  bronze 0.9  median 0.6*",
        "*submission: */submission/submission.csv*",
        "*agent log: */logs/agent.log*",
    ])


def test_broken_submission_is_an_invalid_run_not_a_crash(project):
    agent = write_agent(project, "broken", """
        import os
        with open(os.environ["MLEBENCH_SUBMISSION_PATH"], "w") as f:
            f.write("id,label\\nl040,yes\\nl040,yes\\n")
    """)
    result = run(project, f"--agent={agent}", "-k", "labels")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*invalid submission: duplicate id(s) in 'id'*"])


def test_time_limit_kills_the_agent_and_grades_what_exists(project):
    agent = write_agent(project, "slow", """
        import os, shutil, time
        shutil.copy(os.path.join(os.environ["MLEBENCH_DATA_DIR"], "sample_submission.csv"),
                    os.environ["MLEBENCH_SUBMISSION_PATH"])
        time.sleep(600)
    """)
    report = project.path / "r.json"
    result = run(project, f"--agent={agent}", "--mle-time-limit=3", f"--mle-report={report}", "-k", "labels")
    result.assert_outcomes(passed=1)
    record = json.loads(report.read_text())["competition_reports"][0]
    assert record["timed_out"] and record["valid_submission"] and record["agent_seconds"] < 15


def test_agent_cannot_read_the_private_answers(project):
    from pytest_mlebench.sandbox.bwrap import bwrap_available

    if not bwrap_available():
        pytest.skip("bubblewrap is not usable here; the summary warns instead")
    answers = Path(os.environ["MLEBENCH_CACHE_DIR"]) / "tiny-labels" / "prepared" / "private" / "answers.csv"
    agent = write_agent(project, "peek", """
        import glob, os, shutil
        data = os.environ["MLEBENCH_DATA_DIR"]
        targets = [os.path.join(os.path.realpath(data), "..", "private", "answers.csv"), os.environ["ANSWERS"]]
        targets += glob.glob("/root/.cache/**/answers.csv", recursive=True)
        for target in targets:
            try:
                open(target).read()
                print("READ", target)
            except OSError as exc:
                print("DENIED", target, exc)
        shutil.copy(os.path.join(data, "sample_submission.csv"), os.environ["MLEBENCH_SUBMISSION_PATH"])
    """, env={"ANSWERS": str(answers)})
    result = run(project, f"--agent={agent}", "-k", "labels")
    result.assert_outcomes(passed=1)
    run_root = next(line.split("run folders: ")[1] for line in result.stdout.lines if "run folders: " in line)
    text = (Path(run_root) / "tiny-labels-seed0" / "logs" / "agent.log").read_text()
    assert "DENIED" in text and "READ" not in text, text


def test_results_are_identical_with_xdist(project):
    plain, parallel = project.path / "plain.json", project.path / "parallel.json"
    run(project, "--agent=dummy", f"--mle-report={plain}").assert_outcomes(passed=2)
    result = run(project, "--agent=dummy", "-n", "2", f"--mle-report={parallel}")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*mlebench results: agent dummy*", "runs: 2*valid: 100.0%*"])
    varying = {"agent_seconds", "setup_seconds", "grading_seconds", "prepare_seconds", "created_at", "run_dir",
               "submission_path", "log_path", "killed_processes"}

    def stable(path):
        data = json.loads(path.read_text())
        data["competition_reports"] = [{k: v for k, v in r.items() if k not in varying} for r in data["competition_reports"]]
        return data

    assert stable(plain) == stable(parallel)


def test_unknown_agent_is_a_usage_error(project):
    result = run(project, "--agent=nobody")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown agent 'nobody'*Known agents: baseline, dummy*"])


def test_bad_option_values_are_usage_errors(project):
    result = run(project, "--agent=dummy", "--mle-memory-limit=lots")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--mle-memory-limit takes a size such as 8G*"])


def test_command_line_wins_over_ini(project):
    project.makepyprojecttoml('[tool.pytest.ini_options]\nmle_collect = true\nmle_agent = "dummy"\nmle_pass = "gold"\n')
    run(project, "-k", "labels").assert_outcomes(failed=1)  # agent and pass level from the ini file
    run(project, "-k", "labels", "--mle-pass=valid").assert_outcomes(passed=1)


def test_agent_registered_by_another_package(project):
    """An installed package can offer agents through the `pytest_mlebench.agents` entry-point group."""
    dist = project.path / "fakeagents-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fakeagents\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[pytest_mlebench.agents]\ncopier = fakeagents:copier\n")
    (project.path / "fakeagents.py").write_text(textwrap.dedent('''
        import sys
        def copier():
            script = "import os, shutil; shutil.copy(os.environ['MLEBENCH_DATA_DIR'] + '/sample_submission.csv', os.environ['MLEBENCH_SUBMISSION_PATH'])"
            return {"command": [sys.executable, "-c", script], "time_limit": 30}
    '''))
    report = project.path / "r.json"
    result = run(project, "--agent=copier", f"--mle-report={report}")
    result.assert_outcomes(passed=2)
    records = json.loads(report.read_text())["competition_reports"]
    assert {r["agent"] for r in records} == {"copier"} and {r["time_limit"] for r in records} == {30}


def test_seeds_make_one_item_per_seed_and_report_mean_and_error(project):
    report, junit = project.path / "r.json", project.path / "j.xml"
    result = run(project, "--agent=dummy", "--mle-seeds=2", f"--mle-report={report}", f"--junitxml={junit}", "-v")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*test_competition[[]tiny-labels-seed1[]] PASSED*"])
    result.stdout.fnmatch_lines(["set*competitions*seeds*any medal*above median*valid*",
                                 "starter*2*2*0.0 ± 0.0%*0.0 ± 0.0%*100.0 ± 0.0%*"])
    data = json.loads(report.read_text())
    assert sorted((r["competition_id"], r["seed"]) for r in data["competition_reports"]) == [
        ("tiny-labels", 0), ("tiny-labels", 1), ("tiny-regression", 0), ("tiny-regression", 1)]
    assert data["figures"]["starter"]["valid"] == {"mean": 1.0, "sem": 0.0, "seeds": 2, "competitions": 2}
    suite = {p.get("name"): p.get("value") for p in ET.parse(junit).getroot().iter("property")}
    assert suite["mlebench_runs"] == "4" and suite["mlebench_starter_valid_mean"] == "1.0"


def test_resume_reports_graded_runs_without_running_them_again(project):
    run_dir = project.path / "runs"
    run(project, "--agent=dummy", f"--mle-run-dir={run_dir}").assert_outcomes(passed=2)
    graded = (run_dir / "tiny-labels-seed0" / "result.json").read_text()
    # tiny-regression was "cut off": its folder has a stale submission but no record
    (run_dir / "tiny-regression-seed0" / "result.json").unlink()
    stale = run_dir / "tiny-regression-seed0" / "submission" / "submission.csv"
    stale.write_text("id,y\nbroken\n")
    report = project.path / "r.json"
    result = run(project, "--agent=dummy", f"--mle-run-dir={run_dir}", "--mle-resume", f"--mle-report={report}")
    result.assert_outcomes(passed=2)
    assert (run_dir / "tiny-labels-seed0" / "result.json").read_text() == graded  # not run again
    records = {r["competition_id"]: r for r in json.loads(report.read_text())["competition_reports"]}
    assert records["tiny-regression"]["valid_submission"]  # run again from scratch, stale file gone
    assert records["tiny-labels"]["created_at"] == json.loads(graded)["created_at"]


def test_fail_under_fails_the_session_and_says_which_figure(project):
    result = run(project, "--agent=dummy", "--mle-fail-under=valid=1.0,any_medal=0.5")
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*FAIL --mle-fail-under: any_medal is 0.0%, below the required 50.0%*"])
    assert run(project, "--agent=dummy", "--mle-fail-under=valid=1.0").ret == 0


def test_usage_reported_by_the_agent_is_aggregated(project):
    agent = write_agent(project, "spender", """
        import json, os, shutil
        shutil.copy(os.path.join(os.environ["MLEBENCH_DATA_DIR"], "sample_submission.csv"),
                    os.environ["MLEBENCH_SUBMISSION_PATH"])
        with open("usage.json", "w") as f:  # the work dir is the current directory
            json.dump({"model": "tiny-llm", "input_tokens": 1000, "output_tokens": 50, "cost_usd": 0.25}, f)
    """)
    report = project.path / "r.json"
    result = run(project, f"--agent={agent}", f"--mle-report={report}")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["usage (2 run(s) reporting): 2,000 input tokens, 100 output tokens, $0.50; models: tiny-llm"])
    data = json.loads(report.read_text())
    assert data["usage"]["cost_usd"] == 0.5
    assert data["competition_reports"][0]["usage"]["model"] == "tiny-llm"


GOOD_AGENT = """
    import os
    import numpy as np
    import pandas as pd
    data = os.environ["MLEBENCH_DATA_DIR"]
    train, test = pd.read_csv(f"{data}/train.csv"), pd.read_csv(f"{data}/test.csv")
    if "label" in train:
        prediction = np.where(test["x"] > 5, "yes", "no")
        pd.DataFrame({"id": test["id"], "label": prediction}).to_csv(os.environ["MLEBENCH_SUBMISSION_PATH"], index=False)
    else:
        slope, intercept = np.polyfit(train["x"], train["y"], 1)
        pd.DataFrame({"id": test["id"], "y": slope * test["x"] + intercept}).to_csv(os.environ["MLEBENCH_SUBMISSION_PATH"], index=False)
"""


def test_compare_gates_a_worse_agent_and_passes_the_same_one(project):
    good = write_agent(project, "good", GOOD_AGENT)
    previous = project.path / "previous.json"
    run(project, f"--agent={good}", f"--mle-report={previous}").assert_outcomes(passed=2)

    same = run(project, f"--agent={good}", f"--mle-compare={previous}", "--mle-fail-on-regression")
    assert same.ret == 0
    same.stdout.fnmatch_lines(["*mlebench comparison with*", "competition*previous*now*change*", "tiny-labels*1*1*same*gold*gold*"])

    worse = run(project, "--agent=dummy", f"--mle-compare={previous}", "--mle-fail-on-regression")
    assert worse.ret == 1
    worse.stdout.fnmatch_lines([
        "tiny-labels*1*0.3*-0.7 (worse)*gold*",
        "*FAIL --mle-fail-on-regression: any_medal fell from 100.0% to 0.0% (drop beyond the tolerance of 0.0%)*",
    ])


def test_live_progress_line_and_quiet_mode(project):
    shown = run(project, "--agent=dummy", "-k", "labels")
    shown.stdout.fnmatch_lines(["*[[]mlebench[]] tiny-labels: agent running 0:00:0* / 0:01:00  log: */tiny-labels-seed0/logs/agent.log"])
    quiet = run(project, "--agent=dummy", "-k", "labels", "-q")
    assert "agent running" not in quiet.stdout.str()


def test_missing_forwarded_credential_stops_before_any_run(project, monkeypatch):
    monkeypatch.delenv("MY_MODEL_API_KEY", raising=False)
    agent = write_agent(project, "caller", "print('never runs')\n", forward_env=["MY_MODEL_API_KEY"])
    result = run(project, f"--agent={agent}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*forwards MY_MODEL_API_KEY from your environment, but it is not set; export it*"])


def test_killed_session_resumes_without_redoing_graded_runs(project):
    """Kill pytest (SIGKILL) while the second run's agent works; --mle-resume finishes the job."""
    import signal
    import subprocess
    import time

    agent = write_agent(project, "slowish", """
        import os, shutil, sys, time
        shutil.copy(os.path.join(os.environ["MLEBENCH_DATA_DIR"], "sample_submission.csv"),
                    os.environ["MLEBENCH_SUBMISSION_PATH"])
        if os.environ["MLEBENCH_COMPETITION_ID"] == "tiny-regression" and not os.path.exists(os.environ["DONE_FLAG"]):
            time.sleep(600)  # the first session is killed here
    """, env={"DONE_FLAG": str(project.path / "second-session")})
    run_dir = project.path / "runs"
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--agent={agent}", f"--mle-run-dir={run_dir}"]
    first = subprocess.Popen(args, cwd=project.path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    graded = run_dir / "tiny-labels-seed0" / "result.json"
    deadline = time.monotonic() + 120
    while not (graded.exists() and (run_dir / "tiny-regression-seed0" / "logs").exists()):
        assert time.monotonic() < deadline and first.poll() is None, "the first session never got to its second run"
        time.sleep(0.2)
    first.send_signal(signal.SIGKILL)
    first.wait()
    deadline = time.monotonic() + 10
    while _processes_running("slowish.py") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _processes_running("slowish.py"), "the killed session's agent outlived it"
    before = graded.read_text()
    assert not (run_dir / "tiny-regression-seed0" / "result.json").exists()

    (project.path / "second-session").write_text("")
    report = project.path / "r.json"
    result = run(project, f"--agent={agent}", f"--mle-run-dir={run_dir}", "--mle-resume", f"--mle-report={report}")
    result.assert_outcomes(passed=2)
    assert graded.read_text() == before  # reported from its record, not run again
    records = {r["competition_id"]: r for r in json.loads(report.read_text())["competition_reports"]}
    assert records["tiny-regression"]["valid_submission"] and not records["tiny-regression"]["timed_out"]


def _processes_running(needle: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and needle in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.fixture
def one_needs_raw_data(project, tmp_path_factory, monkeypatch):
    """The two tiny competitions, tiny-regression now needing a raw file that is nowhere; no Kaggle credentials."""
    import shutil

    folder = tmp_path_factory.mktemp("definitions")
    for name in ("tiny-labels", "tiny-regression"):
        shutil.copytree(FIXTURES / name, folder / name)
    toml = folder / "tiny-regression" / "competition.toml"
    toml.write_text(toml.read_text().replace('preparer = "prepare.py"\n', 'preparer = "prepare.py"\n\n[data]\nraw_files = ["train.csv"]\n', 1))
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(folder))
    for name in ("KAGGLE_USERNAME", "KAGGLE_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KAGGLE_CONFIG_DIR", str(tmp_path_factory.mktemp("no-kaggle")))
    return project


@pytest.mark.parametrize("workers", [[], ["-n", "2"]])
def test_preflight_stops_before_the_first_run_when_every_run_lacks_data(one_needs_raw_data, workers):
    result = run(one_needs_raw_data, "--agent=dummy", "-k", "regression", *workers)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(["*pre-flight: every selected run would be skipped or fail*",
                                 "*✗ data*tiny-regression*no data here and no Kaggle credentials*", "*fix: --mle-raw-dir DIR*"])
    assert not re.search(r"\d+ (passed|skipped|failed)", result.stdout.str())  # no item ran


def test_preflight_names_the_runs_that_will_be_skipped_and_goes_on(one_needs_raw_data):
    result = run(one_needs_raw_data, "--agent=dummy")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*pre-flight: these runs will be skipped or fail*", "*✗ data*tiny-regression*"])


def test_preflight_lets_resumed_runs_through_without_data(one_needs_raw_data, tmp_path):
    runs = tmp_path / "runs"
    first = run(one_needs_raw_data, "--agent=dummy", "-k", "labels", f"--mle-run-dir={runs}")
    first.assert_outcomes(passed=1)
    again = run(one_needs_raw_data, "--agent=dummy", "-k", "labels", f"--mle-run-dir={runs}", "--mle-resume")
    again.assert_outcomes(passed=1)
    assert "pre-flight" not in again.stdout.str()
