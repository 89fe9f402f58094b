"""Where a run happens: the interface of an executor, and the one function that does a run wherever it is.

An executor takes the session's runs and gives back each run's record. `local` does the run in the
pytest process that asks for it (the default); `slurm` submits each run as a Slurm job, whose program
(`slurm_job`) calls the same `execute` on a node. So a run is the same code on every executor, and
the pytest items, reports and gates never know which one did it.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Callable, Sequence

from pytest_mlebench.agents.resolve import AgentSpec
from pytest_mlebench.records import RunResult
from pytest_mlebench.runs.plan import RunOptions, run_name
from pytest_mlebench.sandbox.base import SandboxOptions

Progress = Callable[[str, float, float, Path], None]  # the local run's live line (plugin/progress.py)
DataSource = Callable[[], object]  # gives the run's PreparedData (the item's mle_data fixture)


@dataclass(frozen=True)
class RunRequest:
    """One run to do, with everything needed to do it anywhere: JSON-friendly, so a Slurm job can read it."""

    competition_id: str
    seed: int
    agent: AgentSpec
    options: RunOptions
    run_root: Path
    cache_dir: Path
    raw_dir: Path | None
    data_dir: Path | None
    competitions_dir: Path  # the definitions the session loaded (MLEBENCH_COMPETITIONS_DIR or the shipped ones)

    @property
    def name(self) -> str:
        """The run's folder name under run_root (`<competition>-seed<k>`)."""
        return run_name(self.competition_id, self.seed)

    def competition(self):
        from pytest_mlebench.competitions import load_competitions

        return load_competitions(self.competitions_dir)[self.competition_id]

    def to_dict(self) -> dict:
        return json.loads(json.dumps(asdict(self), default=str))

    @classmethod
    def from_dict(cls, data: dict) -> "RunRequest":
        agent = dict(data["agent"])
        agent["command"] = tuple(agent["command"])
        agent["forward_env"] = tuple(agent["forward_env"])
        agent["agent_dir"] = Path(agent["agent_dir"]) if agent["agent_dir"] else None
        options = dict(data["options"])
        options["sandbox"] = SandboxOptions(**options["sandbox"])
        paths = {name: Path(data[name]) if data[name] else None
                 for name in ("run_root", "cache_dir", "raw_dir", "data_dir", "competitions_dir")}
        known = {f.name for f in fields(cls)}
        rest = {k: v for k, v in data.items() if k in known and k not in paths and k not in ("agent", "options")}
        return cls(agent=AgentSpec(**agent), options=RunOptions(**options), **paths, **rest)


def prepare_data(request: RunRequest, competition=None):
    """The run's prepared data from the cache (prepared now, under the cache's file lock, if it is not).
    Raises DataUnavailable, with the ways to get the data, when there is none."""
    from pytest_mlebench.data import prepared

    competition = competition or request.competition()
    return prepared.prepare(competition, request.cache_dir, request.raw_dir, data_dir=request.data_dir)


def execute(request: RunRequest, on_progress: Progress | None = None, data: DataSource | None = None) -> RunResult:
    """Do the run here: its data, its agent in the sandbox, its grade (runs/run.py). The same on every executor."""
    from pytest_mlebench.runs.run import run_competition

    competition = request.competition()
    prepared = data() if data is not None else prepare_data(request, competition)
    return run_competition(competition, request.agent, prepared, request.options, run_root=request.run_root,
                           seed=request.seed, on_progress=on_progress)


def clock(seconds: float) -> str:
    """H:MM:SS, for the progress lines."""
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Executor(ABC):
    """Gives every run of the session its record. Raises DataUnavailable for a run whose data is not
    available here (the item is skipped) and RunFault for one the infrastructure lost (an error)."""

    name: str
    # The run happens in the process that asks for it, which claims it in the run folder (runs/claim.py)
    # first; an executor whose runs happen elsewhere has them claimed there.
    runs_here: bool = True

    def start(self, requests: Sequence[RunRequest]) -> None:
        """Once, before the first item runs, with every run the session selected."""

    @abstractmethod
    def result(self, request: RunRequest, on_progress: Progress | None = None, data: DataSource | None = None) -> RunResult:
        """The run's record: done now (local) or waited for (slurm). `data` gives the prepared data where
        the run happens in this process (the item's fixture, so that a missing dataset skips it as usual)."""

    def finish(self) -> None:
        """At the end of the session, also after Ctrl-C: nothing the executor started is left behind."""

    def describe(self) -> str:
        """One line for the session header."""
        return self.name


class LocalExecutor(Executor):
    """Each run in the pytest process of its item (with -n, the xdist worker's): the default."""

    name = "local"

    def result(self, request: RunRequest, on_progress: Progress | None = None, data: DataSource | None = None) -> RunResult:
        return execute(request, on_progress, data)

    def describe(self) -> str:
        return "local (each run in its pytest process)"
