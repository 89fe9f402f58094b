"""The Jigsaw bias-AUC blend (pytest_mlebench/metrics/bias_auc.py) against values worked out by hand."""

import warnings

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from pytest_mlebench import metrics
from pytest_mlebench.metrics import bias_auc_blend

# Six comments used throughout; identity A is mentioned by the first three.
#   row     0    1    2    3    4    5
Y = [0, 1, 0, 1, 0, 1]
P = [0.1, 0.6, 0.7, 0.9, 0.2, 0.4]
A = [1, 1, 1, 0, 0, 0]
B = [0, 0, 0, 1, 1, 0]  # a second identity, mentioned by rows 3 and 4
# Overall: positives 0.6, 0.9, 0.4 against negatives 0.1, 0.7, 0.2 win 2 + 3 + 2 of 9 pairs -> 7/9.
# Identity A: subgroup 0.6 vs 0.1, 0.7 -> 1/2; BPSN: negatives of A (0.1, 0.7) against positives
# outside it (0.9, 0.4) -> 2 + 1 of 4 = 3/4; BNSP: positive of A (0.6) against the negative
# outside it (0.2) -> 1.
# Identity B: subgroup 0.9 vs 0.2 -> 1; BPSN: 0.2 against 0.6, 0.4 -> 1; BNSP: 0.9 against 0.1, 0.7 -> 1.
OVERALL = 7 / 9


def _column(*identities):
    return np.array(identities).T


def test_name_is_registered():
    assert metrics.METRICS["bias_auc_blend"] is bias_auc_blend


def test_one_identity_hand_computed():
    # a power mean of one value is that value: 0.25 * (7/9 + 1/2 + 3/4 + 1)
    assert bias_auc_blend(Y, P, _column(A)) == pytest.approx(0.25 * (OVERALL + 0.5 + 0.75 + 1))


def test_power_mean_over_two_identities_hand_computed():
    # subgroup AUCs (1/2, 1): ((2**5 + 1) / 2) ** (-1/5) = 16.5 ** -0.2 (about 0.571)
    # BPSN AUCs (3/4, 1): (((4/3)**5 + 1) / 2) ** (-1/5) = (1267/486) ** -0.2 (about 0.826)
    # BNSP AUCs (1, 1): 1
    expected = 0.25 * (OVERALL + 16.5**-0.2 + (1267 / 486) ** -0.2 + 1)
    assert bias_auc_blend(Y, P, _column(A, B)) == pytest.approx(expected)
    # the worst identity weighs most: the power mean lies below the plain mean of (1/2, 1)
    assert 16.5**-0.2 < 0.75
    # power 1 is the arithmetic mean: 0.25 * (7/9 + 3/4 + 7/8 + 1)
    assert bias_auc_blend(Y, P, _column(A, B), power=1) == pytest.approx(0.25 * (OVERALL + 0.75 + 0.875 + 1))
    # the weight multiplies all four parts
    assert bias_auc_blend(Y, P, _column(A, B), weight=1.0) == pytest.approx(4 * expected)


def test_perfect_constant_and_reversed_scores():
    assert bias_auc_blend(Y, Y, _column(A, B)) == 1.0
    # all scores tied: every AUC is 1/2, so 0.25 * (4 * 1/2)
    assert bias_auc_blend(Y, [0.3] * 6, _column(A, B)) == pytest.approx(0.5)
    # reversed scores: every AUC is 0; a power mean holding a 0 is 0 (no warning, no error)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bias_auc_blend(Y, [1 - y for y in Y], _column(A, B)) == 0.0


def test_an_auc_of_zero_for_one_identity_sinks_its_power_mean():
    # rows: toxic 0.1 (A), harmless 0.9 (A), toxic 0.8, harmless 0.2
    # overall: positives 0.1, 0.8 vs negatives 0.9, 0.2 -> 1 of 4; subgroup, BPSN, BNSP of A are all 0
    assert bias_auc_blend([1, 0, 1, 0], [0.1, 0.9, 0.8, 0.2], _column([1, 1, 0, 0])) == pytest.approx(0.25 * 0.25)


def test_accepts_booleans_and_ignores_row_order():
    shuffled = [3, 0, 5, 1, 4, 2]
    y, p, a = (np.array(v)[shuffled] for v in (Y, P, A))
    expected = 0.25 * (OVERALL + 0.5 + 0.75 + 1)
    assert bias_auc_blend(y.astype(bool), p, _column(a.astype(bool))) == pytest.approx(expected)


def _reference(y, p, subgroups, power=-5):
    """The metric spelt out with scikit-learn, one roc_auc_score per part."""
    y, p = np.asarray(y), np.asarray(p)
    kinds = []
    for member in np.asarray(subgroups, dtype=bool).T:
        bpsn = (member & (y == 0)) | (~member & (y == 1))
        bnsp = (member & (y == 1)) | (~member & (y == 0))
        kinds.append([roc_auc_score(y[m], p[m]) for m in (member, bpsn, bnsp)])
    means = np.mean(np.array(kinds) ** power, axis=0) ** (1 / power)
    return 0.25 * (roc_auc_score(y, p) + means.sum())


@pytest.mark.parametrize("ties", [False, True])
def test_agrees_with_scikit_learn_part_by_part(ties):
    rng = np.random.default_rng(3)
    y = (rng.random(2000) < 0.3).astype(int)
    p = rng.random(2000)
    if ties:
        p = np.round(p, 1)  # eleven distinct scores: many ties
    subgroups = rng.random((2000, 9)) < 0.2
    assert bias_auc_blend(y, p, subgroups) == pytest.approx(_reference(y, p, subgroups), abs=1e-12)


@pytest.mark.parametrize(
    "y_true, y_pred, subgroups, message",
    [
        (Y, P[:5], _column(A), "rows"),
        (Y, P, np.array(A), "matrix"),
        (Y, P, _column(A)[:5], "matrix"),
        (Y, P, np.empty((6, 0)), "at least one column"),
        ([0, 1, 2, 1, 0, 1], P, _column(A), "y_true must hold only 0 and 1"),
        (Y, P, _column([1, 1, 2, 0, 0, 0]), "subgroups must hold only 0 and 1"),
        (Y, [0.1, np.nan, 0.7, 0.9, 0.2, 0.4], _column(A), "finite"),
        (Y, P, _column([1, 0, 1, 0, 0, 0]), r"identity column 0 \(subgroup\) is undefined"),
        (Y, P, _column(A, [1, 1, 1, 1, 1, 1]), r"identity column 1 \(BPSN\) is undefined"),
        ([0] * 6, P, _column(A), "the whole set is undefined"),
    ],
)
def test_refuses_bad_input(y_true, y_pred, subgroups, message):
    with pytest.raises(ValueError, match=message):
        bias_auc_blend(y_true, y_pred, subgroups)


def test_refuses_power_zero():
    with pytest.raises(ValueError, match="power"):
        bias_auc_blend(Y, P, _column(A), power=0)
