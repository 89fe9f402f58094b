"""Spaceship Titanic: accuracy of the predicted `Transported` values, graded as MLE-bench grades it.

MLE-bench matches rows by sorting both tables on PassengerId (so the row order of a
submission does not matter, extra columns are ignored) and hands the two label
columns to scikit-learn's `accuracy_score` as pandas read them. So True/False,
true/false and 1/0 are all accepted and compare equal, while text labels such as
"yes" or probabilities are refused by scikit-learn, which MLE-bench counts as invalid.
"""

from __future__ import annotations

import pandas as pd
from sklearn.metrics import accuracy_score

from pytest_mlebench.grading import InvalidSubmission, require_columns

ID = "PassengerId"
TARGET = "Transported"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(f"the submission has {len(submission)} rows; the test set has {len(answers)} passengers")
    require_columns(submission, [ID, TARGET])
    submission = submission.sort_values(ID)
    answers = answers.sort_values(ID)
    if submission[ID].tolist() != answers[ID].tolist():
        raise InvalidSubmission(f"the {ID} values are not exactly those of test.csv (each once)")
    try:
        return float(accuracy_score(answers[TARGET].to_numpy(), submission[TARGET].to_numpy()))
    except (ValueError, TypeError) as exc:
        raise InvalidSubmission(f"{TARGET!r} must hold True/False labels: {exc}") from None
