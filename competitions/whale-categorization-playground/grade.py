"""Humpback Whale Identification: MAP@5 of up to five whale ids guessed per test image.

MLE-bench's rules: exactly the columns `Image` and `Id`, as many rows as the
answers and the same set of images (so every test image exactly once, any
order). `Id` is split on single spaces after pandas 2's `astype(str)` (a blank
cell becomes the guess "nan"). Each image has one true id, `new_whale` for a
whale never seen in train.csv, so its AP@5 is 1/rank of the first right guess.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import map_at_k
from pytest_mlebench.grading.recipes import require_exact_columns, rows_by_id, space_separated

ID, TARGET = "Image", "Id"
K = 5


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_exact_columns(submission, [ID, TARGET])
    aligned = rows_by_id(submission, answers, ID, [TARGET], unit="test image")
    truth = [set(ids) for ids in space_separated(answers[TARGET])]
    return map_at_k(truth, space_separated(aligned[TARGET]), K)
