"""Label metrics: predicted classes compared with true classes.

Two ways of comparing labels live here. `accuracy` compares them as text
("1" == 1), which suits graders that read every cell as a string. The other
functions take labels exactly as pandas read them and apply scikit-learn's
rules, as MLE-bench does: 1 and 1.0 are the same class, 1 and "1" are not, and
a fractional number or NaN makes scikit-learn raise ValueError (MLE-bench then
counts the submission as invalid); a mix of text and numbers raises in the
F1-type metrics, while `label_accuracy` keeps scikit-learn 1.5's rule (see there). Keeping
scikit-learn's own checks is what makes our scores equal MLE-bench's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn import metrics as skm
from sklearn.utils.multiclass import type_of_target

from pytest_mlebench.metrics._common import as_arrays

__all__ = [
    "accuracy",
    "label_accuracy",
    "top1_error",
    "macro_f1",
    "micro_f1",
    "quadratic_weighted_kappa",
    "matthews_correlation",
    "probabilistic_f1",
]


def accuracy(y_true, y_pred) -> float:
    """Share of rows whose labels are equal as text."""
    y_true, y_pred = as_arrays(y_true, y_pred)
    return float(np.mean(y_true.astype(str) == y_pred.astype(str)))


def label_accuracy(y_true, y_pred) -> float:
    """Share of rows whose labels are equal as values, under the label checks of
    scikit-learn 1.5's `accuracy_score` (the version MLE-bench pins), whatever
    scikit-learn is installed.

    Both columns must be the same kind of target (two classes or several, not
    fractional numbers or NaN). Text among numbers is refused only where both
    columns hold two classes, as scikit-learn 1.5 then sorts their union; with
    more classes such labels are simply wrong, so [0, 1, 2] against
    ["0", "1", "2"] scores 0. (Later scikit-learn refuses any such mix.)
    """
    y_true, y_pred = as_arrays(y_true, y_pred)
    kinds = {type_of_target(y_true, input_name="y_true"), type_of_target(y_pred, input_name="y_pred")}
    if kinds == {"binary", "multiclass"}:
        kinds = {"multiclass"}
    if len(kinds) > 1:
        raise ValueError("Classification metrics can't handle a mix of {} and {} targets".format(*sorted(kinds)))
    (kind,) = kinds
    if kind == "multilabel-indicator":
        return float(skm.accuracy_score(y_true, y_pred))
    if kind not in ("binary", "multiclass"):
        raise ValueError(f"{kind} is not supported")
    y_true, y_pred = y_true.reshape(-1), y_pred.reshape(-1)
    if kind == "binary":
        try:
            np.union1d(y_true, y_pred)
        except TypeError as exc:
            raise TypeError(f"labels in y_true and y_pred should be of the same type ({exc})") from None
    return float(np.mean(y_true == y_pred))


def top1_error(y_true, y_pred) -> float:
    """1 - accuracy: the share of rows whose predicted class is wrong (lower is better)."""
    return 1.0 - label_accuracy(y_true, y_pred)


def macro_f1(y_true, y_pred) -> float:
    """Unweighted mean over classes of each class's F1.

    The classes are those found in either column, so a class that is only ever
    predicted (never true) counts with F1 0 and drags the mean down.
    """
    y_true, y_pred = as_arrays(y_true, y_pred)
    codes = _plain_label_codes(y_true, y_pred)
    if codes is None:  # anything unusual: scikit-learn decides (and raises where MLE-bench fails)
        return float(skm.f1_score(y_true, y_pred, average="macro", zero_division=0))
    true_codes, pred_codes, n_classes = codes
    hits = np.bincount(true_codes[true_codes == pred_codes], minlength=n_classes)
    sizes = np.bincount(true_codes, minlength=n_classes) + np.bincount(pred_codes, minlength=n_classes)
    return float(np.mean(2 * hits / sizes))  # F1 = 2 TP / (true count + predicted count)


def _plain_label_codes(y_true: np.ndarray, y_pred: np.ndarray):
    """(true codes, predicted codes, number of classes) when both columns are plainly whole
    numbers or plainly text, the cases where scikit-learn's label rules reduce to equality;
    else None. Hashing (pandas' factorize) instead of sorting keeps 1M rows well under a second."""
    def kind(values: np.ndarray) -> str | None:
        if values.dtype.kind in "iu":
            return "number"
        if values.dtype.kind == "f":
            return "number" if np.isfinite(values).all() and (values == np.round(values)).all() else None
        if values.dtype.kind in "OU" and pd.api.types.infer_dtype(values, skipna=False) == "string":
            return "text"
        return None

    if kind(y_true) is None or kind(y_true) != kind(y_pred):
        return None
    both = np.concatenate([y_true, y_pred]) if kind(y_true) == "number" else np.concatenate(
        [y_true.astype(object), y_pred.astype(object)])
    codes, classes = pd.factorize(both)
    return codes[: len(y_true)], codes[len(y_true):], len(classes)


def micro_f1(y_true, y_pred) -> float:
    """F1 of the pooled counts over all classes; for single-label data it equals accuracy."""
    y_true, y_pred = as_arrays(y_true, y_pred)
    return float(skm.f1_score(y_true, y_pred, average="micro", zero_division=0))


def quadratic_weighted_kappa(y_true, y_pred) -> float:
    """Cohen's kappa with quadratic weights: agreement on ordered grades beyond chance.

    1 is perfect agreement, 0 is chance level. As in scikit-learn, the weight of
    a disagreement is the squared distance between the two labels' positions in
    the sorted list of labels seen in either column, not between their values.
    """
    y_true, y_pred = as_arrays(y_true, y_pred)
    return float(skm.cohen_kappa_score(y_true, y_pred, weights="quadratic"))


def matthews_correlation(y_true, y_pred) -> float:
    """Matthews correlation coefficient of two label columns: 1 perfect, 0 chance, -1 inverted.

    scikit-learn returns 0 when either column holds a single class (the
    coefficient is undefined there).
    """
    y_true, y_pred = as_arrays(y_true, y_pred)
    return float(skm.matthews_corrcoef(y_true, y_pred))


def probabilistic_f1(y_true, y_prob) -> float:
    """F1 computed from probabilities instead of hard labels (Kaggle's "pF1", beta = 1).

    Each probability, clipped to [0, 1], counts as that much of a positive
    prediction: true positives are the summed probabilities of the positive rows,
    false positives those of the negative rows. Precision = tp / (tp + fp),
    recall = tp / (number of positive rows); the score is 0 when either is not
    positive (which includes any NaN probability, as in Kaggle's reference code).
    """
    y_true, y_prob = as_arrays(y_true, y_prob)
    positive = y_true.astype(bool)
    if not positive.any():
        raise ValueError("y_true has no positive row: recall is undefined")
    clipped = np.clip(y_prob.astype(float), 0.0, 1.0)
    true_positive = clipped[positive].sum()
    false_positive = clipped[~positive].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = true_positive / (true_positive + false_positive)
    recall = true_positive / positive.sum()
    if not (precision > 0 and recall > 0):
        return 0.0
    return float(2 * precision * recall / (precision + recall))
