"""iMet Collection 2020: micro-averaged F1 of the predicted attribute sets.

MLE-bench's rules: the columns `id` and `attribute_ids`, as many rows as the
answers, and the same ids once both are sorted (every test image exactly once,
any order). Attribute ids are split on whitespace; blank cells are empty sets.
Only attributes that occur somewhere in the true answers count: MLE-bench
binarizes with the true attributes as its classes, so an attribute never seen
there is ignored rather than counted as a false positive. A column pandas reads
as numbers (every row a single attribute id) fails MLE-bench's text handling:
invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import micro_f1_sets
from pytest_mlebench.grading.recipes import rows_by_id, word_lists

ID, TARGET = "id", "attribute_ids"
HINT = "a column of single attribute ids is not read as text but as numbers (MLE-bench then fails): give some row two"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [TARGET], unit="test image")
    return micro_f1_sets(word_lists(answers, TARGET, ID), word_lists(aligned, TARGET, ID, hint=HINT))
