"""Jigsaw Unintended Bias in Toxicity Classification: the bias-AUC blend, graded as MLE-bench grades it.

MLE-bench's rules:
- the submission needs an `id` column and a `prediction` column (a column named
  `toxicity`, as in the answers file, is taken instead; with both, MLE-bench's grader
  fails, so such a file is invalid); other columns are ignored;
- both tables are sorted by id and must then hold the same ids row for row: one row per
  test comment, each id once (compared as values, so 7000000.0 equals 7000000);
- answers: a comment is toxic when `toxicity` >= 0.5 and mentions an identity when that
  identity's column >= 0.5 (a blank counts as no mention); only the nine identities
  Kaggle scored count.

One quirk kept on purpose so that scores equal MLE-bench's: predictions are cut to 0/1
at 0.5 (>= 0.5 is toxic) BEFORE any AUC is taken, so only the side of 0.5 a prediction
falls on matters. Hence values outside [0, 1] are accepted (5 counts as 1, -3 as 0) and
a missing value (NaN) counts as 0, because `NaN >= 0.5` is false; text is invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import require_columns
from pytest_mlebench.metrics import bias_auc_blend

ID = "id"
PREDICTION = "prediction"
ANSWER = "toxicity"  # the answers' label column, also accepted in place of `prediction`
IDENTITIES = [
    "male",
    "female",
    "homosexual_gay_or_lesbian",
    "christian",
    "jewish",
    "muslim",
    "black",
    "white",
    "psychiatric_or_mental_illness",
]
CUT = 0.5  # labels, identity mentions and predictions alike: >= 0.5 is 1
POWER = -5
WEIGHT = 0.25


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID])
    columns = [c for c in (PREDICTION, ANSWER) if c in submission.columns]
    if not columns:
        raise InvalidSubmission(f"missing column {PREDICTION!r}; the submission has {list(submission.columns)}")
    if len(columns) == 2:
        raise InvalidSubmission(f"the submission has both {PREDICTION!r} and {ANSWER!r}; keep only {PREDICTION!r}")
    column = columns[0]

    submission = submission.sort_values(ID)
    answers = answers.sort_values(ID)
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test comment), got {len(submission):,}")
    if (submission[ID].to_numpy() != answers[ID].to_numpy()).any():
        raise InvalidSubmission(f"the {ID!r} values are not exactly those of test.csv (each test comment once)")

    predictions = submission[column]
    if not pd.api.types.is_numeric_dtype(predictions):
        not_numbers = predictions[pd.to_numeric(predictions, errors="coerce").isna() & predictions.notna()]
        example = not_numbers.iloc[0] if len(not_numbers) else predictions.dropna().iloc[0]
        raise InvalidSubmission(f"column {column!r} must hold only numbers (toxicity scores); it has {example!r}")
    predicted_toxic = predictions.to_numpy(dtype=float) >= CUT  # NaN compares False: counted as 0
    toxic = answers[ANSWER].to_numpy(dtype=float) >= CUT
    mentions = answers[IDENTITIES].to_numpy(dtype=float) >= CUT  # blank: no mention
    return bias_auc_blend(toxic, predicted_toxic, mentions, power=POWER, weight=WEIGHT)
