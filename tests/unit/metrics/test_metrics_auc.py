"""The AUC family of metrics (pytest_mlebench/metrics/auc.py) against values worked out by hand."""

import numpy as np
import pytest

from pytest_mlebench import metrics

# One small ranking used throughout: positives scored 0.35 and 0.8, negatives 0.1 and 0.4.
Y = [0, 0, 1, 1]
P = [0.1, 0.4, 0.35, 0.8]


def test_names_are_registered():
    for name in ("roc_auc", "mean_column_auc", "tpr_weighted_auc"):
        assert metrics.METRICS[name] is getattr(metrics, name)


def test_roc_auc_counts_ties_as_half():
    # the single (pos, neg) pair is tied: 0.5
    assert metrics.roc_auc([0, 1], [0.3, 0.3]) == 0.5
    # (0.8>0.1) (0.8>0.4) (0.35>0.1) (0.35<0.4): 3 of 4 pairs
    assert metrics.roc_auc(Y, P) == 0.75


def test_mean_column_auc_hand_computed():
    y_true = np.array([[0, 1], [1, 0], [1, 1], [0, 0]])
    y_pred = np.array([[0.1, 0.9], [0.8, 0.2], [0.4, 0.3], [0.5, 0.3]])
    # column 0: positives 0.8, 0.4 vs negatives 0.1, 0.5 -> pairs won 1, 1, 1, 0 -> 3/4
    # column 1: positives 0.9, 0.3 vs negatives 0.2, 0.3 -> 1, 1, 1, 0.5 (tie) -> 3.5/4
    assert metrics.mean_column_auc(y_true, y_pred) == pytest.approx((0.75 + 0.875) / 2)


def test_mean_column_auc_of_one_column_is_roc_auc():
    assert metrics.mean_column_auc(np.array(Y)[:, None], np.array(P)[:, None]) == 0.75


@pytest.mark.parametrize(
    "y_true, y_pred, message",
    [
        ([[0, 1], [1, 0]], [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], "same shape"),
        ([0, 1], [0.2, 0.7], "matrices"),
        ([[0, 1], [0, 0]], [[0.1, 0.2], [0.4, 0.5]], "column 0"),
        ([[0, 1]], [[0.1, 0.2], [0.3, 0.4]], "rows"),
    ],
)
def test_mean_column_auc_refuses_bad_input(y_true, y_pred, message):
    with pytest.raises(ValueError, match=message):
        metrics.mean_column_auc(np.array(y_true), np.array(y_pred))


def test_tpr_weighted_auc_hand_computed():
    # ROC points (fpr, tpr): (0,0) (0,.5) (.5,.5) (.5,1) (1,1); the point (0, .4) is inserted.
    # Band TPR 0-.4: the curve is at .4 from fpr 0 to 1 -> area .4, weight 2 -> .8
    # Band TPR .4-1 (heights above .4): .1 over fpr 0-.5, .6 over .5-1 -> .05 + .3 = .35
    # (.8 + .35) / (2 * .4 + 1 * .6) = 1.15 / 1.4
    assert metrics.tpr_weighted_auc(Y, P) == pytest.approx(1.15 / 1.4)


def test_tpr_weighted_auc_interpolates_the_inserted_point():
    # Constant scores: the ROC curve is the diagonal, so (0.4, 0.4) is inserted.
    # Band 0-.4: integral of min(x, .4) over [0, 1] = .08 + .24 = .32, weight 2 -> .64
    # Band .4-1: integral of (x - .4) over [.4, 1] = .18
    assert metrics.tpr_weighted_auc([0, 1, 0, 1], [0.5] * 4) == pytest.approx(0.82 / 1.4)


def test_tpr_weighted_auc_bounds_and_rank_invariance():
    y = [0, 1, 0, 1, 1, 0]
    assert metrics.tpr_weighted_auc(y, y) == 1.0
    assert metrics.tpr_weighted_auc(y, [1 - v for v in y]) == 0.0
    scores = np.array([0.2, 0.9, 0.1, 0.4, 0.6, 0.5])
    assert metrics.tpr_weighted_auc(y, scores) == metrics.tpr_weighted_auc(y, 10 * scores - 3)


def test_tpr_weighted_auc_with_equal_weights_is_roc_auc():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    scores = rng.random(200)
    assert metrics.tpr_weighted_auc(y, scores, weights=(1, 1)) == pytest.approx(metrics.roc_auc(y, scores))


@pytest.mark.parametrize(
    "y_true, message",
    [([1, 1, 1, 1], "both labels"), ([0, 1, 2, 1], "both labels"), ([[0, 1], [1, 0]], "one column")],
)
def test_tpr_weighted_auc_refuses_bad_labels(y_true, message):
    with pytest.raises(ValueError, match=message):
        metrics.tpr_weighted_auc(np.array(y_true), np.zeros(len(y_true)))


def test_tpr_weighted_auc_needs_one_weight_per_band():
    with pytest.raises(ValueError, match="weights"):
        metrics.tpr_weighted_auc(Y, P, tpr_thresholds=(0.0, 0.4, 1.0), weights=(1,))


def test_roc_auc_rank_formula_equals_scikit_learn_with_ties():
    """The rank (Mann-Whitney) computation must give scikit-learn's number, ties included."""
    from sklearn.metrics import roc_auc_score

    from pytest_mlebench.metrics import roc_auc

    rng = np.random.default_rng(11)
    for n in (2, 7, 500, 20000):
        y_true = np.r_[0, 1, rng.integers(0, 2, n - 2)]
        scores = rng.integers(0, 9, n) / 4  # few distinct values: many ties
        assert roc_auc(y_true, scores) == pytest.approx(roc_auc_score(y_true, scores), rel=1e-12)
