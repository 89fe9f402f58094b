"""The records that flow between the parts of the harness: a run's result, a grade, a placement.

Plain frozen dataclasses, JSON-friendly: a RunResult is what a run writes to result.json, what
JUnit XML and the JSON report carry, and what --mle-compare and the leaderboard tools read back."""

from __future__ import annotations

import copy
import json
import os
import platform
from dataclasses import asdict, dataclass, fields
from pathlib import Path

MEDALS = ("gold", "silver", "bronze")

@dataclass(frozen=True)
class RunResult:
    """Everything known about one graded run; flat and JSON-friendly on purpose."""

    competition_id: str
    agent: str
    seed: int
    score: float | None
    valid_submission: bool
    submission_exists: bool
    error: str | None
    medal: str | None
    above_median: bool
    gold_threshold: float | None
    silver_threshold: float | None
    bronze_threshold: float | None
    median_threshold: float | None
    is_lower_better: bool
    leaderboard: str  # "kaggle", "reference" or "unavailable"
    num_teams: int
    sets: tuple[str, ...]
    domains: tuple[str, ...]
    known_issues: tuple[str, ...]
    time_limit: float
    agent_seconds: float
    timed_out: bool
    exit_code: int | None
    killed_processes: int
    sandbox: str  # "local", "docker" or "none" (--mle-sandbox)
    isolation: str  # "bwrap", "docker", "none" (no isolation, chosen), "failed" (the agent never ran) or
    # "missing" (a merge's stand-in for a planned run that no shard reported: counted as no medal)
    network: bool
    prepare_seconds: float
    setup_seconds: float  # item start -> agent start, preparation excluded
    grading_seconds: float  # agent exit -> graded
    run_dir: str
    submission_path: str
    log_path: str
    created_at: str
    usage: dict | None = None  # what the agent reported in usage.json (tokens, cost, model)
    validations: int = 0  # submission checks the agent asked for during the run
    bwrap: str | None = None  # the bubblewrap that isolated the run: path (version, origin)
    agent_uid: int | None = None  # the kernel uid the agent ran as (local sandbox)

    @property
    def sandbox_failed(self) -> bool:
        """The sandbox could not isolate the agent, so the agent was never started."""
        return self.isolation == "failed"

    @property
    def missing(self) -> bool:
        """A stand-in made by `merge` for a planned run that no shard reported."""
        return self.isolation == "missing"

    @property
    def any_medal(self) -> bool:
        return self.medal is not None

    def to_dict(self) -> dict:
        # what asdict() gives, without its recursion into every field (reports of 1,000 runs call this
        # twice per run): every field is a plain value or a tuple of strings but `usage`, copied deeply
        record = {f.name: getattr(self, f.name) for f in _RUN_FIELDS}
        record["usage"] = copy.deepcopy(self.usage)
        record.update({f"{m}_medal": self.medal == m for m in MEDALS}, any_medal=self.any_medal)
        return record

    @classmethod
    def from_dict(cls, record: dict) -> "RunResult":
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in record.items() if k in names}
        for name in ("sets", "domains", "known_issues"):
            values[name] = tuple(values.get(name, ()))
        return cls(**values)

    def save(self, path: Path) -> None:
        write_atomically(path, json.dumps(self.to_dict(), indent=2))


_RUN_FIELDS = fields(RunResult)


@dataclass(frozen=True)
class Grade:
    """What grading one submission gives."""

    score: float | None
    valid: bool
    submission_exists: bool
    error: str | None = None


@dataclass(frozen=True)
class Placement:
    """Where a score lands against a competition's thresholds."""

    medal: str | None  # "gold", "silver", "bronze" or None
    above_median: bool

    @property
    def any_medal(self) -> bool:
        return self.medal is not None


def write_atomically(path: Path, text: str) -> None:
    """Write a file so that a reader, on this machine or another sharing the folder, sees the old file or
    the whole new one, never half of it: write a temporary file beside it, then rename it into place (a
    rename within a folder is atomic on local and network filesystems). The temporary name is unique to
    this host and process, so two writers never share one."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{platform.node()}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


SHARDS_DIR = "shards"
"""Where each shard of a run folder leaves its record: `<run root>/shards/<I>-of-<N>.json`."""


@dataclass(frozen=True)
class ShardRecord:
    """What one shard of a plan did, for `pytest-mlebench merge`: the whole plan (every shard computes
    it, so any one record names the runs of lost shards too), what became of each of its own runs, and
    where, on what and when it ran."""

    shard: str  # "I/N"
    plan: dict  # runs/shards.py ShardPlan.to_dict()
    outcomes: dict[str, str]  # run name -> "graded", "skipped: why", "error: why" or "not run"
    agent: str | None
    host: str
    machine: dict  # reports/json_report.py machine_facts()
    started_at: str
    ended_at: str
    agent_seconds: float  # the shard's agents' time, summed
    usage: dict  # tokens and cost its agents reported (runs/usage.py total_usage)

    @property
    def index(self) -> int:
        return int(self.shard.split("/")[0])

    @property
    def count(self) -> int:
        return int(self.shard.split("/")[1])

    def file_name(self) -> str:
        return f"{self.index}-of-{self.count}.json"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, record: dict) -> "ShardRecord":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in record.items() if k in names})

    def save(self, run_root: Path) -> Path:
        path = Path(run_root) / SHARDS_DIR / self.file_name()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(self.to_dict(), indent=2))
        return path
