"""--mle-shard, the shared run folder and `pytest-mlebench merge`, in fresh pytest processes on the tiny competitions."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import pytest

from pytest_mlebench.cli import main
from tests.support import merge_compare
from tests.unit.plugin.test_plugin import project, run  # noqa: F401  (the fixture)


def selected(result) -> list[str]:
    return sorted(line.split("[")[1].rstrip("]") for line in result.stdout.lines if "test_competition[" in line)


def test_shards_partition_the_selection_left_by_k(project):
    everything = selected(run(project, "--collect-only", "-q", "--mle-seeds=4", "-k", "labels"))
    shards = [selected(run(project, "--collect-only", "-q", "--mle-seeds=4", "-k", "labels", f"--mle-shard={i}/3"))
              for i in range(3)]
    assert len(everything) == 4 and sorted(sum(shards, [])) == everything
    assert sorted(len(s) for s in shards) == [1, 1, 2]
    again = selected(run(project, "--collect-only", "-q", "--mle-seeds=4", "-k", "labels", "--mle-shard=2/3"))
    assert again == shards[2]
    result = run(project, "--collect-only", "-q", "--mle-seeds=4", "-k", "labels", "--mle-shard=0/3")
    result.stdout.fnmatch_lines([f"*{8 - len(shards[0])} deselected*"])  # -k's and the shard's, one count


def test_the_environment_gives_the_shard_and_the_command_line_wins(project, monkeypatch):
    by_option = selected(run(project, "--collect-only", "-q", "--mle-seeds=2", "--mle-shard=1/2"))
    monkeypatch.setenv("MLEBENCH_SHARD", "1/2")
    assert selected(run(project, "--collect-only", "-q", "--mle-seeds=2")) == by_option
    assert selected(run(project, "--collect-only", "-q", "--mle-seeds=2", "--mle-shard=0/2")) != by_option
    monkeypatch.delenv("MLEBENCH_SHARD")
    project.makepyprojecttoml("[tool.pytest.ini_options]\nmle_collect = true\nmle_shard = \"1/2\"\n")
    assert selected(run(project, "--collect-only", "-q", "--mle-seeds=2")) == by_option


@pytest.mark.parametrize("value, says", [
    ("3/2", "shard 3 does not exist among 2"), ("x/4", "takes I/N"), ("0/0", "number of shards must be 1 or more")])
def test_bad_shards_are_usage_errors_that_say_the_form(project, monkeypatch, value, says):
    for args, env in (([f"--mle-shard={value}"], None), ([], value)):
        if env:
            monkeypatch.setenv("MLEBENCH_SHARD", env)
        result = run(project, "--agent=dummy", *args)
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines([f"*{says}*e.g. --mle-shard=0/4*"])


def test_shard_list_needs_the_number_of_shards(project):
    result = run(project, "--agent=dummy", "--mle-shard-list")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--mle-shard-list prints the plan of --mle-shard=I/N*e.g. --mle-shard-list --mle-shard=0/4*"])


def test_shard_list_prints_the_plan_and_runs_nothing_even_with_xdist(project):
    runs = project.path / "runs"
    result = run(project, "--agent=dummy", "--mle-seeds=2", "--mle-shard=1/2", "--mle-shard-list", "-n", "2",
                 f"--mle-run-dir={runs}")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines([
        "4 runs in 2 shard(s), expected 4 min in all (time limits plus data handling)",
        "shard 0/2: 2 run(s), expected 2 min",
        "    tiny-labels-seed0  (1 min)",
        "    tiny-regression-seed0  (1 min)",
        "shard 1/2: 2 run(s), expected 2 min  <- this shard",
        "    tiny-labels-seed1  (1 min)",
        "    tiny-regression-seed1  (1 min)",
    ])
    assert "passed" not in result.stdout.str() and not list(runs.glob("*/result.json"))


def merge(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()  # what the pytest runs before printed
    code = main(["merge", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_two_shards_merged_give_the_reports_of_one_local_session(project, capsys):
    """The same 6 runs, once locally and as 2 shards (one of them under xdist) sharing a run folder:
    the merge's JSON report, JUnit file, HTML page and summary equal the local session's, field by field,
    but for the timings, places and hosts named in tests/support/merge_compare.py."""
    common = ["--agent=dummy", "--mle-seeds=3"]
    local = run(project, *common, "--mle-run-dir=local", "--mle-report=local.json", "--junitxml=local.xml",
                "--mle-html=local.html")
    local.assert_outcomes(passed=6)
    for i, extra in ((0, []), (1, ["-n", "2"])):
        shard = run(project, *common, f"--mle-shard={i}/2", "--mle-run-dir=shared", f"--mle-report=shard{i}.json", *extra)
        shard.assert_outcomes(passed=3)
    path = project.path
    code, out = merge(capsys, path / "shared", "--mle-report", path / "merged.json", "--junitxml", path / "merged.xml",
                      "--mle-html", path / "merged.html")
    assert code == 0, out
    merged = json.loads((path / "merged.json").read_text())
    merge_compare.assert_same_json_report(json.loads((path / "local.json").read_text()), merged)
    merge_compare.assert_same_junit(path / "local.xml", path / "merged.xml")
    merge_compare.assert_same_html(path / "local.html", path / "merged.html")
    assert merge_compare.merge_summary(out) == merge_compare.session_summary(local.stdout.str())
    shards = merged["shards"]
    assert [s["shard"] for s in shards] == ["0/2", "1/2"] and all(s["graded"] == s["runs"] == 3 for s in shards)
    for s in shards:
        assert s["host"] and s["machine"]["cpus"] and s["started_at"] <= s["ended_at"] and "usage" in s
    # the shards' reports instead of their folder: the same merge
    code, _ = merge(capsys, path / "shard0.json", path / "shard1.json", "--mle-report", path / "from-reports.json")
    assert code == 0
    merge_compare.assert_same_json_report(json.loads((path / "local.json").read_text()),
                                          json.loads((path / "from-reports.json").read_text()))


def test_runs_skipped_alike_by_the_local_session_and_the_shards_are_left_out_alike(project, capsys, monkeypatch, tmp_path):
    """A competition whose data is on no machine (it needs Kaggle's raw files) is skipped by the local session
    and by its shard: the merge leaves it out of the figures as the session does, and its JUnit file lists it as
    skipped with the same reason."""
    import shutil

    from tests.support.paths import FIXTURES_ROOT

    definitions = tmp_path / "competitions"
    shutil.copytree(FIXTURES_ROOT / "competitions", definitions)
    raw = definitions / "tiny-raw"
    shutil.copytree(definitions / "tiny-labels", raw)
    toml = raw / "competition.toml"
    toml.write_text(toml.read_text().replace('id = "tiny-labels"', 'id = "tiny-raw"') + '\n[data]\nraw_files = ["train.csv"]\n')
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(definitions))
    for name in ("KAGGLE_USERNAME", "KAGGLE_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KAGGLE_CONFIG_DIR", str(tmp_path / "no-kaggle"))
    common = ["--agent=dummy", "--mle-seeds=2"]
    local = run(project, *common, "--mle-run-dir=local", "--mle-report=local.json", "--junitxml=local.xml")
    local.assert_outcomes(passed=4, skipped=2)
    for i in range(2):
        run(project, *common, f"--mle-shard={i}/2", "--mle-run-dir=shared").assert_outcomes(passed=2, skipped=1)
    path = project.path
    code, out = merge(capsys, path / "shared", "--mle-report", path / "merged.json", "--junitxml", path / "merged.xml")
    assert code == 0, out
    merge_compare.assert_same_json_report(json.loads((path / "local.json").read_text()),
                                          json.loads((path / "merged.json").read_text()),
                                          skipped=("tiny-raw-seed0", "tiny-raw-seed1"))
    merge_compare.assert_same_junit(path / "local.xml", path / "merged.xml")
    assert "runs skipped by their shard, left out as a local session leaves them (2):" in out


def test_a_lost_shard_is_named_and_counted_as_no_medal(project, capsys):
    run(project, "--agent=dummy", "--mle-seeds=2", "--mle-shard=0/2", "--mle-run-dir=shared").assert_outcomes(passed=2)
    path = project.path
    code, out = merge(capsys, path / "shared", "--mle-report", path / "m.json", "--junitxml", path / "m.xml")
    assert code == 1
    report = json.loads((path / "m.json").read_text())
    lost = "no record of shard 1/2 was found (lost or never ran)"
    assert report["missing_runs"] == [f"tiny-labels-seed1: {lost}", f"tiny-regression-seed1: {lost}"]
    assert report["total_runs"] == 4 and report["total_valid_submissions"] == 2
    assert report["figures"]["all"]["valid"]["mean"] == 0.5  # both seeds complete, each with one run missing
    stand_ins = [r for r in report["competition_reports"] if r["isolation"] == "missing"]
    assert [(r["competition_id"], r["seed"], r["any_medal"], r["valid_submission"]) for r in stand_ins] == [
        ("tiny-labels", 1, False, False), ("tiny-regression", 1, False, False)]
    assert "missing runs, counted as no medal (2):" in out and f"  tiny-labels-seed1: {lost}" in out
    suite = ET.parse(path / "m.xml").getroot().find("testsuite")
    assert suite.get("failures") == "2" and suite.get("tests") == "4"
    # the merged report merged again (with the one shard's folder once more) gives the same report
    code, _ = merge(capsys, path / "m.json", path / "shared", "--mle-report", path / "again.json")
    again = json.loads((path / "again.json").read_text())
    assert code == 1 and {k: v for k, v in again.items() if k != "merged_from"} == \
        {k: v for k, v in report.items() if k != "merged_from"}


def test_a_rerun_of_a_shard_with_resume_skips_what_is_graded(project):
    args = ["--agent=dummy", "--mle-seeds=2", "--mle-shard=1/2", "--mle-run-dir=shared"]
    run(project, *args).assert_outcomes(passed=2)
    first = {p.parent.name: p.read_text() for p in (project.path / "shared").glob("*/result.json")}
    run(project, *args, "--mle-resume").assert_outcomes(passed=2)
    assert {p.parent.name: p.read_text() for p in (project.path / "shared").glob("*/result.json")} == first


HOLDER = textwrap.dedent("""
    import sys, time
    from pytest_mlebench.runs.claim import claim_run
    claim = claim_run(sys.argv[1], "tiny-labels-seed0", shard="0/2")
    print("held", flush=True)
    time.sleep(60)
""")


def test_a_run_another_machine_holds_is_not_written_twice(project, capsys):
    shared = project.path / "shared"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(shared)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run(project, "--agent=dummy", "--mle-shard=0/1", f"--mle-run-dir={shared}", "-rs")
        result.assert_outcomes(passed=1, skipped=1)
        result.stdout.fnmatch_lines([f"*claimed elsewhere: tiny-labels-seed0 is being run by host * pid {holder.pid}, "
                                     "shard 0/2 since *"])
        assert not (shared / "tiny-labels-seed0").exists()
    finally:
        holder.kill()
        holder.wait()
    record = json.loads((shared / "shards" / "0-of-1.json").read_text())
    assert record["outcomes"]["tiny-labels-seed0"].startswith("claimed: tiny-labels-seed0 is being run by host")
    code, out = merge(capsys, shared)
    assert code == 1 and "tiny-labels-seed0: shard 0/1 reported it as 'claimed:" in out  # its holder never finished


def test_reports_of_separate_sessions_are_aligned_by_seed_ordinal(project, capsys):
    for name in ("day1", "day2"):
        run(project, "--agent=dummy", f"--mle-run-dir={name}", f"--mle-report={name}.json").assert_outcomes(passed=2)
    path = project.path
    code, out = merge(capsys, path / "day1.json", path / "day2.json", path / "day1", "--mle-report", path / "m.json")
    assert code == 0, out
    report = json.loads((path / "m.json").read_text())
    assert [(r["competition_id"], r["seed"]) for r in report["competition_reports"]] == [
        ("tiny-labels", 0), ("tiny-labels", 1), ("tiny-regression", 0), ("tiny-regression", 1)]  # day1 counted once
    assert report["figures"]["all"]["valid"]["seeds"] == 2


def test_merge_refuses_what_it_cannot_merge(project, capsys, tmp_path):
    code, out = merge(capsys, tmp_path / "nowhere")
    assert code == 2 and "nowhere does not exist; pass run folders" in out
    code, out = merge(capsys, tmp_path)
    assert code == 2 and "no run record (*/result.json) nor shard record (shards/*.json)" in out
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    code, out = merge(capsys, bad)
    assert code == 2 and "not a JSON report of this harness" in out


def test_run_folders_of_sessions_without_shards_name_no_machine(project, capsys):
    """Without a shard record nor a report, nothing says what ran the runs: the merged report says so (None),
    rather than give the merging machine's."""
    run(project, "--agent=dummy", "--mle-run-dir=plain").assert_outcomes(passed=2)
    code, _ = merge(capsys, project.path / "plain", "--mle-report", project.path / "m.json")
    report = json.loads((project.path / "m.json").read_text())
    assert code == 0 and report["machine"] is None and report["shards"] == [] and report["plan"] is None
