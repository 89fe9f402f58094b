"""Regression, correlation and geometry metrics against values worked out by hand."""

import math

import numpy as np
import pytest

from pytest_mlebench import metrics

METRE_PER_DEGREE = 2 * math.pi * 6_371_000 / 360  # one degree of a great circle on the metric's sphere


# ---- regression ---------------------------------------------------------------------------------


def test_masked_mae_scores_only_the_masked_rows():
    # masked rows 0 and 2: |1 - 2| = 1 and |3 - 0| = 3 -> 2; rows 1 and 3 (error 0 and 100) are ignored
    assert metrics.masked_mae([1, 2, 3, 4], [2, 2, 0, 104], [True, False, True, False]) == 2.0


def test_masked_mae_refuses_an_empty_or_misshapen_mask():
    with pytest.raises(ValueError, match="no row"):
        metrics.masked_mae([1, 2], [1, 2], [False, False])
    with pytest.raises(ValueError, match="shape"):
        metrics.masked_mae([1, 2], [1, 2], [True])


def test_mcrmse_is_the_mean_of_column_rmses():
    # column 1: errors 3 and 4 -> sqrt((9 + 16) / 2); column 2: errors 1 and 1 -> 1
    score = metrics.mcrmse([[0, 0], [0, 0]], [[3, 1], [4, 1]])
    assert score == pytest.approx((math.sqrt(12.5) + 1) / 2)


def test_mcrmse_needs_two_equal_2d_arrays():
    with pytest.raises(ValueError, match="2-D"):
        metrics.mcrmse([1, 2], [1, 2])
    with pytest.raises(ValueError, match="same shape"):
        metrics.mcrmse([[1, 2]], [[1, 2, 3]])


def test_mean_log_mae_by_group():
    # group a: errors 1 and 3 -> MAE 2; group b: error e -> MAE e; mean of logs = (ln 2 + 1) / 2
    score = metrics.mean_log_mae_by_group([0, 0, 0], [1, 3, math.e], ["a", "a", "b"])
    assert score == pytest.approx((math.log(2) + 1) / 2)


def test_mean_log_mae_by_group_floors_an_exact_group_at_1e_9():
    score = metrics.mean_log_mae_by_group([1, 1, 0], [1, 1, math.e], ["a", "a", "b"])
    assert score == pytest.approx((math.log(1e-9) + 1) / 2)
    with pytest.raises(ValueError, match="groups"):
        metrics.mean_log_mae_by_group([1, 2], [1, 2], ["a"])


def test_laplace_log_likelihood_floors_sigma_and_caps_the_error():
    root2 = math.sqrt(2)
    # exact prediction, sigma 10 raised to 70: -ln(70 * sqrt 2)
    assert metrics.laplace_log_likelihood([2000], [2000], [10]) == pytest.approx(-math.log(70 * root2))
    # error 2500 capped at 1000, sigma 100: -sqrt2 * 1000 / 100 - ln(100 sqrt2)
    both = metrics.laplace_log_likelihood([2000, 2000], [4500, 2000], [100, 100])
    assert both == pytest.approx(((-root2 * 10 - math.log(100 * root2)) + -math.log(100 * root2)) / 2)
    with pytest.raises(ValueError, match="sigma"):
        metrics.laplace_log_likelihood([1, 2], [1, 2], [100])


# ---- correlation --------------------------------------------------------------------------------


def test_pearson_hand_computed():
    # x deviations (-1, 0, 1), y = (2, 4, 7) deviations (-7/3, -1/3, 8/3): cov sum 5,
    # sum of squares 2 and 114/9 -> r = 5 / sqrt(2 * 114 / 9)
    assert metrics.pearson([1, 2, 3], [2, 4, 7]) == pytest.approx(5 / math.sqrt(2 * 114 / 9))


def test_pearson_refuses_a_constant():
    with pytest.raises(ValueError, match="constant"):
        metrics.pearson([1, 2, 3], [0, 0, 0])


def test_mean_columnwise_spearman_averages_columns():
    # column 1 has the same order (rho 1), column 2 the reverse order (rho -1): mean 0
    truth = [[1, 1], [2, 2], [3, 3]]
    assert metrics.mean_columnwise_spearman(truth, [[10, 3], [20, 2], [30, 1]]) == pytest.approx(0.0)


def test_mean_columnwise_spearman_gives_ties_their_mean_rank():
    # predicted ranks (1.5, 1.5, 3, 4) against (1, 2, 3, 4): cov 4.5, sums of squares 5 and 4.5 -> 3 / sqrt(10)
    score = metrics.mean_columnwise_spearman([[1], [2], [3], [4]], [[1], [1], [2], [3]])
    assert score == pytest.approx(3 / math.sqrt(10))


def test_mean_columnwise_spearman_refuses_a_constant_column():
    with pytest.raises(ValueError, match=r"constant column\(s\) \[1\]"):
        metrics.mean_columnwise_spearman([[1, 1], [2, 2]], [[1, 5], [2, 5]])


def test_kendall_tau_of_one_order():
    # (b, a, c) against (a, b, c): one inversion out of 3 pairs -> 1 - 4 * 1 / (3 * 2) = 1/3
    assert metrics.kendall_tau_orders([["a", "b", "c"]], [["b", "a", "c"]]) == pytest.approx(1 / 3)


def test_kendall_tau_pools_inversions_over_orders():
    # reversed 3-cell order: 3 inversions; exact 2-cell order: 0; 1 - 4 * 3 / (6 + 2) = -0.5
    # (the mean of per-order taus would be (-1 + 1) / 2 = 0)
    score = metrics.kendall_tau_orders([["a", "b", "c"], ["x", "y"]], [["c", "b", "a"], ["x", "y"]])
    assert score == pytest.approx(-0.5)


def test_kendall_tau_matches_scipy_on_a_long_order():
    from scipy import stats

    rng = np.random.default_rng(0)
    true = [f"c{i}" for i in range(300)]
    predicted = list(rng.permutation(true))
    expected = stats.kendalltau([true.index(c) for c in predicted], np.arange(300)).statistic
    assert metrics.kendall_tau_orders([true], [predicted]) == pytest.approx(expected)


@pytest.mark.parametrize(
    "true, predicted, message",
    [
        ([["a", "b"]], [["a", "a"]], "repeats item 'a'"),
        ([["a", "b"]], [["a", "c"]], "item 'c', which its true order lacks"),
        ([["a", "b"]], [["a"]], "different number of items"),
        ([["a"], ["b"]], [["a"]], "2 true orders but 1"),
        ([["a"]], [["a"]], "fewer than two items"),
    ],
)
def test_kendall_tau_refuses_what_is_not_a_permutation(true, predicted, message):
    with pytest.raises(ValueError, match=message):
        metrics.kendall_tau_orders(true, predicted)


# ---- geometry -----------------------------------------------------------------------------------


def test_mean_angular_error_hand_computed():
    # the pole (zenith 0) against the equator: pi/2; two equator points 90 degrees of azimuth apart: pi/2
    score = metrics.mean_angular_error([0, 0], [0, math.pi / 2], [0, math.pi / 2], [math.pi / 2, math.pi / 2])
    assert score == pytest.approx(math.pi / 2)
    # opposite directions: pi; the same direction: exactly 0 (the dot product is clipped, no NaN)
    assert metrics.mean_angular_error([0], [0], [0], [math.pi]) == pytest.approx(math.pi)
    assert metrics.mean_angular_error([1.3], [0.7], [1.3], [0.7]) == 0.0


def test_mean_angular_error_needs_equal_lengths():
    with pytest.raises(ValueError, match="azimuths"):
        metrics.mean_angular_error([0, 1], [0], [0, 1], [0])


def test_mean_trip_p50_p95_distance_hand_computed():
    d = METRE_PER_DEGREE
    # trip a: errors (0, d) -> median d/2, 95th percentile 0.95 d -> 0.725 d; trip b: one error d -> d
    score = metrics.mean_trip_p50_p95_distance([0, 0, 0], [0, 0, 0], [0, 1, 0], [0, 0, 1], ["a", "a", "b"])
    assert score == pytest.approx((0.725 * d + d) / 2)


def test_mean_trip_p50_p95_distance_needs_a_trip_per_row():
    with pytest.raises(ValueError, match="trip ids"):
        metrics.mean_trip_p50_p95_distance([0, 0], [0, 0], [0, 0], [0, 0], ["a"])


def test_new_metrics_are_registered():
    for name in ("masked_mae", "mcrmse", "mean_log_mae_by_group", "laplace_log_likelihood", "pearson",
                 "mean_columnwise_spearman", "kendall_tau_orders", "mean_angular_error", "mean_trip_p50_p95_distance"):
        assert name in metrics.METRICS


@pytest.mark.parametrize("n", [1, 7, 240, 10_001])
def test_rmsle_is_scikit_learns_to_the_bit(n):
    from sklearn.metrics import root_mean_squared_log_error

    rng = np.random.default_rng(n)
    truth, predicted = rng.gamma(2.0, 1.5, n), np.abs(rng.normal(1.0, 2.0, n))
    assert metrics.rmsle(truth, predicted) == float(root_mean_squared_log_error(truth, predicted))


def test_rmsle_refuses_negative_and_non_finite_values():
    with pytest.raises(ValueError, match="negative"):
        metrics.rmsle([1.0, 2.0], [1.0, -0.5])
    with pytest.raises(ValueError, match="finite"):
        metrics.rmsle([1.0, 2.0], [1.0, np.nan])
