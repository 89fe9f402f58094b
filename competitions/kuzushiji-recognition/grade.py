"""Kuzushiji: F1 of predicted character centres that fall strictly inside a true box of the same character.

MLE-bench's rules: columns `image_id` and `labels` are required; one row per
test page (same ids, any order); an empty cell predicts nothing; otherwise
"unicode X Y" repeated, separated by single spaces, X and Y numbers (a token
count that is not a multiple of 3, or X/Y that do not parse, is invalid).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, align_by_id, require_columns
from pytest_mlebench.metrics import centre_point_f1

ID, LABELS = "image_id", "labels"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers)} rows (one per test page), got {len(submission)}")
    require_columns(submission, [ID, LABELS])
    aligned = align_by_id(submission, answers, ID)
    gt_page, gt_label, gt_boxes = _characters(answers[LABELS], 5)
    pred_page, pred_label, pred_points = _characters(aligned[LABELS], 3)
    return centre_point_f1(gt_page, gt_label, gt_boxes, pred_page, pred_label, pred_points)


def _characters(texts: pd.Series, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every character of every page: page number, unicode label, and its width - 1 numbers."""
    pages, labels, numbers = [], [], []
    for page, text in enumerate(texts):
        if isinstance(text, float) and np.isnan(text):
            continue  # an empty cell: no characters
        if not isinstance(text, str):
            raise InvalidSubmission(f"row {page + 1}: {LABELS} must be text, got {text!r}")
        tokens = text.split(" ")
        if len(tokens) % width:
            raise InvalidSubmission(f"row {page + 1}: {LABELS} needs {width} tokens per character, got {len(tokens)}: {text[:60]!r}")
        try:
            numbers += [float(token) for i, token in enumerate(tokens) if i % width]
        except ValueError:
            raise InvalidSubmission(f"row {page + 1}: the coordinates in {LABELS} must be numbers: {text[:60]!r}") from None
        pages += [page] * (len(tokens) // width)
        labels += tokens[0::width]
    return np.array(pages, dtype=np.int64), np.array(labels, dtype=object), np.array(numbers, dtype=float).reshape(-1, width - 1)
