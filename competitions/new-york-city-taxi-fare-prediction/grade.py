"""New York City taxi fares: RMSE in dollars, graded as MLE-bench grades it.

MLE-bench requires the columns `key` and `fare_amount`, sorts the submission
and the answers by `key` and compares the fares row by row. It does NOT check
that the keys match: a submission with the right number of rows but wrong keys
is scored in sorted order. A different row count, or a fare that is not a
finite number, makes scikit-learn's RMSE fail, which MLE-bench counts as invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading.checks import as_numbers
from pytest_mlebench.grading.recipes import check_rows_and_columns
from pytest_mlebench.metrics import rmse

ID, TARGET = "key", "fare_amount"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_rows_and_columns(submission, answers, [ID, TARGET], unit="test ride")
    submission = submission.sort_values(ID).reset_index(drop=True)
    answers = answers.sort_values(ID)
    return rmse(answers[TARGET].to_numpy(dtype=float), as_numbers(submission, [TARGET])[:, 0])
