"""ALASKA2 Image Steganalysis: weighted ROC AUC (TPR 0-0.4 counts double), as MLE-bench grades it.

MLE-bench's rules: one row per test image; columns `Id` and `Label` present
(others ignored); ids equal to the answers' after sorting both (so each exactly
once); every Label a number (text, NaN or infinity are invalid). Labels are
scores, not probabilities: any real number is allowed, only their order counts.
The metric, `tpr_weighted_auc`, follows MLE-bench's corrected version of
Kaggle's kernel.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, align_by_id, as_numbers, require_columns
from pytest_mlebench.metrics import tpr_weighted_auc

ID, LABEL = "Id", "Label"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test image), got {len(submission):,}")
    require_columns(submission, [ID, LABEL])
    aligned = align_by_id(submission, answers, ID)
    return tpr_weighted_auc(answers[LABEL].to_numpy(dtype=float), as_numbers(aligned, [LABEL])[:, 0])
