"""Toxic Comment Classification: mean column-wise ROC AUC over six labels, as MLE-bench grades it.

MLE-bench's rules: the columns `id` and the six labels must be present and the
submission must have one row per answer row; rows are matched by id (both tables
sorted by id). Answer rows Kaggle did not score carry -1 in every label and are
left out. Probabilities are not range-checked; text, NaN and infinity make the
metric fail (invalid).

Two quirks kept on purpose so that scores equal MLE-bench's:
- the submission's columns other than `id` are paired with the labels by
  POSITION, in the answers' order toxic, severe_toxic, obscene, threat, insult,
  identity_hate; a submission with its columns in another order is scored
  against the wrong labels, and one with any extra column is invalid;
- (stricter than MLE-bench) duplicate ids are refused, whereas MLE-bench scores
  a submission that repeats one id and omits another by sorted position.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.metrics import mean_column_auc
from pytest_mlebench.grading.recipes import check_rows_and_columns, numbers_by_id

ID = "id"
CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_rows_and_columns(submission, answers, [ID] + CLASSES, unit="test comment")
    predicted = [c for c in submission.columns if c != ID]
    if len(predicted) != len(CLASSES):
        raise InvalidSubmission(
            f"expected exactly the columns {[ID] + CLASSES}; extra column(s) "
            f"{[c for c in predicted if c not in CLASSES]} are not allowed"
        )
    scores = numbers_by_id(submission, answers, ID, predicted, unit="test comment")  # positional pairing, as MLE-bench does
    scored = (answers[CLASSES].sum(axis=1) >= 0).to_numpy()  # rows of -1 were not scored by Kaggle
    return mean_column_auc(answers.loc[scored, CLASSES].to_numpy(), scores[scored])
