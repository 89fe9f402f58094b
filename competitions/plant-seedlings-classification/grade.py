"""Plant seedlings classification: micro-averaged F1 of the predicted `species`, graded as MLE-bench grades it.

MLE-bench's rules, kept exactly: the columns `file` and `species` present
(others are ignored), exactly one row per test image, and after sorting both
tables on `file` the names must be identical (each test image once). The two
label columns go to scikit-learn's `f1_score(average="micro")` as Python lists;
for one label per image that is plain accuracy. Species names must be spelt
exactly as the training folders are (e.g. `Sugar beet`); a blank cell becomes
the text "nan" in that list and is simply wrong.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, require_columns
from pytest_mlebench.metrics import micro_f1

ID = "file"
TARGET = "species"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    if len(submission) != len(answers):
        raise InvalidSubmission(f"the submission has {len(submission)} rows; expected {len(answers)}, one per test image")
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    if submission[ID].tolist() != answers[ID].tolist():
        raise InvalidSubmission(f"the {ID} values are not exactly the test images' file names (each once)")
    try:
        return micro_f1(answers[TARGET].tolist(), submission[TARGET].tolist())
    except (ValueError, TypeError) as exc:
        raise InvalidSubmission(f"{TARGET!r} must hold species names such as 'Sugar beet': {exc}") from None
