"""Ventilator pressure: MAE over the inspiratory rows (u_out == 0), graded as MLE-bench grades it.

MLE-bench requires the columns `id` and `pressure`, exactly the answers' row
count, and the submission's ids, sorted, equal to the test ids, sorted (so
every row once, any order). Only rows whose answer has `u_out == 0` are scored;
the pressure of the other rows is never read. A missing or non-numeric scored
pressure makes the MAE fail, which MLE-bench counts as invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading.checks import as_numbers
from pytest_mlebench.grading.recipes import sorted_by_id
from pytest_mlebench.metrics import masked_mae

ID, TARGET, EXHALING = "id", "pressure", "u_out"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    submission, answers = sorted_by_id(submission, answers, ID, [TARGET], unit="row of test.csv", ids_from="test.csv")
    scored = (answers[EXHALING] == 0).to_numpy()
    as_numbers(submission[scored], [TARGET])  # refuses a blank or text pressure on a scored row
    predicted = pd.to_numeric(submission[TARGET], errors="coerce").to_numpy(dtype=float)
    return masked_mae(answers[TARGET].to_numpy(dtype=float), predicted, scored)
