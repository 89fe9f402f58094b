"""U.S. patent phrase matching: Pearson correlation of the scores, graded as MLE-bench grades it.

MLE-bench requires the answers' row count and the columns `id` and `score`, and
the submission's ids, sorted, equal to the test ids, sorted (so every pair once,
any order). Scores equal on every row, or a blank, NaN or infinite score, give
no correlation: MLE-bench gets NaN and counts the submission valid without a
medal; so do we (UndefinedScore).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import UndefinedScore
from pytest_mlebench.grading.checks import numbers_or_undefined
from pytest_mlebench.grading.recipes import sorted_by_id
from pytest_mlebench.metrics import pearson

ID, TARGET = "id", "score"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    submission, answers = sorted_by_id(submission, answers, ID, [TARGET], unit="test pair", ids_from="test.csv")
    predicted = numbers_or_undefined(submission, [TARGET], f"{TARGET} has no correlation")[:, 0]
    if np.all(predicted == predicted[0]):
        raise UndefinedScore(f"every {TARGET} is {predicted[0]}: a constant has no correlation")
    return pearson(answers[TARGET].to_numpy(dtype=float), predicted)

