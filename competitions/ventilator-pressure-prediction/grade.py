"""Ventilator pressure: MAE over the inspiratory rows (u_out == 0), graded as MLE-bench grades it.

MLE-bench requires the columns `id` and `pressure`, exactly the answers' row
count, and the submission's ids, sorted, equal to the test ids, sorted (so
every row once, any order). Only rows whose answer has `u_out == 0` are scored;
the pressure of the other rows is never read. A missing or non-numeric scored
pressure makes the MAE fail, which MLE-bench counts as invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import as_numbers, require_columns
from pytest_mlebench.metrics import masked_mae

ID, TARGET, EXHALING = "id", "pressure", "u_out"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per row of test.csv), got {len(submission):,}")
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    if (submission[ID].to_numpy() != answers[ID].to_numpy()).any():
        raise InvalidSubmission(f"the {ID} values are not exactly those of test.csv, each once")
    scored = (answers[EXHALING] == 0).to_numpy()
    as_numbers(submission[scored], [TARGET])  # refuses a blank or text pressure on a scored row
    predicted = pd.to_numeric(submission[TARGET], errors="coerce").to_numpy(dtype=float)
    return masked_mae(answers[TARGET].to_numpy(dtype=float), predicted, scored)
