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

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import align_by_id, as_numbers
from pytest_mlebench.metrics import mean_column_auc

ID = "image_id"
CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers)} rows (one per test image), got {len(submission)}")
    if set(submission.columns) != {ID, *CLASSES}:
        raise InvalidSubmission(f"expected exactly the columns {[ID] + CLASSES}; got {list(submission.columns)}")
    aligned = align_by_id(submission, answers, ID)
    return mean_column_auc(answers[CLASSES].to_numpy(), as_numbers(aligned, CLASSES))
