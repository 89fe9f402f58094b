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

from pytest_mlebench.grading import InvalidSubmission, align_by_id, require_columns
from pytest_mlebench.metrics import micro_f1_sets

ID, TARGET = "image", "labels"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test image), got {len(submission):,}")
    aligned = align_by_id(submission, answers, ID)
    return micro_f1_sets(_label_sets(answers[TARGET]), _label_sets(aligned[TARGET]))


def _label_sets(column: pd.Series) -> list[list[str]]:
    """Each cell split on whitespace; a blank cell is an empty set and a non-text cell is refused."""
    cells = column.astype(object).fillna("").tolist()
    bad = next((value for value in cells if not isinstance(value, str)), None)
    if bad is not None:
        raise InvalidSubmission(f"{TARGET!r} must hold space-separated disease labels as text, not {bad!r}")
    return [cell.split() for cell in cells]
