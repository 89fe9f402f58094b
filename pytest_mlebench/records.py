"""The records that flow between the parts of the harness: a run's result, a grade, a placement.

Plain frozen dataclasses, JSON-friendly: a RunResult is what a run writes to result.json, what
JUnit XML and the JSON report carry, and what --mle-compare and the leaderboard tools read back."""

from __future__ import annotations

import json
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
    isolation: str  # "bwrap", "docker", "none" (no isolation, chosen) or "failed" (the agent never ran)
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
    def any_medal(self) -> bool:
        return self.medal is not None

    def to_dict(self) -> dict:
        record = asdict(self)
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
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.to_dict(), indent=2))
        tmp.replace(path)


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
