"""Lyft 3D detection: mean over test samples and IoU thresholds 0.5-0.95 of each sample's 3D mAP.

MLE-bench's rules: columns `Id` and `PredictionString` are required; one row
per test sample (same ids, any order); an empty cell means no detection;
each object is 9 tokens separated by single spaces, "confidence center_x
center_y center_z width length height yaw class_name" (a token count that
is not a multiple of 9, or a number that does not parse, is invalid).
Predicted boxes of a class present in the sample's truth must have positive
sizes and finite numbers (Lyft's script refuses them otherwise).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.recipes import rows_by_id
from pytest_mlebench.metrics import mean_ap_3d

ID, PREDICTIONS = "Id", "PredictionString"
TOKENS = 9


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [PREDICTIONS], unit="test sample")
    gt_sample, gt_name, gt = _objects(answers[PREDICTIONS].fillna(""))
    pred_sample, pred_name, pred = _objects(aligned[PREDICTIONS].fillna(""))
    try:
        return mean_ap_3d(gt_sample, gt_name, gt[:, 1:4], gt[:, 4:7], gt[:, 7],
                          pred_sample, pred_name, pred[:, 0], pred[:, 1:4], pred[:, 4:7], pred[:, 7],
                          n_samples=len(answers))
    except ValueError as exc:
        raise InvalidSubmission(str(exc)) from None


def _objects(texts: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every object of every row: its row number, class name and the 8 numbers before the name."""
    samples, names, numbers = [], [], []
    for row, text in enumerate(texts):
        if not isinstance(text, str):
            raise InvalidSubmission(f"row {row + 1}: {PREDICTIONS} must be text, got {text!r}")
        if not text.strip():
            continue
        tokens = text.split(" ")
        if len(tokens) % TOKENS:
            raise InvalidSubmission(f"row {row + 1}: {PREDICTIONS} needs {TOKENS} tokens per object, got {len(tokens)}")
        try:
            numbers += [float(token) for i, token in enumerate(tokens) if i % TOKENS != TOKENS - 1]
        except ValueError:
            raise InvalidSubmission(f"row {row + 1}: could not read the numbers of {PREDICTIONS} {text[:60]!r}") from None
        samples += [row] * (len(tokens) // TOKENS)
        names += tokens[TOKENS - 1::TOKENS]
    return np.array(samples, dtype=np.int64), np.array(names, dtype=object), np.array(numbers, dtype=float).reshape(-1, 8)
