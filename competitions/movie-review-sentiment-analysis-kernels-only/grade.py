"""Movie Review Sentiment Analysis: accuracy of the predicted `Sentiment`, graded as MLE-bench grades it.

MLE-bench's rules, kept exactly: exactly one row per phrase of the test set, the
columns `PhraseId` and `Sentiment` present (others are ignored), and after sorting
both tables on `PhraseId` the ids must be identical (each test id once). Labels are
compared as pandas read them, with scikit-learn's `accuracy_score`: whole
numbers match (2 and 2.0 are the same class), while fractions, blanks
or text make scikit-learn fail, which MLE-bench counts as invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, require_columns
from pytest_mlebench.metrics import label_accuracy

ID = "PhraseId"
TARGET = "Sentiment"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(
            f"the submission has {len(submission)} rows; expected {len(answers)}, one per test phrase"
        )
    require_columns(submission, [ID, TARGET])
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    if submission[ID].tolist() != answers[ID].tolist():
        raise InvalidSubmission(f"the {ID} values are not exactly those of test.tsv (each once)")
    try:
        return label_accuracy(answers[TARGET].to_numpy(), submission[TARGET].to_numpy())
    except (ValueError, TypeError) as exc:
        raise InvalidSubmission(f"{TARGET!r} must hold a whole-number sentiment (0 to 4): {exc}") from None
