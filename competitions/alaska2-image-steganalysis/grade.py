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

from pytest_mlebench.metrics import tpr_weighted_auc
from pytest_mlebench.grading.recipes import numbers_by_id

ID, LABEL = "Id", "Label"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    scores = numbers_by_id(submission, answers, ID, [LABEL], unit="test image")
    return tpr_weighted_auc(answers[LABEL].to_numpy(dtype=float), scores[:, 0])
