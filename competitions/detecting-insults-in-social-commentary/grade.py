"""Detecting Insults: ROC AUC of the `Insult` scores, graded as MLE-bench grades it.

The test comments have no id, so MLE-bench matches rows by the text of `Comment`:
both tables are sorted on it and must then list the same comments. Some comments
occur several times, always with the same label, so the pairing of duplicates
does not change the AUC. Scores must be numbers in [0, 1]; extra columns are ignored.
"""

from __future__ import annotations

import pandas as pd
from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.recipes import sorted_by_id
from pytest_mlebench.metrics import roc_auc

MATCH_ON = "Comment"
TARGET = "Insult"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    submission, answers = sorted_by_id(submission, answers, MATCH_ON, [TARGET], unit="test comment", ids_from="test.csv")
    try:
        scores = pd.to_numeric(submission[TARGET])
    except (ValueError, TypeError):
        raise InvalidSubmission(f"{TARGET!r} must hold numbers, not {submission[TARGET].dtype}") from None
    if scores.isna().any():
        raise InvalidSubmission(f"{TARGET!r} has {int(scores.isna().sum())} missing value(s)")
    if scores.min() < 0 or scores.max() > 1:
        raise InvalidSubmission(f"{TARGET!r} must hold probabilities between 0 and 1")
    return roc_auc(answers[TARGET].to_numpy(), scores.to_numpy())
