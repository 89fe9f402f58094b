"""The plugin's per-session state: the resolved settings, the agent, where runs go, and what the session found."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pytest_mlebench.agents.resolve import AgentSpec
from pytest_mlebench.errors import SandboxError
from pytest_mlebench.plugin.options import Settings
from pytest_mlebench.sandbox import sandbox_kind

SUITE_NODEID = "mlebench"  # the node id of the competition items' module


@dataclass
class MleSession:
    """Per-session state of the plugin, kept in config.stash."""

    config: pytest.Config
    settings: Settings
    agent: AgentSpec | None
    run_root: Path | None = None
    results: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    gate_failures: list[str] = field(default_factory=list)
    previous: list | None = None  # the records of --mle-compare's report
    progress: object = None  # the LiveProgress shown while agents run
    started_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    shard_plan: object = None  # --mle-shard: the whole plan (runs/shards.py ShardPlan)
    shard_nodeids: dict[str, str] = field(default_factory=dict)  # this shard's items: node id -> run name
    item_outcomes: dict[str, str] = field(default_factory=dict)  # node id -> what became of its run
    executor: object = None  # where the runs happen (runs/executors/): local, or slurm on the controller

    def run_request(self, competition_id: str, seed: int):
        """What the executor needs to do one run of this session."""
        from pytest_mlebench.competitions import default_competitions_dir
        from pytest_mlebench.runs.executors import RunRequest

        settings = self.settings
        return RunRequest(
            competition_id=competition_id, seed=seed, agent=self.agent, options=settings.run_options,
            run_root=_run_root(self), cache_dir=settings.cache_dir, raw_dir=settings.raw_dir,
            data_dir=settings.data_dir, competitions_dir=Path(default_competitions_dir()).resolve(),
        )

    @property
    def is_worker(self) -> bool:
        return hasattr(self.config, "workerinput")


session_key = pytest.StashKey[MleSession]()


def _run_root(mle: MleSession) -> Path:
    if mle.run_root is None:
        if mle.settings.run_dir:
            mle.run_root = mle.settings.run_dir
        elif mle.is_worker and "mle_run_root" in mle.config.workerinput:
            mle.run_root = Path(mle.config.workerinput["mle_run_root"])
        else:
            from _pytest.tmpdir import TempPathFactory

            factory = TempPathFactory.from_config(mle.config, _ispytest=True)
            mle.run_root = factory.getbasetemp() / "mlebench"
        mle.run_root.mkdir(parents=True, exist_ok=True)
    return mle.run_root


def check_sandbox(config: pytest.Config, settings: Settings, agent: AgentSpec) -> None:
    """At session start: the chosen sandbox honours every sandbox option given and can run the
    agent, and its once-per-session work is done (Docker: an engine answers, dead sessions'
    leftovers go). Anything else stops the session with a usage error."""
    kind = sandbox_kind(settings.sandbox)
    try:
        kind.check_options(settings.sandbox_options)
        kind.check_agent(agent)
        kind.start_session(controller=not hasattr(config, "workerinput"))
    except SandboxError as exc:
        raise pytest.UsageError(f"--mle-sandbox {kind.name}: {exc}") from None


def make_executor(mle: MleSession):
    """The session's executor: slurm on the controller when asked for (xdist is refused with it), else local."""
    from pytest_mlebench.runs.executors import LocalExecutor

    if mle.settings.executor != "slurm":
        return LocalExecutor()
    if getattr(mle.config.option, "numprocesses", None):
        raise pytest.UsageError("--mle-executor slurm runs every run as a Slurm job from this one pytest: drop -n "
                                "(the cluster runs the jobs side by side)")
    from pytest_mlebench.runs.executors.slurm import SlurmError, SlurmExecutor

    try:
        return SlurmExecutor(mle.settings.slurm, _run_root(mle), resume=mle.settings.resume, board=mle.progress.board)
    except SlurmError as exc:
        raise pytest.UsageError(str(exc)) from None


def isolation_line(settings: Settings, agent: AgentSpec) -> str:
    """How the session's agents are isolated (or why every run will be an error), for the header."""
    return sandbox_kind(settings.sandbox).describe(settings.sandbox_options, agent)
