"""Paddy disease classification: accuracy of the predicted disease `label`, graded as MLE-bench grades it.

MLE-bench's rules, kept exactly: the columns `image_id` and `label` present
(others are ignored), exactly one row per test image, and after sorting both
tables on `image_id` the ids must be identical (each test image once). A blank
label counts as the empty text, so it is simply wrong rather than invalid;
labels are compared as text with scikit-learn's `accuracy_score`, spelt exactly
as in train.csv (`normal`, `blast`, `brown_spot`, ...).
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import label_accuracy
from pytest_mlebench.grading.recipes import label_grader


def _blank_as_empty(column: pd.Series) -> list:
    """A blank label becomes the empty text, which matches no disease: wrong, not invalid."""
    return column.fillna("").tolist()


grade = label_grader(
    label_accuracy, id_column="image_id", target="label", unit="test image",
    expected="disease names such as 'blast' or 'normal'",
    convert=_blank_as_empty,
)
