"""Humpback Whale Identification: MAP@5 of up to five whale ids guessed per test image.

MLE-bench's rules: exactly the columns `Image` and `Id`, as many rows as the
answers and the same set of images (so every test image exactly once, any
order). `Id` is split on single spaces after pandas 2's `astype(str)` (a blank
cell becomes the guess "nan"). Each image has one true id, `new_whale` for a
whale never seen in train.csv, so its AP@5 is 1/rank of the first right guess.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, align_by_id
from pytest_mlebench.metrics import map_at_k

ID, TARGET = "Image", "Id"
K = 5


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if set(submission.columns) != {ID, TARGET}:
        raise InvalidSubmission(f"the columns must be exactly {[ID, TARGET]}; the submission has {list(submission.columns)}")
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test image), got {len(submission):,}")
    aligned = align_by_id(submission, answers, ID)
    truth = [set(ids) for ids in _split(answers[TARGET])]
    return map_at_k(truth, _split(aligned[TARGET]), K)


def _split(column: pd.Series) -> list[list[str]]:
    """pandas 2's `astype(str).str.split(" ")`: missing cells become "nan", runs of spaces give empty guesses."""
    return [text.split(" ") for text in column.astype(object).map(str)]
