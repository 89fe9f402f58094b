"""Metric functions against hand-computed values."""

import math

import numpy as np
import pytest

from pytest_mlebench import metrics


def test_accuracy_compares_as_text():
    assert metrics.accuracy([1, 2, 3, 4], ["1", "2", "0", "4"]) == 0.75


def test_roc_auc_hand_computed():
    # pairs (pos, neg): (0.8>0.1) (0.8>0.4) (0.35<0.4) (0.35>0.1) -> 3/4
    assert metrics.roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75


def test_rmse_and_mae():
    assert metrics.rmse([0, 0], [3, 4]) == pytest.approx(math.sqrt(12.5))
    assert metrics.mae([0, 0], [3, -4]) == 3.5


def test_rmse_log_is_rmse_of_logs():
    assert metrics.rmse_log([math.e, 1.0], [1.0, 1.0]) == pytest.approx(math.sqrt(0.5))


def test_multiclass_log_loss_renormalises_and_clips():
    labels = ["a", "b"]
    assert metrics.multiclass_log_loss(["a", "b"], [[2, 2], [1, 3]], labels) == pytest.approx(
        -(math.log(0.5) + math.log(0.75)) / 2
    )
    assert metrics.multiclass_log_loss(["a"], [[0.0, 1.0]], labels) == pytest.approx(-math.log(1e-15))


def test_levenshtein_and_token_error_rate():
    assert metrics.levenshtein("kitten", "sitting") == 3
    assert metrics.levenshtein([], ["a"]) == 1
    # 1 substitution over 3 tokens + 1 deletion over 2 tokens = 2 / 5
    assert metrics.token_error_rate(["K AE T", "D AO"], ["K AH T", "D"]) == pytest.approx(0.4)


def test_lengths_must_match_and_not_be_empty():
    with pytest.raises(ValueError, match="rows"):
        metrics.rmse([1, 2], [1])
    with pytest.raises(ValueError, match="zero rows"):
        metrics.accuracy(np.array([]), np.array([]))
