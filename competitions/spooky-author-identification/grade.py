"""Spooky Author Identification: multi-class log loss, graded as MLE-bench grades it.

MLE-bench's rules, in its order: exactly the answers' number of rows and four
columns; every row's probabilities (all columns after the first) summing to 1
(numpy's `isclose` with atol 1e-6); every probability in [0, 1]; the columns id,
EAP, HPL and MWS present; the ids equal to the test ids after sorting both tables.
The score is scikit-learn's `log_loss` of the one-hot answers, which clips
probabilities to [eps, 1 - eps] (eps of float64) and does not renormalise rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import require_columns
from pytest_mlebench.grading.recipes import sort_order
from pytest_mlebench.metrics import one_hot_log_loss

ID = "id"
AUTHORS = ["EAP", "HPL", "MWS"]
SUM_TOLERANCE = 1e-6


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    expected = (len(answers), len(AUTHORS) + 1)
    if submission.shape != expected:
        raise InvalidSubmission(
            f"the submission has shape {submission.shape}; expected {expected}: "
            f"one row per test excerpt and exactly the columns {[ID] + AUTHORS}"
        )
    probabilities = submission.iloc[:, 1:]
    not_numeric = [c for c in probabilities.columns if not pd.api.types.is_numeric_dtype(probabilities[c])]
    if not_numeric:
        raise InvalidSubmission(f"column(s) {not_numeric} must hold numbers (the id column must come first)")
    if not np.isclose(probabilities.sum(axis=1), 1, atol=SUM_TOLERANCE).all():
        raise InvalidSubmission("each row's probabilities must sum to 1")
    if not ((probabilities >= 0) & (probabilities <= 1)).all().all():
        raise InvalidSubmission("every probability must lie between 0 and 1 (and none may be missing)")
    require_columns(submission, [ID] + AUTHORS)

    submission = submission[[ID] + AUTHORS]
    submission = submission.iloc[sort_order(submission[ID])]
    answers = answers[[ID] + AUTHORS].iloc[sort_order(answers[ID])]
    if submission[ID].tolist() != answers[ID].tolist():
        raise InvalidSubmission(f"the {ID} values are not exactly those of test.csv (each once)")
    return one_hot_log_loss(answers[AUTHORS].to_numpy(), submission[AUTHORS].to_numpy())
