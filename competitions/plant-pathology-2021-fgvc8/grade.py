"""Plant Pathology 2021: micro-averaged F1 of the predicted disease-label sets.

MLE-bench's rules: the columns `image` and `labels`, as many rows as the
answers, and the same image names once both are sorted (every test image
exactly once, any order). Labels are split on whitespace; blank cells are empty
sets. Only labels that occur somewhere in the true answers count: MLE-bench
binarizes with the true labels as its classes, so any other word is ignored
rather than counted as a false positive.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import micro_f1_sets
from pytest_mlebench.grading.recipes import rows_by_id, word_lists

ID, TARGET = "image", "labels"
HINT = "write space-separated disease labels"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [TARGET], unit="test image")
    return micro_f1_sets(word_lists(answers, TARGET, ID), word_lists(aligned, TARGET, ID, hint=HINT))
