"""U.S. patent phrase matching: Pearson correlation of the scores, graded as MLE-bench grades it.

MLE-bench requires the answers' row count and the columns `id` and `score`, and
the submission's ids, sorted, equal to the test ids, sorted (so every pair once,
any order). Scores equal on every row have no correlation: MLE-bench gets NaN and
counts the submission valid without a medal; so do we (UndefinedScore).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission, UndefinedScore
from pytest_mlebench.grading.checks import as_numbers, require_columns
from pytest_mlebench.metrics import pearson

ID, TARGET = "id", "score"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test pair), got {len(submission):,}")
    require_columns(submission, [ID, TARGET])
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    if (submission[ID].to_numpy() != answers[ID].to_numpy()).any():
        raise InvalidSubmission(f"the {ID} values are not exactly those of test.csv, each once")
    predicted = as_numbers(submission, [TARGET])[:, 0]
    if np.all(predicted == predicted[0]):
        raise UndefinedScore(f"every {TARGET} is {predicted[0]}: a constant has no correlation")
    return pearson(answers[TARGET].to_numpy(dtype=float), predicted)
