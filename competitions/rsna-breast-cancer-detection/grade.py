"""RSNA breast cancer detection: probabilistic F1 of the predicted cancer probabilities, as MLE-bench grades it.

MLE-bench's rules, kept exactly: the columns `prediction_id` and `cancer`
present (others are ignored), exactly one row per breast (patient and side),
and after sorting both tables on `prediction_id` the ids must be identical.
Probabilities are clipped to [0, 1], not refused; text makes the metric fail
(invalid), and a blank or NaN probability makes the score 0, exactly as the
Kaggle reference code MLE-bench runs does.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.metrics import probabilistic_f1
from pytest_mlebench.grading.recipes import sorted_by_id

ID = "prediction_id"
TARGET = "cancer"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    submission, answers = sorted_by_id(submission, answers, ID, [TARGET], unit="breast")
    if not pd.api.types.is_numeric_dtype(submission[TARGET]):
        raise InvalidSubmission(f"{TARGET!r} must hold probabilities (numbers between 0 and 1), not text")
    return probabilistic_f1(answers[TARGET].to_numpy(), submission[TARGET].to_numpy(dtype=float))
