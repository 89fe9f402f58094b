"""Label metrics of pytest_mlebench.metrics.classification against hand-computed values."""

import math

import numpy as np
import pytest
from sklearn import metrics as skm

from pytest_mlebench import metrics
from pytest_mlebench.metrics import macro_f1


def test_every_function_is_registered():
    for name in ("label_accuracy", "top1_error", "macro_f1", "micro_f1", "quadratic_weighted_kappa",
                 "matthews_correlation", "probabilistic_f1"):
        assert metrics.METRICS[name] is getattr(metrics, name)


def test_label_accuracy_compares_values_not_text():
    # 1 == 1, 2 == 2.0, 3 != 0, 4 == 4 -> 3 of 4
    assert metrics.label_accuracy([1, 2, 3, 4], [1, 2.0, 0, 4]) == 0.75
    assert metrics.label_accuracy(["a", "b"], ["a", "c"]) == 0.5


@pytest.mark.parametrize("y_pred, message", [
    ([1, 2, 2.5], "continuous"),  # a fraction is not a class
    ([1, 2, np.nan], "NaN"),
])
def test_label_accuracy_refuses_what_scikit_learn_refuses(y_pred, message):
    with pytest.raises(ValueError, match=message):
        metrics.label_accuracy([1, 2, 3], y_pred)


def test_label_accuracy_counts_text_among_several_classes_as_wrong():
    # scikit-learn 1.5 (MLE-bench's pin) compares such labels value by value: "1" is not 1, so 0 of 3;
    # newer scikit-learn raises instead, MLE-bench does not.
    assert metrics.label_accuracy([1, 2, 3], np.array(["1", "2", "3"], dtype=object)) == 0.0
    assert metrics.label_accuracy(np.array(["a", "b", "c"], dtype=object), [1, 2, 3]) == 0.0


def test_label_accuracy_refuses_text_among_two_classes():
    # two classes on both sides: scikit-learn 1.5 sorts the union of labels, which fails for text and numbers
    with pytest.raises(TypeError, match="same type"):
        metrics.label_accuracy([0, 1, 0], np.array(["0", "1", "0"], dtype=object))
    with pytest.raises(TypeError, match="same type"):
        metrics.label_accuracy([False, True], np.array(["False", "True"], dtype=object))


def test_top1_error_is_one_minus_accuracy():
    # 2 of 4 right -> error 0.5; all right -> 0
    assert metrics.top1_error([1, 2, 3, 4], [1, 2, 0, 0]) == 0.5
    assert metrics.top1_error([7, 8], [7, 8]) == 0.0


def test_macro_and_micro_f1_hand_computed():
    y_true, y_pred = [0, 0, 1, 2], [0, 1, 1, 1]
    # class 0: tp 1, fn 1 -> P 1, R 1/2, F1 2/3; class 1: tp 1, fp 2 -> P 1/3, R 1, F1 1/2;
    # class 2: never predicted -> F1 0. Macro: (2/3 + 1/2 + 0) / 3 = 7/18.
    assert metrics.macro_f1(y_true, y_pred) == pytest.approx(7 / 18)
    # micro F1 of single-label data = accuracy = 2/4
    assert metrics.micro_f1(y_true, y_pred) == pytest.approx(0.5)


def test_macro_f1_counts_classes_only_predicted():
    # class 5: tp 1, fn 1 -> F1 2/3; class 9 (never true): fp 1 -> F1 0; mean (2/3 + 0) / 2 = 1/3
    assert metrics.macro_f1([5, 5], [5, 9]) == pytest.approx(1 / 3)


def test_quadratic_weighted_kappa_hand_computed():
    # true [0,1,2], predicted [0,2,2]. Observed disagreement sum(W*O) = (1-2)^2 = 1.
    # Histograms true [1,1,1], predicted [1,0,2]; expected E = outer / 3; sum(W*E) = (8 + 3 + 4) / 3 = 5.
    # kappa = 1 - 1/5 = 0.8
    assert metrics.quadratic_weighted_kappa([0, 1, 2], [0, 2, 2]) == pytest.approx(0.8)
    assert metrics.quadratic_weighted_kappa([1, 2, 3, 4], [1, 2, 3, 4]) == pytest.approx(1.0)


def test_quadratic_weighted_kappa_weighs_label_positions_not_values():
    # labels {1, 2, 9} sit at positions 0, 1, 2: the same table as the test above
    assert metrics.quadratic_weighted_kappa([1, 2, 9], [1, 9, 9]) == pytest.approx(0.8)


def test_quadratic_weighted_kappa_refuses_fractions():
    with pytest.raises(ValueError, match="continuous"):
        metrics.quadratic_weighted_kappa([1, 2, 3], [1.0, 2.5, 3.0])


def test_matthews_correlation_hand_computed():
    # tp 1, fn 1, tn 2, fp 0: (1*2 - 0*1) / sqrt((1+0)(1+1)(2+0)(2+1)) = 2 / sqrt(12)
    assert metrics.matthews_correlation([1, 1, 0, 0], [1, 0, 0, 0]) == pytest.approx(2 / math.sqrt(12))
    assert metrics.matthews_correlation([1, 1, 0, 0], [0, 0, 1, 1]) == pytest.approx(-1.0)
    assert metrics.matthews_correlation([1, 1, 0, 0], [0, 0, 0, 0]) == 0.0  # one class predicted: 0


def test_probabilistic_f1_hand_computed():
    # probabilities clipped to [0.8, 0.4, 1, 0]; tp = 0.8 + 1 = 1.8 (positives), fp = 0.4 + 0 = 0.4
    # precision 1.8 / 2.2 = 9/11, recall 1.8 / 2 = 9/10, F1 = 2pr / (p + r) = 162 / 189 = 6/7
    assert metrics.probabilistic_f1([1, 0, 1, 0], [0.8, 0.4, 1.5, -1.0]) == pytest.approx(6 / 7)
    assert metrics.probabilistic_f1([1, 0], [1.0, 0.0]) == pytest.approx(1.0)


def test_probabilistic_f1_is_zero_without_positive_mass_or_with_nan():
    assert metrics.probabilistic_f1([1, 0], [0.0, 0.0]) == 0.0  # precision 0/0
    assert metrics.probabilistic_f1([1, 0], [0.0, 0.7]) == 0.0  # precision 0
    assert metrics.probabilistic_f1([1, 0, 1], [0.9, np.nan, 0.8]) == 0.0  # NaN spreads, as in Kaggle's code


def test_probabilistic_f1_needs_a_positive_row():
    with pytest.raises(ValueError, match="no positive row"):
        metrics.probabilistic_f1([0, 0], [0.1, 0.2])


@pytest.mark.parametrize("name", ["label_accuracy", "top1_error", "macro_f1", "micro_f1", "quadratic_weighted_kappa",
                                  "matthews_correlation", "probabilistic_f1"])
def test_lengths_must_match_and_not_be_empty(name):
    metric = metrics.METRICS[name]
    with pytest.raises(ValueError, match="rows"):
        metric([1, 0], [1])
    with pytest.raises(ValueError, match="zero rows"):
        metric([], [])


def test_macro_f1_is_fast_on_many_classes():
    # herbarium-size data: 500,000 rows over 60,000 classes must work (and take about a second)
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 60_000, 500_000)
    y_pred = np.where(rng.random(500_000) < 0.5, y_true, rng.integers(0, 60_000, 500_000))
    assert 0.3 < metrics.macro_f1(y_true, y_pred) < 0.7


@pytest.mark.parametrize("as_text", [False, True])
def test_macro_f1_fast_path_equals_scikit_learn(as_text):
    """Whole numbers and plain text take the hashing path; it must give scikit-learn's number."""
    rng = np.random.default_rng(3)
    y_true, y_pred = rng.integers(0, 30, 5000), rng.integers(0, 35, 5000)
    if as_text:
        y_true, y_pred = y_true.astype(str).astype(object), y_pred.astype(str).astype(object)
    expected = skm.f1_score(y_true, y_pred, average="macro", zero_division=0)
    assert macro_f1(y_true, y_pred) == pytest.approx(expected, rel=1e-12)
