"""UW-Madison GI tract: 0.4 x mean Dice per (slice, organ) row + 0.6 x (1 - mean 3D Hausdorff per scan).

Graded as MLE-bench grades it, quirks included:
- only the columns `id`, `class` and `predicted` are required; `class` is not read;
- rows are paired with the answers' rows BY POSITION and the row counts are not
  compared: row i is decoded at the size of answer row i, Dice compares it with
  answer row i, rows past the shorter table are ignored (a missing row shifts
  every later one);
- for the Hausdorff term each side is grouped on its OWN ids: rows sorted by id,
  rows of one slice merged (logical OR), slices stacked into one volume per scan
  ("case<N>_day<M>") in the order scans first appear among the sorted ids, and the
  k-th submitted volume is compared with the k-th true one, even when their ids
  or slice counts differ;
- an empty cell is an empty mask; a run-length string is read as MLE-bench reads
  it: whole numbers, starts sorted and positive, lengths positive, runs not
  overlapping; with an odd count the last start gets the only length when there
  are three numbers (one number alone is an empty mask), other odd counts fail;
- rows or scans empty on both sides are left out of the means; when nothing is
  left the score is NaN (valid, no medal): UndefinedScore here.
Whatever makes MLE-bench's grader fail (text in a mask, overlapping runs, masks
of different sizes merged or stacked together) is invalid here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from pytest_mlebench.errors import InvalidSubmission, UndefinedScore
from pytest_mlebench.grading.checks import require_columns

ID, CLASS, MASK = "id", "class", "predicted"
DICE_WEIGHT = 0.4


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, CLASS, MASK])
    n = min(len(submission), len(answers))
    heights = answers["image_height"].astype(int).tolist()
    widths = answers["image_width"].astype(int).tolist()
    predicted = submission[MASK].fillna("").tolist()[:n]
    truth = answers[MASK].fillna("").tolist()
    submitted_ids = submission[ID].tolist()[:n]
    bad = [i for i, value in enumerate(submitted_ids) if not isinstance(value, str)]
    if bad:
        raise InvalidSubmission(f"every {ID} must be text like 'case123_day20_slice_0001'; row {bad[0] + 1} has {submitted_ids[bad[0]]!r}")

    def submitted_mask(i: int) -> np.ndarray:
        return _decode(predicted[i], heights[i], widths[i], row=i + 1)

    def true_mask(i: int) -> np.ndarray:
        return _decode(truth[i], heights[i], widths[i], row=i + 1)

    dices = [_dice(submitted_mask(i), true_mask(i)) for i in range(n)]

    submitted_scans = _scans(submitted_ids)
    true_scans = _scans([str(value) for value in answers[ID].tolist()])
    for scan, slices in submitted_scans:  # MLE-bench merges and stacks every submitted scan
        shapes = {(heights[i], widths[i]) for rows in slices for i in rows}
        if len(shapes) > 1:
            raise InvalidSubmission(
                f"scan {scan!r} mixes masks of sizes {sorted(shapes)}: its rows are decoded at the sizes of the "
                f"answer rows at the same positions; keep the rows of test.csv in their order")
    distances = [
        _hausdorff(_volume(slices, submitted_mask), _volume(true_slices, true_mask))
        for (_, slices), (_, true_slices) in zip(submitted_scans, true_scans)
    ]
    dice = _nan_mean(dices)
    distance = _nan_mean(distances)
    score = DICE_WEIGHT * dice + (1 - DICE_WEIGHT) * (1 - distance)
    if np.isnan(score):
        raise UndefinedScore("every paired mask and scan is empty on both sides (or there are none): the score is undefined")
    return float(score)


def _decode(rle, height: int, width: int, row: int) -> np.ndarray:
    """A (height, width) boolean mask, pixels numbered from 1 down the columns, read as MLE-bench reads it."""
    if not isinstance(rle, str):
        raise InvalidSubmission(f"row {row}: a mask must be a run-length string, got {rle!r}")
    mask = np.zeros(height * width, dtype=bool)
    if rle.strip():
        try:
            numbers = [int(token) for token in rle.split()]
        except ValueError:
            raise InvalidSubmission(f"row {row}: a mask must hold whole numbers, got {rle[:60]!r}") from None
        starts, lengths = numbers[0::2], numbers[1::2]
        if starts != sorted(starts):
            raise InvalidSubmission(f"row {row}: the runs must be sorted by start: {rle[:60]!r}")
        if min(starts) <= 0 or (lengths and min(lengths) <= 0):
            raise InvalidSubmission(f"row {row}: starts and lengths must be positive: {rle[:60]!r}")
        if len(lengths) != len(starts):
            if len(lengths) > 1:
                raise InvalidSubmission(f"row {row}: a mask needs start/length pairs, got {len(numbers)} numbers: {rle[:60]!r}")
            lengths = lengths * len(starts)  # one length serves every start; no length: no run at all
            starts = starts[:len(lengths)]
        for start, length in zip(starts, lengths):
            low = start - 1
            if mask[low:low + length].any():
                raise InvalidSubmission(f"row {row}: runs overlap: {rle[:60]!r}")
            mask[low:low + length] = True
    return mask.reshape(width, height).T


def _dice(predicted: np.ndarray, truth: np.ndarray) -> float:
    total = int(predicted.sum()) + int(truth.sum())
    if total == 0:
        return float("nan")
    return 2 * int(np.logical_and(predicted, truth).sum()) / total


def _scans(ids: list[str]) -> list[tuple[str, list[list[int]]]]:
    """Per scan, in the order scans first appear among the sorted ids: its slices, each a list of row numbers."""
    slices: dict[str, list[int]] = {}
    for i in sorted(range(len(ids)), key=ids.__getitem__):
        slices.setdefault(ids[i], []).append(i)
    scans: dict[str, list[list[int]]] = {}
    for slice_id, rows in slices.items():
        scans.setdefault(slice_id.split("_slice_")[0], []).append(rows)
    return list(scans.items())


def _volume(slices: list[list[int]], mask) -> np.ndarray:
    return np.stack([np.logical_or.reduce([mask(i) for i in rows]) for rows in slices])


def _hausdorff(predicted: np.ndarray, truth: np.ndarray) -> float:
    """MLE-bench's 3D Hausdorff distance: coordinates divided by the TRUE volume's shape, over the unit
    cube's diagonal; both empty -> NaN, identical -> 0, one empty or a prediction over ten times larger -> 1."""
    n_predicted, n_true = int(predicted.sum()), int(truth.sum())
    if n_predicted == 0 and n_true == 0:
        return float("nan")
    if predicted.shape == truth.shape and np.array_equal(predicted, truth):
        return 0.0
    if n_predicted == 0 or n_true == 0 or n_predicted > 10 * n_true:
        return 1.0
    scale = np.asarray(truth.shape, dtype=float)
    a, b = np.argwhere(truth) / scale, np.argwhere(predicted) / scale
    return float(max(cKDTree(b).query(a)[0].max(), cKDTree(a).query(b)[0].max()) / np.sqrt(3))


def _nan_mean(values: list[float]) -> float:
    values = np.asarray(values, dtype=float)
    kept = values[~np.isnan(values)]
    return float(kept.mean()) if len(kept) else float("nan")
