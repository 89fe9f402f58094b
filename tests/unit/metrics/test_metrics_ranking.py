"""Ranking and set metrics (metrics/ranking.py, metrics/sets.py): worked examples, edge cases, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.metrics import f1_score
from sklearn.preprocessing import MultiLabelBinarizer

from pytest_mlebench import metrics


def _reference_ap_at_k(actual: set, predicted: list, k: int) -> float:
    """The loop definition (Kaggle's ml_metrics.apk), to check the vectorised code against."""
    score, hits = 0.0, 0
    for i, guess in enumerate(predicted[:k]):
        if guess in actual and guess not in predicted[:i]:
            hits += 1
            score += hits / (i + 1)
    return score / min(len(actual), k) if actual else 0.0


# ---------------------------------------------------------------- MAP@k


def test_map_at_k_worked_example():
    truth = [{"a"}, {"a", "b"}, {"x"}, set(), {"a"}]
    guess = [
        ["b", "a"],            # hit at rank 2: (1/2) / min(1, 3) = 0.5
        ["a", "c", "b"],       # hits at 1 and 3: (1/1 + 2/3) / 2 = 5/6
        ["a", "b", "c", "x"],  # the hit is at rank 4, past k = 3: 0
        ["a"],                 # no right answer: 0
        ["a", "a", "a"],       # repeats are no new hits: 1/1 / 1 = 1
    ]
    assert metrics.map_at_k(truth, guess, 3) == pytest.approx((0.5 + 5 / 6 + 0 + 0 + 1) / 5)


def test_map_at_k_divides_by_k_when_more_answers_than_k():
    # 3 right answers, k = 2, both guesses right: (1 + 1) / min(3, 2) = 1
    assert metrics.map_at_k([{"a", "b", "c"}], [["c", "a"]], 2) == 1.0
    # no guess at all scores 0
    assert metrics.map_at_k([{"a"}], [[]], 5) == 0.0


def test_map_at_k_equals_the_loop_definition():
    rng = np.random.default_rng(0)
    truth = [set(rng.choice(list("abcdef"), rng.integers(0, 4))) for _ in range(300)]
    guess = [list(rng.choice(list("abcdefgh"), rng.integers(0, 8))) for _ in range(300)]
    for k in (1, 5, 12):
        expected = np.mean([_reference_ap_at_k(t, g, k) for t, g in zip(truth, guess)])
        assert metrics.map_at_k(truth, guess, k) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_map_at_k_refuses_a_bad_k(k):
    with pytest.raises(ValueError, match="k must be a positive integer"):
        metrics.map_at_k([{"a"}], [["a"]], k)


def test_map_at_k_refuses_bad_rows():
    with pytest.raises(ValueError, match="one list of guesses per row"):
        metrics.map_at_k([{"a"}], ["a b"], 5)
    with pytest.raises(ValueError, match="1 rows but y_pred has 2"):
        metrics.map_at_k([{"a"}], [["a"], ["b"]], 5)
    with pytest.raises(ValueError, match="zero rows"):
        metrics.map_at_k([], [], 5)


# ---------------------------------------------------------------- lwlrap


def test_lwlrap_worked_example():
    truth = np.array([[1, 0, 1], [0, 1, 0], [0, 0, 0]])
    scores = np.array([[0.9, 0.8, 0.1], [0.5, 0.4, 0.3], [0.3, 0.2, 0.1]])
    # row 1: label 0 ranked 1st (precision 1/1), label 2 ranked 3rd with 2 true among the top 3 (2/3)
    # row 2: label 1 ranked 2nd, 1 true among the top 2: 1/2
    # row 3 has no true label and is left out; lwlrap = mean over the 3 true labels
    assert metrics.lwlrap(truth, scores) == pytest.approx((1 + 2 / 3 + 1 / 2) / 3)


def test_lwlrap_perfect_and_bad_input():
    truth = np.array([[1, 0], [0, 1]])
    assert metrics.lwlrap(truth, truth * 0.9) == 1.0
    with pytest.raises(ValueError, match="one shape"):
        metrics.lwlrap(truth, np.zeros((2, 3)))
    with pytest.raises(ValueError, match="finite"):
        metrics.lwlrap(truth, np.array([[np.nan, 0], [0, 1]]))
    with pytest.raises(ValueError, match="no positive label"):
        metrics.lwlrap(np.zeros((2, 2)), np.zeros((2, 2)))


# ---------------------------------------------------------------- micro F1 of sets


def test_micro_f1_sets_worked_example():
    truth = [["php", "mysql"], ["java"], []]
    guess = [["php", "css"], ["java", "java"], ["mysql"]]
    # "css" never occurs in the truth, so it is ignored (MultiLabelBinarizer with the true classes);
    # TP = php, java = 2; FP = mysql in row 3 = 1; FN = mysql in row 1 = 1 -> 2·2 / (2·2 + 1 + 1)
    assert metrics.micro_f1_sets(truth, guess) == pytest.approx(4 / 6)


def test_micro_f1_sets_equals_scikit_learn_with_the_true_classes():
    rng = np.random.default_rng(2)
    truth = [set(rng.choice(list("abcde"), rng.integers(0, 4))) for _ in range(300)]
    guess = [set(rng.choice(list("abcdefxy"), rng.integers(0, 5))) for _ in range(300)]
    binarizer = MultiLabelBinarizer(classes=sorted(set.union(*truth)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "unknown class(es) will be ignored"
        expected = f1_score(binarizer.fit_transform(truth), binarizer.transform(guess), average="micro")
    assert metrics.micro_f1_sets(truth, guess) == pytest.approx(expected, abs=1e-12)


def test_micro_f1_sets_edge_cases_and_bad_input():
    assert metrics.micro_f1_sets([[], []], [[], ["x"]]) == 0.0  # no pair at all
    assert metrics.micro_f1_sets([["a"]], [["a"]]) == 1.0
    with pytest.raises(ValueError, match="one collection of labels per row"):
        metrics.micro_f1_sets(["a b"], [["a"]])
    with pytest.raises(ValueError, match="1 rows but y_pred has 0"):
        metrics.micro_f1_sets([["a"]], [])
