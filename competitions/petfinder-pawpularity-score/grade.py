"""PetFinder pawpularity: RMSE of scores in [1, 100], graded as MLE-bench grades it.

MLE-bench requires the columns `Id` and `Pawpularity`, refuses any score outside
[1, 100] (a missing or non-numeric score too), and requires the submission's ids,
sorted, to equal the test ids, sorted (so one row per photo, any order).
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import as_numbers
from pytest_mlebench.grading.recipes import sorted_by_id
from pytest_mlebench.metrics import rmse

ID, TARGET = "Id", "Pawpularity"
LOW, HIGH = 1, 100


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    submission, answers = sorted_by_id(submission, answers, ID, [TARGET], unit="test photo", ids_from="test.csv")
    scores = as_numbers(submission, [TARGET])[:, 0]
    if ((scores < LOW) | (scores > HIGH)).any():
        raise InvalidSubmission(f"every {TARGET} must lie between {LOW} and {HIGH} inclusive")
    return rmse(answers[TARGET].to_numpy(dtype=float), scores)
