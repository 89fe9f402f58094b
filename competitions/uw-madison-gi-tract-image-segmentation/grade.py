"""UW-Madison GI tract: 0.4 x mean Dice per (slice, organ) row + 0.6 x (1 - mean 3D Hausdorff per scan).

MLE-bench's rules: columns `id`, `class` and `predicted` are required; an
empty cell is an empty mask; masks are RLE decoded at the slice's size from
the answers, and a malformed one makes the submission invalid. MLE-bench
pairs submission rows with answer rows by position and groups them into
scans by id; we therefore require the rows of `test.csv` (the sample
submission's ids, in that order), where MLE-bench would silently compare
the wrong rows. The `class` column is not checked (MLE-bench ignores it):
row i is compared with answer row i.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.recipes import check_rows_and_columns
from pytest_mlebench.metrics import dice_hausdorff
from pytest_mlebench.metrics.segmentation import rle_decode

ID, CLASS, MASK = "id", "class", "predicted"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_rows_and_columns(submission, answers, [ID, CLASS, MASK], unit="row of test.csv, in order")
    out_of_place = submission[ID].astype(str).to_numpy() != answers[ID].astype(str).to_numpy()
    if out_of_place.any():
        row = int(out_of_place.argmax())
        raise InvalidSubmission(
            f"rows must follow test.csv row by row (rows are matched by position): row {row + 1} has id "
            f"{submission[ID].iloc[row]!r}, expected {answers[ID].iloc[row]!r}")
    predicted = submission[MASK].fillna("").to_numpy()
    truth = answers[MASK].fillna("").to_numpy()
    heights = answers["image_height"].astype(int).to_numpy()
    widths = answers["image_width"].astype(int).to_numpy()
    try:
        return dice_hausdorff(_scans(answers[ID].astype(str), truth, predicted, heights, widths))
    except ValueError as exc:
        raise InvalidSubmission(f"cannot decode a mask: {exc}") from None


def _scans(ids: pd.Series, truth, predicted, heights, widths):
    """One (true masks, predicted masks, slice index) per scan ("case<N>_day<M>"), slices in id order."""
    scan = ids.str.split("_slice_").str[0]
    for rows in scan.groupby(scan, sort=True).indices.values():
        slice_ids = ids.to_numpy()[rows]
        _, slice_index = np.unique(slice_ids, return_inverse=True)
        true_masks = np.stack([rle_decode(truth[i], int(heights[i]), int(widths[i])) for i in rows])
        pred_masks = np.stack([rle_decode(predicted[i], int(heights[i]), int(widths[i])) for i in rows])
        yield true_masks, pred_masks, slice_index
