"""The agent side of the harness contract: environment variables in, one CSV out.

Built-in agents read their whole world from these variables, exactly as an
external agent must, so they double as a worked example of the contract.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from pytest_mlebench.agents import contract as names

DEFAULT_TIME_LIMIT = 3600
SAMPLE_SUBMISSION = "sample_submission.csv"


class ContractError(RuntimeError):
    """The harness did not give the agent what the contract promises."""


@dataclass(frozen=True)
class AgentEnv:
    competition_id: str
    data_dir: Path
    submission_path: Path
    work_dir: Path
    time_limit: float
    seed: int
    instructions: Path | None

    @classmethod
    def from_environ(cls, environ=None) -> "AgentEnv":
        env = os.environ if environ is None else environ
        missing = [name for name in (names.DATA_DIR, names.SUBMISSION_PATH) if not env.get(name)]
        if missing:
            raise ContractError(f"environment variable(s) {', '.join(missing)} not set; the harness sets them for every agent run")
        data_dir = Path(env[names.DATA_DIR])
        if not data_dir.is_dir():
            raise ContractError(f"{names.DATA_DIR}={data_dir} is not a directory")
        instructions = env.get(names.INSTRUCTIONS)
        return cls(
            competition_id=env.get(names.COMPETITION_ID, data_dir.name),
            data_dir=data_dir,
            submission_path=Path(env[names.SUBMISSION_PATH]),
            work_dir=Path(env.get(names.WORK_DIR) or os.getcwd()),
            time_limit=float(env.get(names.TIME_LIMIT) or DEFAULT_TIME_LIMIT),
            seed=int(env.get(names.SEED) or 0),
            instructions=Path(instructions) if instructions else None,
        )

    @property
    def sample_submission(self) -> Path:
        return find_sample_submission(self.data_dir)


def find_sample_submission(data_dir: Path) -> Path:
    """`sample_submission.csv`, or Kaggle's other spellings (`sampleSubmission.csv`, ...)."""
    exact = data_dir / SAMPLE_SUBMISSION
    if exact.is_file():
        return exact
    spelled = sorted(p for p in data_dir.glob("*.csv") if "samplesubmission" in p.name.lower().replace("_", ""))
    return spelled[0] if spelled else exact


def copy_sample_submission(env: AgentEnv) -> None:
    """Write the public sample submission as the agent's submission."""
    if not env.sample_submission.is_file():
        raise ContractError(f"no {SAMPLE_SUBMISSION} in {env.data_dir}: nothing to copy")
    env.submission_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = env.submission_path.with_name(f".{env.submission_path.name}.partial")
    shutil.copyfile(env.sample_submission, temporary)
    os.replace(temporary, env.submission_path)  # never leave a half-written submission behind


def fail(message: str, code: int = 2) -> int:
    print(f"error: {message}", file=sys.stderr, flush=True)
    return code
