"""Nomad2018: mean of the RMSLEs of formation energy and band gap, graded as MLE-bench grades it.

MLE-bench matches rows BY POSITION, not by id: the i-th submission row is
compared with the i-th test material, whatever its `id` says. A submission is
invalid when a target column is missing, the row count differs, a value is
not a finite number, or a value is negative. (MLE-bench computes each RMSLE
with scikit-learn's `root_mean_squared_log_error`, which in the 1.5 releases
MLE-bench was published with refuses negative values; later scikit-learn
releases accept values above -1. We keep MLE-bench's published behaviour.)
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import as_numbers
from pytest_mlebench.grading.recipes import check_rows_and_columns
from pytest_mlebench.metrics import rmsle

TARGETS = ["formation_energy_ev_natom", "bandgap_energy_ev"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_rows_and_columns(submission, answers, TARGETS, unit="test material")
    predicted = as_numbers(submission, TARGETS)
    if (predicted < 0).any():
        raise InvalidSubmission(f"{TARGETS} must not be negative: the metric takes log(1 + value)")
    truth = answers[TARGETS].to_numpy(dtype=float)
    errors = [rmsle(truth[:, i], predicted[:, i]) for i in range(len(TARGETS))]
    return float(sum(errors) / len(errors))
