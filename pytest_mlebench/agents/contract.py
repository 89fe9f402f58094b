"""The agent contract: the environment variables every agent gets, named in this one place.

The harness sets them (runs/run.py), the instructions list them, and the built-in agents read
them (builtin/contract.py). README's "Agent contract" section documents the same names."""

from __future__ import annotations

from dataclasses import dataclass

COMPETITION_ID = "MLEBENCH_COMPETITION_ID"
DATA_DIR = "MLEBENCH_DATA_DIR"
SUBMISSION_PATH = "MLEBENCH_SUBMISSION_PATH"
WORK_DIR = "MLEBENCH_WORK_DIR"
TIME_LIMIT = "MLEBENCH_TIME_LIMIT"
INSTRUCTIONS = "MLEBENCH_INSTRUCTIONS"
SEED = "MLEBENCH_SEED"
VALIDATE = "MLEBENCH_VALIDATE"
VALIDATION_DIR = "MLEBENCH_VALIDATION_DIR"

DOCUMENTED = (DATA_DIR, SUBMISSION_PATH, WORK_DIR, TIME_LIMIT, COMPETITION_ID, SEED, INSTRUCTIONS, VALIDATE)
"""The variables the instructions name (VALIDATION_DIR is the validation script's own)."""


@dataclass(frozen=True)
class Contract:
    """One run's values of the contract, as the agent sees them (paths inside its sandbox)."""

    competition_id: str
    data_dir: str
    submission_path: str
    work_dir: str
    time_limit: float
    instructions: str
    seed: int
    validate: str
    validation_dir: str

    def environment(self) -> dict[str, str]:
        return {
            COMPETITION_ID: self.competition_id,
            DATA_DIR: self.data_dir,
            SUBMISSION_PATH: self.submission_path,
            WORK_DIR: self.work_dir,
            TIME_LIMIT: str(int(self.time_limit)),
            INSTRUCTIONS: self.instructions,
            SEED: str(self.seed),
            VALIDATE: self.validate,
            VALIDATION_DIR: self.validation_dir,
        }
