"""The executors without a cluster: the run request a job reads, the sbatch line of a run, the options."""

import math
import sys

import pytest

from pytest_mlebench.agents.resolve import builtin_agent
from pytest_mlebench.runs.executors import RunRequest
from pytest_mlebench.runs.executors.slurm import SlurmExecutor, SlurmOptions, TrackedRun, run_key
from pytest_mlebench.runs.plan import HARNESS_MARGIN, RunOptions
from pytest_mlebench.sandbox.base import SandboxOptions
from tests.support.paths import FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT / "competitions"


def request_for(tmp_path, **options) -> RunRequest:
    return RunRequest(competition_id="tiny-labels", seed=1, agent=builtin_agent("dummy"),
                      options=RunOptions(memory_limit=1 << 30, sandbox=SandboxOptions(kind="local", bwrap="/x/bwrap"), **options),
                      run_root=tmp_path / "runs", cache_dir=tmp_path / "cache", raw_dir=None, data_dir=tmp_path / "d",
                      competitions_dir=FIXTURES)


def test_a_request_survives_its_json_file_unchanged(tmp_path):
    request = request_for(tmp_path, time_limit=30.0)
    assert RunRequest.from_dict(request.to_dict()) == request
    assert request.name == "tiny-labels-seed1"


class NoSlurm:
    """The executor's client, never called by the methods under test."""


def test_the_sbatch_line_of_a_run_carries_its_limits_resources_and_run(tmp_path):
    options = SlurmOptions(partition="gpu", account="lab", gres="gpu:1", memory=3 << 30, retries=2)
    executor = SlurmExecutor(options, tmp_path / "runs", client=NoSlurm())
    run = TrackedRun(request=request_for(tmp_path, time_limit=100.0), folder=tmp_path / "runs" / ".slurm" / "tiny-labels-seed1")
    args = executor.sbatch_args(run)
    minutes = math.ceil((100 + HARNESS_MARGIN) / 60)
    for expected in (f"--time={minutes}", "--mem=3072M", "--cpus-per-task=1", "--partition=gpu", "--account=lab",
                     "--gres=gpu:1", "--no-requeue", "--job-name=mle:tiny-labels-seed1",
                     f"--comment=pytest-mlebench run={run_key(tmp_path / 'runs')} item=tiny-labels-seed1 attempt=1"):
        assert expected in args
    assert args[-2] == "--wrap" and args[-1].startswith(f"{sys.executable} -m pytest_mlebench.runs.executors.slurm_job ")
    assert executor._comment_item(args[2].split("=", 1)[1]) == "tiny-labels-seed1"
    other = SlurmExecutor(options, tmp_path / "other-runs", client=NoSlurm())  # another run folder's job is not ours
    assert other._comment_item(args[2].split("=", 1)[1]) is None


def test_without_memory_of_its_own_a_job_asks_for_the_whole_node(tmp_path):
    executor = SlurmExecutor(SlurmOptions(memory=0, cpus=4), tmp_path, client=NoSlurm())
    args = executor.sbatch_args(TrackedRun(request=request_for(tmp_path), folder=tmp_path))
    assert "--mem=0" in args and "--cpus-per-task=4" in args and not any(a.startswith("--partition") for a in args)


@pytest.fixture
def project(pytester, monkeypatch):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(FIXTURES))
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\nmle_collect = true\n")
    return pytester


@pytest.mark.parametrize("args, message", [
    (["--mle-executor=slurm"], "*--mle-executor slurm needs --mle-run-dir=DIR on a filesystem that the nodes share*"),
    (["--mle-executor=slurm", "--mle-run-dir=runs"], "*--mle-executor slurm needs the memory of each job: --mle-slurm-mem SIZE*"),
    (["--mle-slurm-retries=2", "--mle-slurm-partition=p"], "*--mle-slurm-partition, --mle-slurm-retries belong to --mle-executor slurm*"),
    (["--mle-executor=slurm", "--mle-run-dir=runs", "--mle-slurm-mem=1G", "--mle-slurm-cpus=0"], "*--mle-slurm-cpus takes*1 or more*"),
    (["--mle-executor=slurm", "--mle-run-dir=runs", "--mle-slurm-mem=1G", "-n", "2"], "*--mle-executor slurm runs every run as a Slurm job*drop -n*"),
])
def test_slurm_options_are_checked_before_anything_is_submitted(project, args, message):
    result = project.runpytest_subprocess("-p", "no:cacheprovider", "--agent=dummy", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_the_executor_from_the_environment_is_checked_too(project, monkeypatch):
    monkeypatch.setenv("MLEBENCH_EXECUTOR", "kubernetes")
    result = project.runpytest_subprocess("-p", "no:cacheprovider", "--agent=dummy")
    result.stderr.fnmatch_lines(["*--mle-executor must be one of local, slurm, not 'kubernetes'*"])


def test_the_slurm_options_can_come_from_the_ini_file(project, tmp_path):
    project.makepyprojecttoml(f"[tool.pytest.ini_options]\nmle_collect = true\nmle_executor = 'slurm'\n"
                              f"mle_run_dir = '{tmp_path / 'runs'}'\nmle_slurm_mem = '2G'\nmle_slurm_partition = 'debug'\n")
    result = project.runpytest_subprocess("-p", "no:cacheprovider", "--agent=dummy", "--collect-only")
    if result.ret == pytest.ExitCode.USAGE_ERROR:  # no Slurm commands on this machine: said so
        result.stderr.fnmatch_lines(["*--mle-executor slurm needs Slurm's client commands on PATH*"])
    else:
        result.stdout.fnmatch_lines(["*executor slurm (one job per run, the agent’s CPUs and 2G each, partition debug*"])
    assert not (tmp_path / "runs" / ".slurm").exists()  # collecting submits nothing
