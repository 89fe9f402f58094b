"""Plant Pathology 2020: mean column-wise ROC AUC over the four classes, as MLE-bench grades it.

MLE-bench's rules: exactly the columns image_id, healthy, multiple_diseases, rust
and scab (any order, no others); one row per test image; the image ids equal to
the answers' after sorting both (so each exactly once). Values are not
range-checked (only their order counts), but text, NaN or infinity make the
metric fail, which MLE-bench counts as invalid. The score is the mean of the four
per-class AUCs.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading.recipes import numbers_by_id, require_exact_columns
from pytest_mlebench.metrics import mean_column_auc

ID = "image_id"
CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_exact_columns(submission, [ID] + CLASSES)
    return mean_column_auc(answers[CLASSES].to_numpy(), numbers_by_id(submission, answers, ID, CLASSES, unit="test image"))
