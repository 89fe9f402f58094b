"""Toxic Comment Classification: mean column-wise ROC AUC over six labels, as MLE-bench grades it.

MLE-bench's rules: the columns `id` and the six labels must be present and the
submission must have one row per answer row; rows are matched by id (both tables
sorted by id). Answer rows Kaggle did not score carry -1 in every label and are
left out, and so is every submitted row whose id is such a row's: what those
rows hold does not matter. Probabilities are not range-checked; text, NaN and
infinity in a scored row make the metric fail (invalid).

Two quirks kept on purpose so that scores equal MLE-bench's:
- the submission's columns other than `id` are paired with the labels by
  POSITION, in the answers' order toxic, severe_toxic, obscene, threat, insult,
  identity_hate; a submission with its columns in another order is scored
  against the wrong labels, and one with any extra column is invalid;
- ids are not checked one for one: a submission that repeats one id and omits
  another is scored by sorted position, as long as each of its ids is a test id
  and as many of its rows as the answers' belong to scored comments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.metrics import mean_column_auc
from pytest_mlebench.grading.checks import as_numbers
from pytest_mlebench.grading.recipes import check_rows_and_columns

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
    # Both tables sorted by id, rows then paired by position (stable sort: repeated ids keep their order).
    submission = submission.assign(**{ID: submission[ID].astype(str)}).sort_values(ID, kind="stable")
    answers = answers.assign(**{ID: answers[ID].astype(str)}).sort_values(ID, kind="stable")
    scored = answers[CLASSES].sum(axis=1) >= 0  # rows of -1 were not scored by Kaggle
    kept = submission[ID].map(dict(zip(answers[ID], scored)))  # each submitted row kept as its id's answer row
    if kept.isna().any():
        raise InvalidSubmission(f"unknown {ID}(s), e.g. {submission[ID][kept.isna()].iloc[0]!r}: use the ids of sample_submission.csv")
    kept = kept.astype(bool).to_numpy()
    if kept.sum() != scored.sum():
        raise InvalidSubmission(
            f"the {ID} values are not those of sample_submission.csv: {int(kept.sum())} submitted rows belong to "
            f"scored comments, which number {int(scored.sum())}")
    try:
        scores = submission.loc[kept, predicted].to_numpy(dtype=object).astype(float)
    except (TypeError, ValueError):
        as_numbers(submission.loc[kept], predicted)  # raises, naming the first cell that is not a number
        raise InvalidSubmission(f"the columns {predicted} must hold numbers on every scored row") from None
    if not np.isfinite(scores).all():
        as_numbers(submission.loc[kept], predicted)  # raises, naming the first blank, NaN or infinity
        raise InvalidSubmission(f"the columns {predicted} must hold finite numbers on every scored row")
    return mean_column_auc(answers.loc[scored, CLASSES].to_numpy(), scores)
