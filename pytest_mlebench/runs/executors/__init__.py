"""Where the session's runs happen (`--mle-executor`): `local` (the default, in the pytest process) or
`slurm` (one Slurm job per run). `base` is the interface and the code every executor runs a run with."""

from pytest_mlebench.runs.executors.base import Executor, LocalExecutor, RunRequest, execute

EXECUTORS = ("local", "slurm")

__all__ = ["EXECUTORS", "Executor", "LocalExecutor", "RunRequest", "execute"]
