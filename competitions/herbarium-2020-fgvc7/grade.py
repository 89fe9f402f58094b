"""Herbarium 2020: macro-averaged F1 of the predicted category_id, graded as MLE-bench grades it.

MLE-bench's rules, kept exactly: exactly one row per test image, the columns
`Id` and `Predicted` present (others are ignored), and after sorting both tables
on `Id` the ids must be identical (each test image once). Every `Predicted`
cell goes through Python's `int()`: whole numbers pass, a decimal such as 7.9 is
cut to 7 (as MLE-bench does), and blanks or text are refused. The score is
scikit-learn's macro F1 over every class seen in the answers or the predictions.
(MLE-bench's public tree lacks this competition's grade.py; its config names the
same macro-F1 grader as the 2021 and 2022 editions, whose rules are used here.)
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, require_columns
from pytest_mlebench.metrics import macro_f1

ID = "Id"
TARGET = "Predicted"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(f"the submission has {len(submission)} rows; expected {len(answers)}, one per test image")
    require_columns(submission, [ID, TARGET])
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    if submission[ID].tolist() != answers[ID].tolist():
        raise InvalidSubmission(f"the {ID} values are not exactly those of sample_submission.csv (each once)")
    try:
        predicted = [int(value) for value in submission[TARGET]]
    except (TypeError, ValueError, OverflowError):
        raise InvalidSubmission(f"{TARGET!r} must hold a whole-number category_id for every image (no blanks or text)") from None
    return macro_f1([int(value) for value in answers[TARGET]], predicted)
