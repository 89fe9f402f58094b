"""What the session decided for every run, resolved once: the limits, the sandbox, the time
limit of each competition, and where each run's folder is."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pytest_mlebench.records import RunResult
from pytest_mlebench.sandbox.base import SandboxOptions


@dataclass(frozen=True)
class RunOptions:
    """The session's choices every run follows (built from the plugin's Settings)."""

    time_limit: float | None = None  # --mle-time-limit; None: the agent's, else the competition's
    memory_limit: int | None = None  # --mle-memory-limit, bytes
    disk_limit: int | None = None  # --mle-disk-limit, bytes
    sandbox: SandboxOptions = field(default_factory=SandboxOptions)


HARNESS_MARGIN = 900.0  # seconds on top of a run's time limit for preparation, setup and grading


def time_limit(options: RunOptions, agent, competition) -> float:
    """A run's hard time limit in seconds: the command line, else the agent's, else the competition's.
    The one place it is decided (the run, pytest-timeout's backstop, a Slurm job's limit and the shard plan
    use it; no agent yet, as in `--collect-only`: the command line's, else the competition's)."""
    return float(options.time_limit or (agent.time_limit if agent else None) or competition.time_limit)


def harness_limit(options: RunOptions, agent, competition) -> float:
    """How long the harness may take for a whole run (the agent's time limit plus the margin): the limit
    of pytest-timeout's backstop on a local item, and of the Slurm job that does the run."""
    return time_limit(options, agent, competition) + HARNESS_MARGIN


def run_name(competition, seed: int) -> str:
    """A run's folder name under the run root; `competition` is a Competition or its id."""
    return f"{getattr(competition, 'id', competition)}-seed{seed}"


def finished_run(run_root: Path, competition, seed: int, agent: str) -> RunResult | None:
    """The record of a run already graded in `run_root` by the same agent, if there is one.

    `result.json` is written (atomically) only once a run is graded, so a run cut
    off mid-way has none and is run again."""
    path = Path(run_root) / run_name(competition, seed) / "result.json"
    try:
        result = RunResult.from_dict(json.loads(path.read_text()))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return result if result.agent == agent else None
