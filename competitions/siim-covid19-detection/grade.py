"""SIIM COVID-19: MLE-bench's VOC-style mAP (IoU > 0.5) over the six labels, study and image rows together.

MLE-bench's rules: columns `id` and `PredictionString` are required; one row
per study and per image of the test set (same ids, any order); each
PredictionString is "label confidence x_min y_min x_max y_max" repeated
(whitespace-separated; an empty cell, a count that is not a multiple of 6,
or a non-number is invalid). Study rows carry a class label with the dummy
box "0 0 1 1"; image rows carry "opacity" boxes or "none 1 0 0 1 1".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, align_by_id, require_columns
from pytest_mlebench.metrics import voc_map

ID, PREDICTIONS = "id", "PredictionString"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers)} rows (one per test study and image), got {len(submission)}")
    require_columns(submission, [ID, PREDICTIONS])
    aligned = align_by_id(submission, answers, ID)
    gt_image, gt_label, gt_values = _boxes(answers[PREDICTIONS])
    pred_image, pred_label, pred_values = _boxes(aligned[PREDICTIONS])
    return voc_map(gt_image, gt_label, gt_values[:, 1:], pred_image, pred_label, pred_values[:, 0],
                   pred_values[:, 1:], n_images=len(answers))


def _boxes(texts: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every box of every row: its row number, its label, and (confidence, x_min, y_min, x_max, y_max)."""
    images, labels, values = [], [], []
    for row, text in enumerate(texts):
        if not isinstance(text, str):
            raise InvalidSubmission(f"row {row + 1}: {PREDICTIONS} must be text like 'none 1 0 0 1 1', got {text!r}")
        tokens = text.split()
        if len(tokens) % 6:
            raise InvalidSubmission(f"row {row + 1}: {PREDICTIONS} needs 6 tokens per box (label confidence x_min y_min x_max y_max)")
        try:
            numbers = [float(token) for i, token in enumerate(tokens) if i % 6]
        except ValueError:
            raise InvalidSubmission(f"row {row + 1}: could not read the numbers of {PREDICTIONS} {text[:60]!r}") from None
        images += [row] * (len(tokens) // 6)
        labels += tokens[0::6]
        values += numbers
    return np.array(images, dtype=np.int64), np.array(labels, dtype=object), np.array(values, dtype=float).reshape(-1, 5)
