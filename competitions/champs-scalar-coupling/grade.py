"""CHAMPS scalar coupling: mean over coupling types of log(MAE), graded as MLE-bench grades it.

MLE-bench requires the columns `id` and `scalar_coupling_constant` and the set of
submitted ids to equal the test set's; it then joins each test pair with the
submission's row(s) of that id, so a repeated id is not refused: every copy is
joined and counted. A missing or non-numeric value makes the MAE fail (invalid).
One deliberate difference: MLE-bench takes log(MAE) as is, which is minus
infinity for a type predicted exactly; like Kaggle's own metric we floor each
MAE at 1e-9, so such a score stays finite (and still far beyond gold).
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import mean_log_mae_by_group
from pytest_mlebench.grading.recipes import numbers_joined_on_ids

ID, TARGET, GROUP = "id", "scalar_coupling_constant", "type"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    truth, predicted, joined = numbers_joined_on_ids(submission, answers, ID, TARGET, ids_from="test.csv", keep=[GROUP])
    return mean_log_mae_by_group(truth, predicted, joined[GROUP].to_numpy())
