"""Text metrics: edit distances and overlaps of strings or token lists.

Edit distances of many pairs go through rapidfuzz (C code, the library behind
the `Levenshtein` package MLE-bench grades with) when it is installed; without
it the same numbers come from the pure-Python `levenshtein` below, only slower.
"""

from __future__ import annotations

import numpy as np

from ._common import as_arrays
from .sets import row_item_codes

try:
    from rapidfuzz.distance import Levenshtein as _rapidfuzz_levenshtein
    from rapidfuzz.process import cpdist as _cpdist
except ImportError:  # pragma: no cover - exercised only where rapidfuzz is absent
    _cpdist = None

__all__ = ["levenshtein", "edit_distances", "mean_levenshtein", "token_error_rate", "mean_word_jaccard"]


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


def edit_distances(y_true, y_pred) -> np.ndarray:
    """Levenshtein distance of each pair (y_true[i], y_pred[i]); items are strings or token lists.

    Insertions, deletions and substitutions all cost 1, as in the `Levenshtein` package.
    """
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true has {len(y_true)} items but y_pred has {len(y_pred)}")
    y_true, y_pred = list(y_true), list(y_pred)
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        bad = next((v for v in values if not isinstance(v, (str, list, tuple))), None)
        if bad is not None:
            raise ValueError(f"{name} must hold strings or token lists, not {type(bad).__name__} ({bad!r})")
    if not y_true:
        return np.zeros(0, dtype=np.int64)
    if _cpdist is not None:
        return np.asarray(_cpdist(y_true, y_pred, scorer=_rapidfuzz_levenshtein.distance), dtype=np.int64)
    return np.array([levenshtein(t, p) for t, p in zip(y_true, y_pred)], dtype=np.int64)


def mean_levenshtein(y_true, y_pred) -> float:
    """Mean over rows of the character edit distance between the true and the predicted string."""
    if len(y_true) == 0:
        raise ValueError("cannot score zero rows")
    return float(np.mean(edit_distances(y_true, y_pred)))


def token_error_rate(y_true, y_pred) -> float:
    """Total edit distance over whitespace tokens / total reference tokens (like WER).

    The rate can exceed 1 (a prediction may be longer than the truth).
    """
    y_true, y_pred = as_arrays(y_true, y_pred)
    truth = [t.split() for t in y_true.astype(str)]
    errors = edit_distances(truth, [p.split() for p in y_pred.astype(str)]).sum()
    total = sum(len(t) for t in truth)
    if total == 0:
        raise ValueError("the reference holds no tokens: the rate is undefined")
    return float(errors / total)


def mean_word_jaccard(y_true, y_pred) -> float:
    """Mean over rows of |A ∩ B| / |A ∪ B|, A and B the sets of lower-cased whitespace-separated words.

    A row where both sets are empty scores 0 (scikit-learn's `jaccard_score(average="samples")`
    with its default zero_division). Items must be strings.
    """
    y_true, y_pred = as_arrays(y_true, y_pred)
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        bad = next((v for v in values if not isinstance(v, str)), None)
        if bad is not None:
            raise ValueError(f"{name} must hold strings, not {type(bad).__name__} ({bad!r})")
    words_true = [text.lower().split() for text in y_true]
    words_pred = [text.lower().split() for text in y_pred]
    rows_true, codes_true, rows_pred, codes_pred, n_items = row_item_codes(words_true, words_pred)
    keys_true = np.unique(rows_true * n_items + codes_true)
    keys_pred = np.unique(rows_pred * n_items + codes_pred)
    n = len(y_true)
    size_true = np.bincount(keys_true // max(n_items, 1), minlength=n)
    size_pred = np.bincount(keys_pred // max(n_items, 1), minlength=n)
    both = np.intersect1d(keys_true, keys_pred, assume_unique=True)
    intersection = np.bincount(both // max(n_items, 1), minlength=n)
    union = size_true + size_pred - intersection
    scores = np.divide(intersection, union, out=np.zeros(n), where=union > 0)
    return float(scores.mean())
