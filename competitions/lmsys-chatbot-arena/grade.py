"""LMSYS Chatbot Arena: 3-class log loss of which response people preferred, as MLE-bench grades it.

MLE-bench's rules: the columns `id`, `winner_model_a`, `winner_model_b` and
`winner_tie` (others are ignored); exactly one row per test conversation (as
many rows as the answers, and the same ids once sorted); every probability in
[0, 1] (blank or NaN is refused); each row's three probabilities summing to 1
once the sum is rounded to 6 decimals. The score is scikit-learn's `log_loss`
of the one-hot answers: clipped to [eps, 1 - eps] (eps of float64), rows not
renormalised.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import align_by_id, as_numbers
from pytest_mlebench.grading.recipes import check_rows_and_columns
from pytest_mlebench.metrics import one_hot_log_loss

ID = "id"
CLASSES = ["winner_model_a", "winner_model_b", "winner_tie"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_rows_and_columns(submission, answers, [ID] + CLASSES, unit="test conversation")
    probabilities = as_numbers(submission, CLASSES)
    if ((probabilities < 0) | (probabilities > 1)).any():
        raise InvalidSubmission(f"every probability in {CLASSES} must lie between 0 and 1")
    sums = probabilities.sum(axis=1)
    off = np.flatnonzero(np.round(sums, 6) != 1)
    if len(off):
        raise InvalidSubmission(
            f"each row's three probabilities must sum to 1 (to 6 decimals); {len(off)} row(s) do not "
            f"(row {off[0] + 1} sums to {sums[off[0]]:.8g})"
        )
    aligned = align_by_id(submission, answers, ID)
    return one_hot_log_loss(answers[CLASSES].to_numpy(), as_numbers(aligned, CLASSES))
