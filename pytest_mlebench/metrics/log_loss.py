"""Probability metrics: log losses and divergences.

Two kinds of clipping meet here. scikit-learn's `log_loss` (which most MLE-bench
graders call) clips probabilities to [eps, 1 - eps] with eps the float64 step
(about 2.2e-16) and does not renormalise rows; Kaggle's own metric code clips
with eps = 1e-15. Each function says which one it follows.
"""

from __future__ import annotations

import numpy as np
from scipy.special import rel_entr, xlogy

from pytest_mlebench.metrics._common import as_arrays

__all__ = [
    "multiclass_log_loss",
    "binary_log_loss",
    "one_hot_log_loss",
    "weighted_multilabel_log_loss",
    "kl_divergence",
]


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


def binary_log_loss(y_true, y_prob) -> float:
    """Log loss of a 0/1 target and the probability of class 1, as scikit-learn's `log_loss` gives it.

    Mean over rows of -log(p) when the label is 1 and -log(1 - p) when it is 0,
    with p and 1 - p clipped to [eps, 1 - eps] (eps = float64 step, ~2.2e-16).
    """
    y_true, y_prob = as_arrays(y_true, y_prob)
    y_true = _zeros_and_ones(y_true, "y_true")
    y_prob = _probabilities(y_prob, "y_prob")
    if y_prob.ndim != 1:
        raise ValueError(f"y_prob must be one probability per row, not an array of shape {y_prob.shape}")
    eps = np.finfo(np.float64).eps
    # scikit-learn's steps: columns [1 - p, p], each clipped, against the one-hot [1 - y, y].
    loss = -(xlogy(1 - y_true, np.clip(1 - y_prob, eps, 1 - eps)) + xlogy(y_true, np.clip(y_prob, eps, 1 - eps)))
    return float(np.mean(loss))


def one_hot_log_loss(y_true, y_prob) -> float:
    """Multi-class log loss of one-hot answers, as scikit-learn's `log_loss` gives it.

    Mean over rows of -log of the probability in the true class's column, clipped
    to [eps, 1 - eps] (eps = float64 step). Rows are NOT renormalised (unlike
    `multiclass_log_loss`): graders that use this refuse rows not summing to 1.
    """
    y_true, y_prob = _matrices(y_true, y_prob)
    y_true = _zeros_and_ones(y_true, "y_true")
    if not (y_true.sum(axis=1) == 1).all():
        raise ValueError("each row of y_true must hold exactly one 1 (one-hot answers)")
    y_prob = _probabilities(y_prob, "y_prob")
    if y_true.shape[1] < 2:
        raise ValueError("one_hot_log_loss needs at least two classes (columns)")
    eps = np.finfo(np.float64).eps
    return float(np.mean(-xlogy(y_true, np.clip(y_prob, eps, 1 - eps)).sum(axis=1)))


def weighted_multilabel_log_loss(y_true, y_prob, positive_weights, negative_weights, eps: float = 1e-15) -> float:
    """Weighted binary log loss over several labels per row (RSNA 2022 cervical spine).

    Each cell's binary log loss (probability clipped to [eps, 1 - eps]) is weighted
    by `positive_weights[j]` when its label is 1 and `negative_weights[j]` when 0;
    a row's loss is the weighted mean over its labels (sum of weighted losses over
    the sum of its weights), and the score is the plain mean over rows.
    """
    y_true, y_prob = _matrices(y_true, y_prob)
    y_true = _zeros_and_ones(y_true, "y_true")
    y_prob = _probabilities(y_prob, "y_prob")
    positive = np.asarray(positive_weights, dtype=float)
    negative = np.asarray(negative_weights, dtype=float)
    if positive.shape != (y_true.shape[1],) or negative.shape != (y_true.shape[1],):
        raise ValueError(f"need one positive and one negative weight per label column ({y_true.shape[1]})")
    if (positive <= 0).any() or (negative <= 0).any():
        raise ValueError("weights must be positive")
    p = np.clip(y_prob, eps, 1 - eps)
    loss = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
    weights = np.where(y_true == 1, positive, negative)
    return float(np.mean((loss * weights).sum(axis=1) / weights.sum(axis=1)))


def kl_divergence(y_true, y_prob, eps: float = 1e-15) -> float:
    """Kaggle's Kullback-Leibler divergence of predicted from true distributions, row-averaged.

    Per row: sum over classes of t * log(t / p), with p clipped to [eps, 1 - eps]
    and cells where t = 0 counting 0. The score is the mean over rows. Both
    inputs are rows of probabilities (the caller checks that they sum to 1).
    """
    y_true, y_prob = _matrices(y_true, y_prob)
    y_true = _probabilities(y_true, "y_true")
    y_prob = _probabilities(y_prob, "y_prob")
    return float(np.mean(rel_entr(y_true, np.clip(y_prob, eps, 1 - eps)).sum(axis=1)))


def _matrices(y_true, y_prob) -> tuple[np.ndarray, np.ndarray]:
    """Both inputs as 2-D arrays of one shape (rows x classes)."""
    y_true, y_prob = as_arrays(y_true, y_prob)
    if y_true.ndim != 2 or y_true.shape != y_prob.shape:
        raise ValueError(f"y_true and y_prob must be 2-D arrays of one shape, not {y_true.shape} and {y_prob.shape}")
    return y_true, y_prob


def _zeros_and_ones(values: np.ndarray, name: str) -> np.ndarray:
    try:
        numbers = values.astype(float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold only 0 and 1") from None
    if not np.isin(numbers, (0.0, 1.0)).all():
        raise ValueError(f"{name} must hold only 0 and 1")
    return numbers


def _probabilities(values: np.ndarray, name: str) -> np.ndarray:
    try:
        numbers = values.astype(float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers") from None
    if not np.isfinite(numbers).all():
        raise ValueError(f"{name} must hold finite numbers (no NaN or infinity)")
    if ((numbers < 0) | (numbers > 1)).any():
        raise ValueError(f"{name} must hold probabilities between 0 and 1")
    return numbers
