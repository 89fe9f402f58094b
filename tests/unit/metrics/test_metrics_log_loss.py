"""The log-loss family (pytest_mlebench.metrics.log_loss): hand-worked values, clipping, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import log_loss as sklearn_log_loss

from pytest_mlebench.metrics import (
    METRICS,
    binary_log_loss,
    kl_divergence,
    one_hot_log_loss,
    weighted_multilabel_log_loss,
)

FLOAT_EPS = np.finfo(np.float64).eps  # scikit-learn's clipping step, 2**-52


def test_the_family_is_registered():
    for name in ("multiclass_log_loss", "binary_log_loss", "one_hot_log_loss", "weighted_multilabel_log_loss", "kl_divergence"):
        assert name in METRICS


# ---------------------------------------------------------------- binary_log_loss


def test_binary_log_loss_by_hand():
    # label 1 with p 0.8 costs -ln 0.8 = 0.22314; label 0 with p 0.4 costs -ln 0.6 = 0.51083; mean 0.36698
    assert binary_log_loss([1, 0], [0.8, 0.4]) == pytest.approx((-math.log(0.8) - math.log(0.6)) / 2)
    assert binary_log_loss([1, 0], [0.8, 0.4]) == pytest.approx(0.366985, abs=1e-6)


def test_binary_log_loss_clips_at_the_float64_step():
    # a confident wrong answer costs -ln(2**-52) = 52 ln 2 = 36.04365, not infinity
    assert binary_log_loss([1], [0.0]) == pytest.approx(52 * math.log(2))
    assert binary_log_loss([0], [1.0]) == pytest.approx(52 * math.log(2))
    # a confident right answer costs -ln(1 - 2**-52), about 2.2e-16
    assert binary_log_loss([1, 0], [1.0, 0.0]) == pytest.approx(FLOAT_EPS, rel=1e-3)


def test_binary_log_loss_equals_scikit_learn_bit_for_bit():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 5000)
    p = rng.random(5000)
    p[:4] = [0.0, 1.0, 1e-17, 1 - 1e-17]
    assert binary_log_loss(y, p) == sklearn_log_loss(y, p)


@pytest.mark.parametrize(
    ("y_true", "y_prob", "message"),
    [
        ([1, 0], [0.5], "rows"),
        ([], [], "zero rows"),
        ([1, 2], [0.5, 0.5], "only 0 and 1"),
        (["yes", "no"], [0.5, 0.5], "only 0 and 1"),
        ([1, 0], [0.5, 1.5], "between 0 and 1"),
        ([1, 0], [0.5, -0.1], "between 0 and 1"),
        ([1, 0], [0.5, np.nan], "finite"),
        ([1, 0], ["a", 0.5], "numbers"),
        ([1, 0], [[0.5, 0.5], [0.5, 0.5]], "one probability per row"),
    ],
)
def test_binary_log_loss_refuses_bad_input(y_true, y_prob, message):
    with pytest.raises(ValueError, match=message):
        binary_log_loss(y_true, y_prob)


# ---------------------------------------------------------------- one_hot_log_loss


def test_one_hot_log_loss_by_hand():
    answers = [[1, 0, 0], [0, 0, 1]]
    # row 1: -ln 0.5 = 0.69315; row 2: -ln 0.7 = 0.35667; mean 0.52491
    assert one_hot_log_loss(answers, [[0.5, 0.25, 0.25], [0.1, 0.2, 0.7]]) == pytest.approx(
        (math.log(2) - math.log(0.7)) / 2
    )


def test_one_hot_log_loss_does_not_renormalise_rows():
    # 0.5 of a row summing to 1.25 stays 0.5 (renormalised it would be 0.4)
    assert one_hot_log_loss([[1, 0], [0, 1]], [[0.5, 0.75], [0.5, 0.5]]) == pytest.approx(math.log(2))


def test_one_hot_log_loss_clips_and_matches_scikit_learn():
    assert one_hot_log_loss([[0, 1]], [[1.0, 0.0]]) == pytest.approx(52 * math.log(2))
    rng = np.random.default_rng(1)
    truth = np.eye(5, dtype=int)[rng.integers(0, 5, 2000)]
    prob = rng.random((2000, 5))
    prob /= prob.sum(axis=1, keepdims=True)
    prob[0] = [1, 0, 0, 0, 0]
    assert one_hot_log_loss(truth, prob) == sklearn_log_loss(truth, prob)


@pytest.mark.parametrize(
    ("y_true", "y_prob", "message"),
    [
        ([[1, 0]], [[0.5, 0.5], [0.5, 0.5]], "rows"),
        ([[1, 0]], [[0.2, 0.3, 0.5]], "one shape"),
        ([1, 0], [0.5, 0.5], "2-D"),
        ([[1, 1]], [[0.5, 0.5]], "exactly one 1"),
        ([[0.5, 0.5]], [[0.5, 0.5]], "only 0 and 1"),
        ([[1], [1]], [[1.0], [1.0]], "two classes"),
        ([[1, 0]], [[np.nan, 0.5]], "finite"),
        ([[1, 0]], [[1.2, -0.2]], "between 0 and 1"),
    ],
)
def test_one_hot_log_loss_refuses_bad_input(y_true, y_prob, message):
    with pytest.raises(ValueError, match=message):
        one_hot_log_loss(y_true, y_prob)


# ---------------------------------------------------------------- weighted_multilabel_log_loss

POSITIVE, NEGATIVE = [14, 2], [7, 1]


def test_weighted_multilabel_log_loss_by_hand():
    # one row, labels (1, 0), probabilities (0.5, 0.75):
    # losses -ln 0.5 = 0.69315 (weight 14, positive) and -ln 0.25 = 1.38629 (weight 1, negative)
    # weighted mean (14 * 0.69315 + 1 * 1.38629) / 15 = 0.73936
    expected = (14 * math.log(2) + math.log(4)) / 15
    assert weighted_multilabel_log_loss([[1, 0]], [[0.5, 0.75]], POSITIVE, NEGATIVE) == pytest.approx(expected)
    # a second row (0, 1) at (0.5, 0.5) costs ln 2 whatever its weights; the score is the plain mean of rows
    two_rows = weighted_multilabel_log_loss([[1, 0], [0, 1]], [[0.5, 0.75], [0.5, 0.5]], POSITIVE, NEGATIVE)
    assert two_rows == pytest.approx((expected + math.log(2)) / 2)


def test_weighted_multilabel_log_loss_clips_at_1e15():
    # a wrong certainty costs -ln(1e-15) = 34.53878 in that cell
    assert weighted_multilabel_log_loss([[1, 1]], [[0.0, 0.0]], POSITIVE, NEGATIVE) == pytest.approx(-math.log(1e-15))
    assert weighted_multilabel_log_loss([[1, 0]], [[1.0, 0.0]], POSITIVE, NEGATIVE) == pytest.approx(0, abs=1e-14)


@pytest.mark.parametrize(
    ("y_true", "y_prob", "positive", "negative", "message"),
    [
        ([[1, 0]], [[0.5, 0.5]], [14], [7, 1], "one positive and one negative weight"),
        ([[1, 0]], [[0.5, 0.5]], [14, 0], [7, 1], "positive"),
        ([[1, 2]], [[0.5, 0.5]], POSITIVE, NEGATIVE, "only 0 and 1"),
        ([[1, 0]], [[0.5, 1.5]], POSITIVE, NEGATIVE, "between 0 and 1"),
        ([[1, 0]], [[0.5]], POSITIVE, NEGATIVE, "one shape"),
    ],
)
def test_weighted_multilabel_log_loss_refuses_bad_input(y_true, y_prob, positive, negative, message):
    with pytest.raises(ValueError, match=message):
        weighted_multilabel_log_loss(y_true, y_prob, positive, negative)


# ---------------------------------------------------------------- kl_divergence


def test_kl_divergence_by_hand():
    # row 1: 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.25) + 0 (true share 0) = ln 2
    # row 2: 1 * ln(1 / (1 - 1e-15)) (prediction clipped), about 1e-15; mean = ln 2 / 2
    truth = [[0.5, 0.5, 0.0], [1.0, 0.0, 0.0]]
    prob = [[0.25, 0.25, 0.5], [1.0, 0.0, 0.0]]
    assert kl_divergence(truth, prob) == pytest.approx(math.log(2) / 2)


def test_kl_divergence_matches_kaggles_documented_example():
    # the example in the docstring of Kaggle's "kullback-leibler-divergence" metric: 0.160531...
    truth = [[0, 0.1, 0.9], [0.5, 0.5, 0], [0.5, 0.5, 0]]
    prob = [[0.2, 0.1, 0.7], [0.3, 0.5, 0.2], [0.5, 0.5, 0]]
    assert kl_divergence(truth, prob) == pytest.approx(0.160531, abs=1e-6)


def test_kl_divergence_clips_predictions_at_1e15():
    # the true class predicted 0: ln(1 / 1e-15) = 34.53878
    assert kl_divergence([[1.0, 0.0]], [[0.0, 1.0]]) == pytest.approx(-math.log(1e-15))


@pytest.mark.parametrize(
    ("y_true", "y_prob", "message"),
    [
        ([[0.5, 0.5]], [[0.5, 0.5], [0.5, 0.5]], "rows"),
        ([[0.5, 0.5]], [[1.0]], "one shape"),
        ([[1.5, -0.5]], [[0.5, 0.5]], "y_true must hold probabilities"),
        ([[0.5, 0.5]], [[np.nan, 0.5]], "finite"),
    ],
)
def test_kl_divergence_refuses_bad_input(y_true, y_prob, message):
    with pytest.raises(ValueError, match=message):
        kl_divergence(y_true, y_prob)


def test_a_million_rows_are_quick_enough_to_run():
    # not timed; just proof that the functions are vectorised (a Python loop would take minutes)
    rng = np.random.default_rng(2)
    labels = rng.integers(0, 2, (1_000_000, 3))
    prob = rng.random((1_000_000, 3))
    assert 0 < binary_log_loss(labels[:, 0], prob[:, 0]) < 2
    assert 0 < weighted_multilabel_log_loss(labels, prob, [2, 2, 2], [1, 1, 1]) < 2
    shares = prob / prob.sum(axis=1, keepdims=True)
    assert kl_divergence(shares, shares) == pytest.approx(0, abs=1e-12)
