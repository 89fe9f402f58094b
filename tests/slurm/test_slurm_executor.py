"""The Slurm executor against a real Slurm: the same results as a local run, and every fault reported as such."""

import json
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import merge_compare
from tests.support.paths import FIXTURES_ROOT
from tests.support.projects import write_agent

FIXTURES = FIXTURES_ROOT / "competitions"

# An agent that waits while the file `hold-<competition>` exists beside it, then submits the sample: the
# test decides when each run may end, so a fault can hit it while it runs.
HELD = """
    import os, shutil, time
    hold = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hold-" + os.environ["MLEBENCH_COMPETITION_ID"])
    while os.path.exists(hold):
        time.sleep(0.2)
    shutil.copy(os.path.join(os.environ["MLEBENCH_DATA_DIR"], "sample_submission.csv"),
                os.environ["MLEBENCH_SUBMISSION_PATH"])
"""


@pytest.fixture
def project(pytester, monkeypatch, tmp_path_factory, slurm_cluster):
    """A user's project with the two tiny competitions, its own data cache, and the test's Slurm."""
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(FIXTURES))
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("SLURM_CONF", str(slurm_cluster.conf))
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\nmle_collect = true\n")
    pytester.path.chmod(0o755)  # the agent's folder: readable by the agent's uid when the harness is root
    pytester.cluster = slurm_cluster
    return pytester


def slurm_args(project, *more):
    return ["-p", "no:cacheprovider", "--mle-executor=slurm", f"--mle-run-dir={project.path / 'runs'}",
            "--mle-memory-limit=1G", "--mle-slurm-poll=0.5", *more]


def held_agent(project, *competitions):
    for competition in competitions:
        (project.path / f"hold-{competition}").write_text("")
    return write_agent(project, "held", HELD)


def release(project, competition):
    (project.path / f"hold-{competition}").unlink()


def start_controller(project, *args):
    """The controller as a process of its own, so that the test can act on Slurm while it waits."""
    log = open(project.path / f"controller-{time.monotonic_ns()}.log", "w+")
    process = subprocess.Popen([sys.executable, "-m", "pytest", *args], cwd=project.path, stdout=log,
                               stderr=subprocess.STDOUT, text=True)
    process.log = log
    return process


def output_of(process, timeout=240) -> str:
    process.wait(timeout=timeout)
    process.log.seek(0)
    return process.log.read()


def running_job(cluster, wanted=1, timeout=60):
    """The ids of the cluster's running jobs, once `wanted` of them run."""
    def running():
        jobs = [job for job, state in cluster.jobs().items() if state == "RUNNING"]
        return sorted(jobs, key=int) if len(jobs) >= wanted else None
    return cluster.wait_for(running, timeout, f"{wanted} job(s) running")


def attempts(project, run):
    return [a["job_id"] for a in json.loads((project.path / "runs" / ".slurm" / run / "jobs.json").read_text())["attempts"]]


def runs_of(path) -> list[dict]:
    """The runs of a JSON report, but for when and where each ran (tests/support/merge_compare.py)."""
    return [merge_compare.comparable_run(r) for r in json.loads(path.read_text())["competition_reports"]]


def summary(stdout: str) -> list[str]:
    """The session's summary, blank lines aside (they depend on where the live lines left pytest's output)."""
    return [line for line in merge_compare.session_summary(stdout) if line.strip()]


@pytest.mark.slow
def test_a_run_through_slurm_equals_the_same_run_done_locally(project, monkeypatch):
    """The baseline agent on two starter competitions: the same scores, medals and summary from Slurm's jobs."""
    monkeypatch.delenv("MLEBENCH_COMPETITIONS_DIR")  # the shipped competitions
    monkeypatch.delenv("MLEBENCH_CACHE_DIR")  # the machine's cache, where the starter data is prepared once
    selection = ["-k", "telco or vowels", "--agent=baseline"]
    local = project.runpytest_subprocess("-p", "no:cacheprovider", *selection, f"--mle-report={project.path / 'local.json'}",
                                         f"--mle-run-dir={project.path / 'local-runs'}")
    local.assert_outcomes(passed=2)
    started = time.time()
    slurm = project.runpytest_subprocess(*slurm_args(project, *selection, f"--mle-report={project.path / 'slurm.json'}"))
    slurm.assert_outcomes(passed=2)
    assert runs_of(project.path / "slurm.json") == runs_of(project.path / "local.json")
    assert summary(slurm.stdout.str()) == summary(local.stdout.str())
    slurm.stdout.fnmatch_lines(["*executor slurm (one job per run, the agent’s CPUs and 2G each*",
                                "*starter-telco-churn-seed0: job * submitted*", "*: job * running on *",
                                "*starter-japanese-vowels-seed0: job * done*"])
    for name in ("starter-telco-churn-seed0", "starter-japanese-vowels-seed0"):
        (job,) = attempts(project, name)
        outcome = json.loads((project.path / "runs" / ".slurm" / name / f"outcome-{job}.json").read_text())
        assert outcome["host"] and started < outcome["started_at"] < outcome["agent_started_at"]
        assert (project.path / "runs" / name / "result.json").exists()  # the normal run folder, for --mle-resume
        (attempt,) = json.loads((project.path / "runs" / ".slurm" / name / "jobs.json").read_text())["attempts"]
        print(f"{name}: sbatch -> job program started {outcome['started_at'] - attempt['submitted_at']:.2f} s, "
              f"-> agent started {outcome['agent_started_at'] - attempt['submitted_at']:.2f} s")


@pytest.mark.slow
def test_a_job_killed_at_its_time_limit_is_an_error_with_that_reason(project):
    agent = held_agent(project, "tiny-labels")
    controller = start_controller(project, *slurm_args(project, f"--agent={agent}", "-k", "labels", "-rf",
                                                       "--mle-time-limit=600", f"--mle-report={project.path / 'r.json'}"))
    (job,) = running_job(project.cluster)
    # as if the harness hung past its margin: the job's limit becomes 1 min (Slurm checks limits every 30 s)
    project.cluster.run("scontrol", "update", f"JobId={job}", "TimeLimit=1")
    out = output_of(controller)
    assert f"Slurm killed job {job} on {project.cluster.node} at its time limit of 1:00 (asked for 25 min" in out, out
    assert "1 failed" in out and json.loads((project.path / "r.json").read_text())["total_runs"] == 0
    assert project.cluster.jobs()[job] == "TIMEOUT"


def test_a_cancelled_job_is_an_error_and_is_not_submitted_again(project):
    agent = held_agent(project, "tiny-labels")
    controller = start_controller(project, *slurm_args(project, f"--agent={agent}", "-k", "labels",
                                                       "--mle-slurm-retries=2"))
    (job,) = running_job(project.cluster)
    project.cluster.run("scancel", job)
    out = output_of(controller)
    assert f"tiny-labels: job {job} on {project.cluster.node} was cancelled (scancel, or an administrator)" in out, out
    assert "1 failed" in out and "harness error: mlebench::test_competition[tiny-labels]" in out
    assert attempts(project, "tiny-labels-seed0") == [job]


def test_a_job_lost_with_its_node_is_submitted_again_with_retries(project):
    agent = held_agent(project, "tiny-labels")
    controller = start_controller(project, *slurm_args(project, f"--agent={agent}", "-k", "labels",
                                                       "--mle-slurm-retries=1"))
    (first,) = running_job(project.cluster)
    project.cluster.fail_node()
    project.cluster.wait_for(lambda: len(project.cluster.jobs()) == 2, 60, "a second job submitted")
    release(project, "tiny-labels")
    out = output_of(controller)
    assert "1 passed" in out, out
    (_, second) = attempts(project, "tiny-labels-seed0")
    assert project.cluster.jobs() == {first: "NODE_FAIL", second: "COMPLETED"}
    assert f"job {first} was lost with its node on {project.cluster.node} (NODE_FAIL); submitting it again" in out
    assert f"job {second} submitted, attempt 2 of 2" in out


def test_without_retries_a_lost_job_is_an_error_never_a_graded_run(project):
    agent = held_agent(project, "tiny-labels")
    report = project.path / "r.json"
    controller = start_controller(project, *slurm_args(project, f"--agent={agent}", "-k", "labels",
                                                       f"--mle-report={report}"))
    (job,) = running_job(project.cluster)
    project.cluster.fail_node()
    out = output_of(controller)
    assert f"tiny-labels: job {job} was lost with its node on {project.cluster.node} (NODE_FAIL); the run has no result" in out
    assert json.loads(report.read_text())["total_runs"] == 0


def test_a_restarted_controller_finds_its_jobs_and_their_results(project):
    """Killed while two jobs run: the next controller on the same run folder takes the result of the one that
    finished meanwhile and waits for the other, submitting nothing."""
    agent = held_agent(project, "tiny-labels", "tiny-regression")
    args = slurm_args(project, f"--agent={agent}", f"--mle-report={project.path / 'r.json'}")
    first = start_controller(project, *args)
    jobs = running_job(project.cluster, wanted=2)
    first.send_signal(signal.SIGKILL)  # no chance to cancel anything
    output_of(first)
    release(project, "tiny-labels")
    labels = attempts(project, "tiny-labels-seed0")[0]
    project.cluster.wait_for(lambda: project.cluster.jobs()[labels] == "COMPLETED", 60, "the labels job completed")
    second = start_controller(project, *args)
    project.cluster.wait_for(lambda: "found job" in Path(second.log.name).read_text(), 60, "jobs found")
    release(project, "tiny-regression")
    out = output_of(second)
    assert "2 passed" in out, out
    assert sorted(project.cluster.jobs()) == jobs  # no job submitted twice
    assert attempts(project, "tiny-regression-seed0") != [] and len(attempts(project, "tiny-labels-seed0")) == 1
    assert json.loads((project.path / "r.json").read_text())["total_runs"] == 2


def test_ctrl_c_cancels_every_job_the_controller_submitted_and_the_next_session_runs_them(project):
    agent = held_agent(project, "tiny-labels", "tiny-regression")
    args = slurm_args(project, f"--agent={agent}", "--mle-slurm-retries=0")
    controller = start_controller(project, *args)
    jobs = running_job(project.cluster, wanted=2)
    controller.send_signal(signal.SIGINT)
    out = output_of(controller)
    assert "cancelled 2 job(s) of this session" in out, out
    project.cluster.wait_for(lambda: set(project.cluster.jobs().values()) == {"CANCELLED"}, 30, "both cancelled")
    assert sorted(project.cluster.jobs()) == jobs
    release(project, "tiny-labels")
    release(project, "tiny-regression")
    again = output_of(start_controller(project, *args))  # a cancellation of ours is no fault of the runs
    assert "2 passed" in again and "was cancelled when an earlier session ended" in again, again
    assert len(attempts(project, "tiny-labels-seed0")) == 2


ARRAY_TASK = """#!/bin/bash
set -euo pipefail
cd {folder}
exec {python} -m pytest -p no:cacheprovider {selection} --mle-run-dir=shared --mle-resume \\
    --mle-shard="$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --mle-report="shard-$SLURM_ARRAY_TASK_ID.json"
"""


@pytest.mark.slow
def test_two_shards_as_a_slurm_job_array_merge_into_the_local_session(project, monkeypatch):
    """README's job-array recipe on a real Slurm: each array task runs its shard into one run folder, and
    `pytest-mlebench merge` of that folder equals one local session of the same runs."""
    monkeypatch.delenv("MLEBENCH_COMPETITIONS_DIR")
    monkeypatch.delenv("MLEBENCH_SHARD", raising=False)
    selection = ["-m", "starter", "-k", "telco or vowels", "--agent=baseline"]
    local = project.runpytest_subprocess("-p", "no:cacheprovider", *selection, "--mle-run-dir=local",
                                         "--mle-report=local.json", "--junitxml=local.xml")
    local.assert_outcomes(passed=2)
    script = project.path / "array.sbatch"
    script.write_text(ARRAY_TASK.format(folder=project.path, python=sys.executable, selection=shlex.join(selection)))
    job = project.cluster.run("sbatch", "--parsable", "--array=0-1", "--mem=2G", "--cpus-per-task=1",
                              f"--output={project.path}/array-%A_%a.out", str(script)).strip()
    tasks = {f"{job}_0", f"{job}_1"}
    project.cluster.wait_for(lambda: all(project.cluster.jobs().get(t) == "COMPLETED" for t in tasks)
                             or any(project.cluster.jobs().get(t) in ("FAILED", "CANCELLED") for t in tasks),
                             300, "both array tasks ended")
    assert {t: project.cluster.jobs()[t] for t in tasks} == {t: "COMPLETED" for t in tasks}, \
        [p.read_text()[-2000:] for p in project.path.glob("array-*.out")]
    merged = subprocess.run([str(Path(sys.executable).parent / "pytest-mlebench"), "merge", "shared",
                             "--mle-report=merged.json", "--junitxml=merged.xml"],
                            cwd=project.path, capture_output=True, text=True)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    merge_compare.assert_same_json_report(json.loads((project.path / "local.json").read_text()),
                                          json.loads((project.path / "merged.json").read_text()))
    merge_compare.assert_same_junit(project.path / "local.xml", project.path / "merged.xml")
    assert merge_compare.merge_summary(merged.stdout) == merge_compare.session_summary(local.stdout.str())
    print(merged.stdout)


def test_a_job_whose_run_another_process_holds_leaves_it_to_that_process(project):
    """The job claims its run in the run folder like any session (runs/claim.py): here this test holds it."""
    from pytest_mlebench.runs.claim import claim_run

    with claim_run(project.path / "runs", "tiny-labels-seed0", "a test") as claim:
        assert claim.held
        result = project.runpytest_subprocess(*slurm_args(project, "--agent=dummy", "-k", "labels", "-rs"))
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*claimed elsewhere: tiny-labels-seed0 is being run by host * pid *, shard a test*"])
    assert not (project.path / "runs" / "tiny-labels-seed0" / "result.json").exists()
