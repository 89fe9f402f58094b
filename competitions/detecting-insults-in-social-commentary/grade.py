"""Detecting Insults: ROC AUC of the `Insult` scores, graded as MLE-bench grades it.

The test comments have no id, so MLE-bench matches rows by the text of `Comment`:
both tables are sorted on it and must then list the same comments. Some comments
occur several times, always with the same label, so the pairing of duplicates
does not change the AUC. Scores must be numbers in [0, 1]; extra columns are ignored.
"""

from __future__ import annotations

import pandas as pd
from sklearn.metrics import roc_auc_score

from pytest_mlebench.grading import InvalidSubmission, require_columns

MATCH_ON = "Comment"
TARGET = "Insult"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [MATCH_ON, TARGET])
    if len(submission) != len(answers):
        raise InvalidSubmission(f"the submission has {len(submission)} rows; the test set has {len(answers)} comments")
    try:
        scores = pd.to_numeric(submission[TARGET])
    except (ValueError, TypeError):
        raise InvalidSubmission(f"{TARGET!r} must hold numbers, not {submission[TARGET].dtype}") from None
    if scores.isna().any():
        raise InvalidSubmission(f"{TARGET!r} has {int(scores.isna().sum())} missing value(s)")
    if scores.min() < 0 or scores.max() > 1:
        raise InvalidSubmission(f"{TARGET!r} must hold probabilities between 0 and 1")

    submission = submission.assign(**{TARGET: scores}).sort_values(MATCH_ON)
    answers = answers.sort_values(MATCH_ON)
    if submission[MATCH_ON].tolist() != answers[MATCH_ON].tolist():
        raise InvalidSubmission(f"the {MATCH_ON} values are not exactly the comments of test.csv")
    return float(roc_auc_score(answers[TARGET].to_numpy(), submission[TARGET].to_numpy()))
