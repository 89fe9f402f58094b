"""Scoring functions: pure, vectorised, named for what they compute.

Each takes arrays of answers and predictions that the grader has already
validated and aligned row by row, and returns a float.
"""

from __future__ import annotations

import numpy as np
from sklearn import metrics as skm


def _as_arrays(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true has {len(y_true)} rows but y_pred has {len(y_pred)}")
    if len(y_true) == 0:
        raise ValueError("cannot score zero rows")
    return y_true, y_pred


def accuracy(y_true, y_pred) -> float:
    y_true, y_pred = _as_arrays(y_true, y_pred)
    return float(np.mean(y_true.astype(str) == y_pred.astype(str)))


def roc_auc(y_true, y_pred) -> float:
    """Area under the ROC curve of a binary target (y_true in {0, 1})."""
    y_true, y_pred = _as_arrays(y_true, y_pred)
    return float(skm.roc_auc_score(y_true.astype(int), y_pred.astype(float)))


def rmse(y_true, y_pred) -> float:
    y_true, y_pred = _as_arrays(y_true, y_pred)
    diff = y_true.astype(float) - y_pred.astype(float)
    return float(np.sqrt(np.mean(diff * diff)))


def rmse_log(y_true, y_pred) -> float:
    """RMSE between natural logs (Kaggle's house-prices metric); inputs must be > 0."""
    y_true, y_pred = _as_arrays(y_true, y_pred)
    return rmse(np.log(y_true.astype(float)), np.log(y_pred.astype(float)))


def mae(y_true, y_pred) -> float:
    y_true, y_pred = _as_arrays(y_true, y_pred)
    return float(np.mean(np.abs(y_true.astype(float) - y_pred.astype(float))))


def multiclass_log_loss(y_true, y_prob, labels, eps: float = 1e-15) -> float:
    """Kaggle's multi-class log loss: rows renormalised, clipped to [eps, 1-eps]."""
    y_true = np.asarray(y_true).astype(str)
    y_prob = np.asarray(y_prob, dtype=float)
    labels = [str(x) for x in labels]
    y_prob = y_prob / y_prob.sum(axis=1, keepdims=True)
    y_prob = np.clip(y_prob, eps, 1 - eps)
    index = {label: i for i, label in enumerate(labels)}
    cols = np.array([index[v] for v in y_true])
    return float(-np.mean(np.log(y_prob[np.arange(len(y_true)), cols])))


def levenshtein(a, b) -> int:
    """Edit distance between two sequences (strings or token lists)."""
    if len(a) < len(b):
        a, b = b, a
    previous = np.arange(len(b) + 1)
    for i, item in enumerate(a, start=1):
        current = np.empty_like(previous)
        current[0] = i
        for j, other in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (item != other))
        previous = current
    return int(previous[-1])


def token_error_rate(y_true, y_pred) -> float:
    """Total edit distance over whitespace tokens / total reference tokens (like WER)."""
    y_true, y_pred = _as_arrays(y_true, y_pred)
    errors = sum(levenshtein(t.split(), p.split()) for t, p in zip(y_true.astype(str), y_pred.astype(str)))
    total = sum(len(t.split()) for t in y_true.astype(str))
    return float(errors / max(total, 1))


METRICS = {
    "accuracy": accuracy,
    "roc_auc": roc_auc,
    "rmse": rmse,
    "rmse_log": rmse_log,
    "mae": mae,
    "multiclass_log_loss": multiclass_log_loss,
    "token_error_rate": token_error_rate,
}
