"""Grading. `checks` reads and checks a submission (shared by every grader); `recipes` are the
recurring grader shapes of MLE-bench's competitions built on them; `grade` scores a file with a
competition's grader; `medals` places a score on the leaderboard.

A competition's grade.py imports what it needs from here (`from pytest_mlebench.grading import
InvalidSubmission, require_columns`); the names below are the stable ones for graders."""

from importlib import import_module

# name -> module, imported on first use (PEP 562): `grading.medals` stays cheap for the plugin.
_EXPORTS = {
    "InvalidSubmission": "pytest_mlebench.errors",
    "UndefinedScore": "pytest_mlebench.errors",
    **dict.fromkeys(("align_by_id", "as_numbers", "check_probabilities", "read_answers", "read_submission",
                     "require_columns"), "pytest_mlebench.grading.checks"),
    **dict.fromkeys(("grade_submission", "score_submission"), "pytest_mlebench.grading.grade"),
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
