"""Contrails: global Dice, all contrail pixels of all test records pooled.

MLE-bench's rules: columns `record_id` and `encoded_pixels` are required
(others are ignored); one row per test record, the same ids; "-" is an
empty mask, and an empty cell is not a mask at all (invalid, as in
MLE-bench); masks are RLE at the record's size, and a malformed one makes
the submission invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.recipes import rows_by_id
from pytest_mlebench.metrics import dice_global
from pytest_mlebench.metrics.segmentation import rle_counts

ID, MASK, EMPTY = "record_id", "encoded_pixels", "-"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [MASK], unit="test record")
    masks = aligned[MASK]
    if masks.isna().any():
        raise InvalidSubmission(f"{int(masks.isna().sum())} empty cell(s) in {MASK!r}: write '-' for a record without contrails")
    n_pixels = answers["height"].astype(int).to_numpy() * answers["width"].astype(int).to_numpy()
    try:
        counts = rle_counts(answers[MASK].replace(EMPTY, ""), masks.replace(EMPTY, ""), n_pixels)
    except ValueError as exc:
        raise InvalidSubmission(f"cannot decode a mask: {exc}") from None
    return dice_global(counts)
