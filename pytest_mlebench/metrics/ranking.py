"""Ranking metrics: ordered guesses per row (MAP@k) and scores to rank labels by (lwlrap)."""

from __future__ import annotations

from itertools import islice, repeat

import numpy as np
from sklearn.metrics import label_ranking_average_precision_score

__all__ = ["map_at_k", "lwlrap"]


def map_at_k(y_true, y_pred, k: int) -> float:
    """Mean average precision at k of ranked guesses against sets of right answers.

    Row i: y_true[i] is the set of right answers, y_pred[i] the guesses, best first. Only
    the first k guesses count; a guess repeated earlier in the row is no hit again. AP@k =
    sum over hits at rank r of (hits so far / r), divided by min(|y_true[i]|, k); a row
    with no right answer scores 0. The result is the mean over rows (the Kaggle/MLE-bench
    definition, `ml_metrics.mapk`).

    Rows hold a handful of guesses, so each row is one pass of plain set look-ups: for
    short rows that beats any flattening into numpy keys, and keeping no per-row object
    alive spares the garbage collector (millions of live lists made it the slow part).
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, not {k!r}")
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true has {len(y_true)} rows but y_pred has {len(y_pred)}")
    n_rows = len(y_true)
    if n_rows == 0:
        raise ValueError("cannot score zero rows")
    bad = _first_non_collection(y_true)
    if bad is not None:
        raise ValueError(f"y_true must hold one collection of right answers per row (a list or set), not {bad!r}")
    bad = _first_non_collection(y_pred)
    if bad is not None:
        raise ValueError(f"y_pred must hold one list of guesses per row, not strings or scalars ({bad!r})")
    truths = map(set, y_true)  # fresh sets, which _average_precision may consume
    guesses = map(list, map(islice, y_pred, repeat(k)))  # the first k guesses of each row
    scores = np.fromiter(map(_average_precision, truths, guesses, repeat(k)), dtype=float, count=n_rows)
    return float(scores.mean())


def _average_precision(truth: set, guesses: list, k: int) -> float:
    """AP@k of one row; `truth` is a set of its own, emptied of each right answer found.

    Removing a found answer is what makes a repeated guess no second hit. The common
    row without any hit is settled by one `isdisjoint`, before the rank loop.
    """
    if truth.isdisjoint(guesses):
        return 0.0
    denominator = min(len(truth), k)
    hits, total = 0, 0.0
    for rank, guess in enumerate(guesses, start=1):
        if guess in truth:
            truth.remove(guess)
            hits += 1
            total += hits / rank
    return total / denominator


def _first_non_collection(rows):
    """The first row that is a string or not iterable at all, else None.

    Types are checked once per distinct type (a C-speed pass), so valid input costs
    almost nothing; only a bad input is searched row by row for the message.
    """
    bad_types = {kind for kind in set(map(type, rows)) if issubclass(kind, str) or not hasattr(kind, "__iter__")}
    return next((row for row in rows if type(row) in bad_types), None) if bad_types else None


def lwlrap(y_true, y_score) -> float:
    """Label-weighted label-ranking average precision (the Freesound Audio Tagging metric).

    y_true: (rows, labels) 0/1 matrix; y_score: scores of the same shape, higher = more
    likely. Each true label of each row gets the precision of the ranking at its rank; the
    result averages over all true labels, so a row weighs as much as it has true labels and
    rows with none are left out. Computed with scikit-learn's LRAP weighted per row by its
    number of true labels, as the competition's reference code does.
    """
    y_true, y_score = np.asarray(y_true), np.asarray(y_score, dtype=float)
    if y_true.ndim != 2 or y_true.shape != y_score.shape:
        raise ValueError(f"y_true {y_true.shape} and y_score {y_score.shape} must be matrices of one shape")
    if not np.isfinite(y_score).all():
        raise ValueError("y_score must hold finite numbers")
    positives = y_true > 0
    weights = positives.sum(axis=1)
    rows = np.flatnonzero(weights > 0)
    if len(rows) == 0:
        raise ValueError("y_true has no positive label: lwlrap is undefined")
    return float(label_ranking_average_precision_score(positives[rows], y_score[rows], sample_weight=weights[rows]))
