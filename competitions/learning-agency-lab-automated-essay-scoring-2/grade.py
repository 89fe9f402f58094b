"""Automated essay scoring 2.0: quadratic weighted kappa of the predicted scores, as MLE-bench grades it.

MLE-bench's rules, kept exactly: the columns `essay_id` and `score` present
(others are ignored), exactly one row per test essay, and after sorting both
tables on `essay_id` the ids must be identical. Scores are compared as pandas
read them with scikit-learn's `cohen_kappa_score(weights="quadratic")`: 3 and
3.0 are the same score, while fractions (3.5), blanks or text make it fail,
which MLE-bench counts as invalid. Scores outside 1-6 are allowed but count as
extra classes.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, require_columns
from pytest_mlebench.metrics import quadratic_weighted_kappa

ID = "essay_id"
TARGET = "score"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    if len(submission) != len(answers):
        raise InvalidSubmission(f"the submission has {len(submission)} rows; expected {len(answers)}, one per test essay")
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    if submission[ID].tolist() != answers[ID].tolist():
        raise InvalidSubmission(f"the {ID} values are not exactly those of test.csv (each once)")
    try:
        return quadratic_weighted_kappa(answers[TARGET].to_numpy(), submission[TARGET].to_numpy())
    except (ValueError, TypeError) as exc:
        raise InvalidSubmission(f"{TARGET!r} must hold a whole-number score from 1 to 6: {exc}") from None
