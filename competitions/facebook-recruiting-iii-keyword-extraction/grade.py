"""Facebook Recruiting III: micro-averaged F1 of the predicted tag sets.

MLE-bench's rules: the columns `Id` and `Tags`, as many rows as the answers, and
the same ids once both are sorted (every question exactly once, any order).
Tags are split on whitespace; blank cells are empty sets. Only tags that occur
somewhere in the true answers count: MLE-bench binarizes with the true tags as
its classes, so an unknown predicted tag is ignored rather than counted as a
false positive. A `Tags` column that pandas reads as numbers is not text and
fails MLE-bench's grader: invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import micro_f1_sets
from pytest_mlebench.grading.recipes import rows_by_id, word_lists

ID, TARGET = "Id", "Tags"
HINT = "write space-separated tags; a column of bare numbers is read as numbers"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [TARGET], unit="test question")
    return micro_f1_sets(word_lists(answers, TARGET, ID), word_lists(aligned, TARGET, ID, hint=HINT))
