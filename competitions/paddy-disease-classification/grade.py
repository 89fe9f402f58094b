"""Paddy disease classification: accuracy of the predicted disease `label`, graded as MLE-bench grades it.

MLE-bench's rules, kept exactly: the columns `image_id` and `label` present
(others are ignored), exactly one row per test image, and after sorting both
tables on `image_id` the ids must be identical (each test image once). A blank
label counts as the empty text, so it is simply wrong rather than invalid;
labels are compared as text with scikit-learn's `accuracy_score`, spelt exactly
as in train.csv (`normal`, `blast`, `brown_spot`, ...).
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, require_columns
from pytest_mlebench.metrics import label_accuracy

ID = "image_id"
TARGET = "label"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    if len(submission) != len(answers):
        raise InvalidSubmission(f"the submission has {len(submission)} rows; expected {len(answers)}, one per test image")
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    if submission[ID].tolist() != answers[ID].tolist():
        raise InvalidSubmission(f"the {ID} values are not exactly the test images' file names (each once)")
    predicted = submission[TARGET].fillna("").tolist()
    try:
        return label_accuracy(answers[TARGET].to_numpy(), predicted)
    except (ValueError, TypeError) as exc:
        raise InvalidSubmission(f"{TARGET!r} must hold disease names such as 'blast' or 'normal': {exc}") from None
