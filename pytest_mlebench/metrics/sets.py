"""Set metrics: each row holds a set of labels (tags, attributes), true and predicted."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

__all__ = ["micro_f1_sets"]


# numpy's own unique/isin/intersect1d are slow on millions of int64 keys (numpy 2.4: seconds),
# so keys are deduplicated by one sort and looked up by binary search.
def unique_keys(keys: np.ndarray) -> np.ndarray:
    """The distinct values of an int64 array, sorted."""
    keys = np.sort(keys)
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys


def contains(sorted_unique: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For each key, whether it is in `sorted_unique` (the output of unique_keys)."""
    if len(sorted_unique) == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_unique, keys), len(sorted_unique) - 1)
    return sorted_unique[at] == keys


def row_item_codes(rows_a, rows_b):
    """Flatten two lists of label collections into (row, code) pairs with one shared code per label.

    Returns rows_a, codes_a, rows_b, codes_b and the number of distinct labels, so that
    `row * n_labels + code` is a unique integer key of a (row, label) pair.
    """
    flat = []
    for name, rows in (("y_true", rows_a), ("y_pred", rows_b)):
        rows = list(rows)
        bad = next((r for r in rows if isinstance(r, str) or not hasattr(r, "__iter__")), None)
        if bad is not None:
            raise ValueError(f"{name} must hold one collection of labels per row (a list or set), not {bad!r}")
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        flat.append((np.repeat(np.arange(len(rows), dtype=np.int64), lengths), list(itertools.chain.from_iterable(rows))))
    (row_a, items_a), (row_b, items_b) = flat
    codes, uniques = pd.factorize(pd.Series(items_a + items_b, dtype=object))
    return row_a, codes[: len(items_a)], row_b, codes[len(items_a) :], len(uniques)


def micro_f1_sets(y_true, y_pred) -> float:
    """Micro-averaged F1 over (row, label) pairs: 2·TP / (2·TP + FP + FN).

    Only labels that occur somewhere in y_true count, as with scikit-learn's
    `MultiLabelBinarizer(classes=<the true labels>)` followed by `f1_score(average="micro")`
    (MLE-bench's graders): a predicted label never seen in the truth is ignored, not a false
    positive. Repeated labels in a row count once. No pair at all scores 0.
    """
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true has {len(y_true)} rows but y_pred has {len(y_pred)}")
    if len(y_true) == 0:
        raise ValueError("cannot score zero rows")
    rows_true, codes_true, rows_pred, codes_pred, n_labels = row_item_codes(y_true, y_pred)
    known = np.zeros(n_labels, dtype=bool)
    known[codes_true] = True
    keep = known[codes_pred]
    true_pairs = unique_keys(rows_true * n_labels + codes_true)
    pred_pairs = unique_keys(rows_pred[keep] * n_labels + codes_pred[keep])
    true_positives = int(contains(true_pairs, pred_pairs).sum())
    denominator = len(true_pairs) + len(pred_pairs)  # = 2·TP + FP + FN
    return float(2 * true_positives / denominator) if denominator else 0.0
