"""Denoising dirty documents: pixel RMSE between the submitted and the clean grey levels.

MLE-bench's rules, kept exactly: the columns `id` and `value` are required
(others are ignored); the submission must have as many rows as the answers
and, once both are sorted by id, the same ids (so every pixel exactly once,
in any order); `value` must be numbers (text, NaN or infinity make the
metric fail, which MLE-bench counts as invalid). Values are not clipped to
[0, 1]. The answers have about 5.8 million rows, so rows are matched with a
hash lookup instead of two sorts (same verdict: a one-to-one match of ids),
and the common case, a submission in the answers' order, skips even that.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import as_numbers
from pytest_mlebench.grading.recipes import check_rows_and_columns
from pytest_mlebench.metrics import rmse

ID, VALUE = "id", "value"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_rows_and_columns(submission, answers, [ID, VALUE], unit="pixel of the test pages")
    values = as_numbers(submission, [VALUE])[:, 0]
    submitted_ids = submission[ID].to_numpy()
    expected_ids = answers[ID].to_numpy()
    if not np.array_equal(submitted_ids, expected_ids):
        values = values[_positions(submitted_ids, expected_ids)]
    return rmse(answers[VALUE].to_numpy(dtype=float), values)


def _positions(submitted_ids: np.ndarray, expected_ids: np.ndarray) -> np.ndarray:
    """Where each expected id sits in the submission; refuses duplicates and unknown or missing ids.

    With equal row counts, "unique and every expected id present" is the same
    test as MLE-bench's "sorted ids are equal".
    """
    index = pd.Index(submitted_ids)
    if not index.is_unique:
        duplicated = index[index.duplicated()].unique()[:3]
        raise InvalidSubmission(f"duplicate id(s) in {ID!r}, e.g. {', '.join(map(repr, duplicated))}")
    positions = index.get_indexer(expected_ids)
    missing = expected_ids[positions < 0]
    if len(missing):
        raise InvalidSubmission(
            f"{len(missing):,} pixel id(s) missing from {ID!r} (so as many unknown ones present), "
            f"e.g. {', '.join(map(repr, missing[:3]))}"
        )
    return positions
