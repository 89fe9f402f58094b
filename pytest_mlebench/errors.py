"""The errors that cross the harness's parts, in one place so that a caller need not import a part to catch it."""

from __future__ import annotations


class SandboxError(RuntimeError):
    """The sandbox cannot do what was asked (isolation unavailable, bad path...)."""


class InvalidSubmission(ValueError):
    """The submission cannot be scored; str() is the reason shown to the user."""


class UndefinedScore(ArithmeticError):
    """The metric gives NaN or infinity for a submission that passed every check.

    MLE-bench counts such a run as a valid submission without a medal (its
    `valid_submission` is `score is not None`); so do we, with no score."""


class AgentError(ValueError):
    """The agent cannot be resolved or its definition is malformed; says what to fix."""


class DefinitionError(ValueError):
    """A competition folder is malformed; the message names the file and the fix."""


class DataUnavailable(RuntimeError):
    """The competition's data cannot be prepared here; the message says how to get it."""


class PreparationFailed(RuntimeError):
    """A competition's prepare.py refused the raw data or failed on it (a file missing, a size that
    does not fit, a full disk); the message names the competition, the raw folder and the cause."""


class ChecksumMismatch(RuntimeError):
    """Prepared files (or a downloaded zip) differ from MLE-bench's; the data is not used."""


class DownloadError(RuntimeError):
    """Kaggle did not give us the file; the message says why and what to do."""


class CompareError(ValueError):
    """The earlier report cannot be used; the message says why."""


class EntryError(ValueError):
    """The reports cannot make an entry (unreadable, no runs, unknown competitions)."""


class RunSkipped(RuntimeError):
    """The run was not done, for no fault of anyone's (another process holds it); the item is skipped with this."""


class RunFault(RuntimeError):
    """An executor could not bring a run to a result for a reason of the infrastructure, not the agent's: a
    Slurm job preempted, cancelled, killed at its time limit, lost with its node. The run is an error with
    this reason, never a graded run without a medal."""
