"""Cassava Leaf Disease Classification: accuracy of the predicted `label`, graded as MLE-bench grades it.

MLE-bench's rules, kept exactly: exactly one row per image of the test set, the
columns `image_id` and `label` present (others are ignored), and after sorting
both tables on `image_id` the ids must be identical (each test id once). Labels are
compared as pandas read them, with scikit-learn's `accuracy_score`: whole
numbers match (4 and 4.0 are the same class), while fractions, blanks
or text make scikit-learn fail, which MLE-bench counts as invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, require_columns
from pytest_mlebench.metrics import label_accuracy

ID = "image_id"
TARGET = "label"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(
            f"the submission has {len(submission)} rows; expected {len(answers)}, one per test image"
        )
    require_columns(submission, [ID, TARGET])
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    if submission[ID].tolist() != answers[ID].tolist():
        raise InvalidSubmission(f"the {ID} values are not exactly those of sample_submission.csv (each once)")
    try:
        return label_accuracy(answers[TARGET].to_numpy(), submission[TARGET].to_numpy())
    except (ValueError, TypeError) as exc:
        raise InvalidSubmission(f"{TARGET!r} must hold a whole-number class (0 to 4): {exc}") from None
