"""Hotel-ID 2021: MAP@5 of up to five hotel ids guessed per test image.

MLE-bench's rules: the columns `image` and `hotel_id` (others are ignored), the
same set of images as the answers and as many rows (so every test image
exactly once, any order). `hotel_id` is split on single spaces after pandas 2's
`astype(str)`: a blank cell becomes the guess "nan", and a column pandas reads
as decimals (e.g. `123.0`) no longer matches the integer ids. Each image has
one true hotel, so its AP@5 is 1/rank of the first right guess (0 if none).
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import map_at_k
from pytest_mlebench.grading.recipes import rows_by_id, space_separated

ID, TARGET = "image", "hotel_id"
K = 5


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [TARGET], unit="test image")
    truth = [set(ids) for ids in space_separated(answers[TARGET])]
    return map_at_k(truth, space_separated(aligned[TARGET]), K)
