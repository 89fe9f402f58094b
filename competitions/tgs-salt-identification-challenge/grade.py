"""TGS salt: mean over images of the precision at IoU thresholds 0.5-0.95 of each 101x101 salt mask.

MLE-bench's rules: the columns must be exactly `id` and `rle_mask`; one row
per test image (same ids, any order); every value is text once empty cells
are read as empty masks; masks are column-major RLE and a malformed one
(unsorted, overlapping, non-positive) makes the submission invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import align_by_id
from pytest_mlebench.grading.recipes import check_rows_and_columns, require_exact_columns
from pytest_mlebench.metrics import mean_iou_precision
from pytest_mlebench.metrics.segmentation import rle_counts

ID, MASK = "id", "rle_mask"
N_PIXELS = 101 * 101


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_exact_columns(submission, [ID, MASK])
    check_rows_and_columns(submission, answers, [ID, MASK], unit="test image")
    submission = submission.fillna("")
    not_text = ~submission.map(lambda value: isinstance(value, str)).to_numpy().all(axis=1)
    if not_text.any():
        raise InvalidSubmission(f"every value must be text (an RLE string, empty for no salt); row {not_text.argmax() + 1} is not")
    aligned = align_by_id(submission, answers, ID)
    try:
        counts = rle_counts(answers[MASK].fillna(""), aligned[MASK], N_PIXELS)
    except ValueError as exc:
        raise InvalidSubmission(f"cannot decode a mask: {exc}") from None
    return mean_iou_precision(counts, N_PIXELS)
