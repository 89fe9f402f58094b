"""Playground S3E18: mean ROC AUC of EC1 and EC2, as MLE-bench grades it.

MLE-bench's rules: columns id, EC1 and EC2 present (others ignored); one row per
test row; ids equal to the answers' after sorting both (so each exactly once).
Values are not range-checked (only their order counts); text, NaN or infinity make
the metric fail, which MLE-bench counts as invalid. The score is scikit-learn's
macro-average AUC, i.e. the mean of the two columns' AUCs.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading.recipes import numbers_by_id
from pytest_mlebench.metrics import mean_column_auc

ID = "id"
GRADED = ["EC1", "EC2"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return mean_column_auc(answers[GRADED].to_numpy(), numbers_by_id(submission, answers, ID, GRADED))
