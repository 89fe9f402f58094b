"""Vesuvius ink detection: pixel F0.5 of the ink mask of the held-out fragment.

MLE-bench's rules: the same number of rows as the answers (one, id "a"),
matched by position; exactly two columns, `Id` and `Predicted`; the id must
be the answers' one; the mask is an RLE string numbered along the rows
(pixel 2 is right of pixel 1), and a malformed one makes the submission
invalid. F0.5 is counted on the runs: the fragment has tens of millions of
pixels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.metrics import pixel_fbeta
from pytest_mlebench.metrics.segmentation import rle_counts

ID, MASK = "Id", "Predicted"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers)} row(s), got {len(submission)}")
    if len(submission.columns) != 2 or set(submission.columns) != {ID, MASK}:
        raise InvalidSubmission(f"the columns must be exactly {[ID, MASK]}; the submission has {list(submission.columns)}")
    wrong = submission[ID].astype(str).to_numpy() != answers[ID].astype(str).to_numpy()
    if wrong.any():
        raise InvalidSubmission(f"row {wrong.argmax() + 1} has id {submission[ID].iloc[wrong.argmax()]!r}; expected {answers[ID].iloc[wrong.argmax()]!r}")
    scores = []
    for predicted, truth, width, height in zip(submission[MASK], answers[MASK], answers["width"], answers["height"]):
        if not isinstance(predicted, str):
            raise InvalidSubmission(f"{MASK!r} must be an RLE string, got {predicted!r}")
        try:
            counts = rle_counts([truth], [predicted], int(width) * int(height))
        except ValueError as exc:
            raise InvalidSubmission(f"cannot decode the mask: {exc}") from None
        scores.append(pixel_fbeta(counts, beta=0.5))
    return float(np.mean(scores))
