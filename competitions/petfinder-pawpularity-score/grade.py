"""PetFinder pawpularity: RMSE of scores in [1, 100], graded as MLE-bench grades it.

MLE-bench requires the columns `Id` and `Pawpularity`, refuses any score outside
[1, 100] (a missing or non-numeric score too), and requires the submission's ids,
sorted, to equal the test ids, sorted (so one row per photo, any order).
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import as_numbers, require_columns
from pytest_mlebench.metrics import rmse

ID, TARGET = "Id", "Pawpularity"
LOW, HIGH = 1, 100


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    scores = as_numbers(submission, [TARGET])[:, 0]
    if ((scores < LOW) | (scores > HIGH)).any():
        raise InvalidSubmission(f"every {TARGET} must lie between {LOW} and {HIGH} inclusive")
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test photo), got {len(submission):,}")
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    if (submission[ID].to_numpy() != answers[ID].to_numpy()).any():
        raise InvalidSubmission(f"the {ID} values are not exactly those of test.csv, each once")
    return rmse(answers[TARGET].to_numpy(dtype=float), as_numbers(submission, [TARGET])[:, 0])
