"""Text metrics: edit distances and overlaps of strings or token lists.

Edit distances of many pairs go through rapidfuzz (C code, the library behind
the `Levenshtein` package MLE-bench grades with) when it is installed; without
it the same numbers come from the pure-Python `levenshtein` below, only slower.
"""

from __future__ import annotations

import numpy as np

from pytest_mlebench.metrics._common import as_arrays

try:
    from rapidfuzz.distance import Levenshtein as _rapidfuzz_levenshtein
    from rapidfuzz.process import cpdist as _cpdist
except ImportError:  # pragma: no cover - exercised only where rapidfuzz is absent
    _cpdist = None

__all__ = ["exact_match_rate", "levenshtein", "edit_distances", "mean_levenshtein", "token_error_rate", "mean_word_jaccard"]


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


def exact_match_rate(y_true, y_pred) -> float:
    """Share of rows whose predicted string equals the true one exactly (accuracy on strings).

    Compares Python strings one to one, without numpy's fixed-width text arrays, which
    would take gigabytes for a million long strings.
    """
    y_true = np.asarray(list(y_true), dtype=object)
    y_pred = np.asarray(list(y_pred), dtype=object)
    as_arrays(y_true, y_pred)
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        bad = next((v for v in values if not isinstance(v, str)), None)
        if bad is not None:
            raise ValueError(f"{name} must hold strings, not {type(bad).__name__} ({bad!r})")
    return float(np.mean(y_true == y_pred))


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

    Each row is a few words, so two small Python sets per row beat flattening the words
    into numpy keys; object arrays keep strings as they are (no fixed-width copies).
    """
    y_true, y_pred = as_arrays(np.asarray(y_true, dtype=object), np.asarray(y_pred, dtype=object))
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        bad = _first_non_string(values)
        if bad is not None:
            raise ValueError(f"{name} must hold strings, not {type(bad).__name__} ({bad!r})")
    scores = np.fromiter(map(_word_jaccard, y_true, y_pred), dtype=float, count=len(y_true))
    return float(scores.mean())


def _word_jaccard(truth: str, guess: str) -> float:
    """Jaccard index of the lower-cased word sets of one row; 0 when both are empty."""
    a, b = set(truth.lower().split()), set(guess.lower().split())
    common = len(a & b)
    union = len(a) + len(b) - common
    return common / union if union else 0.0


def _first_non_string(values):
    """The first item that is not a string, else None; types are checked once per distinct type."""
    bad_types = {kind for kind in set(map(type, values)) if not issubclass(kind, str)}
    return next((v for v in values if type(v) in bad_types), None) if bad_types else None
