"""HuBMAP kidney: Dice of each test image's glomeruli mask, averaged (an image with both masks empty scores 1).

MLE-bench's rules: columns `id` and `predicted` are required (others are
ignored); one row per test image, the same ids; an empty cell is an empty
mask; masks are RLE at the image's size from the answers, and a malformed
one makes the submission invalid. The images are huge (up to 800 million
pixels), so Dice is counted on the runs without building masks.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.recipes import rows_by_id
from pytest_mlebench.metrics import mean_dice
from pytest_mlebench.metrics.segmentation import rle_counts

ID, MASK = "id", "predicted"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [MASK], unit="test image")
    n_pixels = answers["width_pixels"].astype(int).to_numpy() * answers["height_pixels"].astype(int).to_numpy()
    try:
        counts = rle_counts(answers["encoding"].fillna(""), aligned[MASK].fillna(""), n_pixels)
    except ValueError as exc:
        raise InvalidSubmission(f"cannot decode a mask: {exc}") from None
    return mean_dice(counts, both_empty=1.0)
