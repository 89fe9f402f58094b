"""Text metrics (pytest_mlebench/metrics/text.py): worked examples, edge cases, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.metrics import jaccard_score
from sklearn.preprocessing import MultiLabelBinarizer

from pytest_mlebench import metrics
from pytest_mlebench.metrics import text

# ------------------------------------------------------------- edit distances


def test_edit_distances_of_strings_and_token_lists():
    # kitten -> sitting: k->s, e->i, +g = 3; "" -> "ab" = 2 insertions; equal strings = 0
    assert metrics.edit_distances(["kitten", "", "same"], ["sitting", "ab", "same"]).tolist() == [3, 2, 0]
    # whole tokens: [1, 2, 3] -> [1, 3] is one deletion, whatever the digits' lengths
    assert metrics.edit_distances([[1, 2, 3], ["10", "20"]], [[1, 3], ["10", "2"]]).tolist() == [1, 1]


def test_fast_edit_distances_equal_the_pure_python_ones(monkeypatch):
    rng = np.random.default_rng(0)
    truth = ["".join(rng.choice(list("abc"), rng.integers(0, 9))) for _ in range(300)]
    guess = ["".join(rng.choice(list("abcd"), rng.integers(0, 9))) for _ in range(300)]
    expected = [metrics.levenshtein(t, p) for t, p in zip(truth, guess)]
    assert metrics.edit_distances(truth, guess).tolist() == expected
    monkeypatch.setattr(text, "_cpdist", None)  # the fallback used where rapidfuzz is not installed
    assert metrics.edit_distances(truth, guess).tolist() == expected


def test_edit_distances_refuse_what_is_not_text():
    with pytest.raises(ValueError, match="y_pred must hold strings or token lists, not float"):
        metrics.edit_distances(["a"], [float("nan")])
    with pytest.raises(ValueError, match="1 items but y_pred has 2"):
        metrics.edit_distances(["a"], ["a", "b"])


def test_mean_levenshtein():
    # distances 3 (kitten/sitting), 1 (abc/abd), 0 -> mean 4/3
    assert metrics.mean_levenshtein(["kitten", "abc", "x"], ["sitting", "abd", "x"]) == pytest.approx(4 / 3)
    with pytest.raises(ValueError, match="zero rows"):
        metrics.mean_levenshtein([], [])


def test_token_error_rate_counts_whole_tokens():
    # "2 14 20" vs "2 20": 1 deletion; "5 5" vs "5 6 5": 1 insertion -> 2 errors / 5 true tokens
    assert metrics.token_error_rate(["2 14 20", "5 5"], ["2 20", "5 6 5"]) == pytest.approx(0.4)
    # a prediction longer than the truth: 3 insertions over 1 true token = 3 (the rate can exceed 1)
    assert metrics.token_error_rate(["1"], ["1 2 3 4"]) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="no tokens"):
        metrics.token_error_rate([""], ["1"])


# ------------------------------------------------------------- exact matches


def test_exact_match_rate():
    # 2 of 3 identical; case and spaces matter
    assert metrics.exact_match_rate(["one", "two", "three"], ["one", "Two", "three"]) == pytest.approx(2 / 3)
    assert metrics.exact_match_rate(["a b"], ["a  b"]) == 0.0
    with pytest.raises(ValueError, match="y_true must hold strings"):
        metrics.exact_match_rate([1], ["1"])
    with pytest.raises(ValueError, match="zero rows"):
        metrics.exact_match_rate([], [])


# ------------------------------------------------------------- word Jaccard


def test_mean_word_jaccard_worked_example():
    # row 1: {the, cat} vs {the, dog}: 1 / 3; row 2: {Good}->{good} vs {good, good}->{good}: 1
    # row 3: {} vs {x}: 0 / 1 = 0; row 4: both empty: 0 (scikit-learn's zero_division)
    truth = ["the cat", "Good", "", "  "]
    guess = ["The dog", "good good", "x", ""]
    assert metrics.mean_word_jaccard(truth, guess) == pytest.approx((1 / 3 + 1 + 0 + 0) / 4)


def test_mean_word_jaccard_equals_scikit_learn_samples_average():
    rng = np.random.default_rng(1)
    words = ["a", "B", "b", "c", "d,", "d"]
    truth = [" ".join(rng.choice(words, rng.integers(0, 4))) for _ in range(200)]
    guess = [" ".join(rng.choice(words, rng.integers(0, 4))) for _ in range(200)]
    sets_true = [set(t.lower().split()) for t in truth]
    sets_pred = [set(p.lower().split()) for p in guess]
    binarizer = MultiLabelBinarizer(classes=sorted(set.union(*sets_true, *sets_pred)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zero_division warnings for rows empty on both sides
        expected = jaccard_score(binarizer.fit_transform(sets_true), binarizer.transform(sets_pred), average="samples")
    assert metrics.mean_word_jaccard(truth, guess) == pytest.approx(expected, abs=1e-12)


def test_mean_word_jaccard_refuses_what_is_not_text():
    with pytest.raises(ValueError, match="y_pred must hold strings, not float"):
        metrics.mean_word_jaccard(["a"], [float("nan")])
    with pytest.raises(ValueError, match="zero rows"):
        metrics.mean_word_jaccard([], [])


def test_text_metrics_are_registered():
    for name in ("exact_match_rate", "edit_distances", "mean_levenshtein", "token_error_rate", "mean_word_jaccard"):
        assert metrics.METRICS[name] is getattr(text, name)
