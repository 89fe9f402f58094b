"""New York City taxi fares: RMSE in dollars, graded as MLE-bench grades it.

MLE-bench requires the columns `key` and `fare_amount`, sorts the submission
and the answers by `key` and compares the fares row by row. It does NOT check
that the keys match: a submission with the right number of rows but wrong keys
is scored in sorted order. A different row count, or a fare that is not a
finite number, makes scikit-learn's RMSE fail, which MLE-bench counts as invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import as_numbers, require_columns
from pytest_mlebench.metrics import rmse

ID, TARGET = "key", "fare_amount"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test ride), got {len(submission):,}")
    submission = submission.sort_values(ID).reset_index(drop=True)
    answers = answers.sort_values(ID)
    return rmse(answers[TARGET].to_numpy(dtype=float), as_numbers(submission, [TARGET])[:, 0])
