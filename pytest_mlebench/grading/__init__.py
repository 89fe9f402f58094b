"""Grading. `checks` reads and checks a submission (shared by every grader); `recipes` are the
recurring grader shapes of MLE-bench's competitions built on them; `grade` scores a file with a
competition's grader; `medals` places a score on the leaderboard.

A competition's grade.py imports what it needs from here (`from pytest_mlebench.grading import
InvalidSubmission, require_columns`); the names below are the stable ones for graders."""

from pytest_mlebench.errors import InvalidSubmission, UndefinedScore
from pytest_mlebench.grading.checks import align_by_id, as_numbers, check_probabilities, read_answers, read_submission, require_columns
from pytest_mlebench.grading.grade import grade_submission, score_submission

__all__ = ["InvalidSubmission", "UndefinedScore", "align_by_id", "as_numbers", "check_probabilities", "grade_submission",
           "read_answers", "read_submission", "require_columns", "score_submission"]
