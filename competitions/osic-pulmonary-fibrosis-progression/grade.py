"""OSIC pulmonary fibrosis: modified Laplace log-likelihood on the last three visits, as MLE-bench grades it.

MLE-bench's rules: the columns Patient_Week, FVC and Confidence are required;
every submitted Patient_Week must be one of the answers' (dummy weeks included);
FVC and Confidence must be numeric columns; a blank Confidence counts as 0.
Only each patient's last three measured weeks are scored, and only those the
submission contains: a missing row is skipped, not refused (a submission with
none of them has no score). A scored Patient_Week given twice breaks MLE-bench's
metric and is invalid here; a blank or NaN FVC on a scored row makes its score
NaN (valid, no medal): UndefinedScore here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission, UndefinedScore
from pytest_mlebench.grading.checks import require_columns
from pytest_mlebench.metrics import laplace_log_likelihood

ID, PATIENT, FVC, CONFIDENCE = "Patient_Week", "Patient", "FVC", "Confidence"
SCORED_VISITS = 3


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, FVC, CONFIDENCE])
    unknown = submission[ID][~submission[ID].isin(answers[ID])]
    if len(unknown):
        raise InvalidSubmission(f"{len(unknown)} unknown {ID} value(s), e.g. {unknown.iloc[0]!r}: use those of sample_submission.csv")
    for column in (FVC, CONFIDENCE):
        if not pd.api.types.is_numeric_dtype(submission[column]):
            raise InvalidSubmission(f"column {column!r} must hold numbers only")

    measured = answers.dropna(subset=[FVC])  # the other rows are dummy weeks without a visit
    week = measured[ID].str.rsplit("_", n=1).str[-1].astype(int)
    scored = measured.assign(_week=week).sort_values("_week").groupby(PATIENT).tail(SCORED_VISITS)
    submission = submission[submission[ID].isin(scored[ID])].sort_values(ID)
    scored = scored[scored[ID].isin(submission[ID])].sort_values(ID)
    if len(submission) == 0:
        raise InvalidSubmission("no scored row: include every Patient_Week of sample_submission.csv")
    if len(submission) != len(scored):
        raise InvalidSubmission(f"each {ID} may appear only once")
    predicted = submission[FVC].to_numpy(dtype=float)
    if np.isnan(predicted).any():  # an infinite FVC is scored: its error is capped
        raise UndefinedScore(f"a blank or NaN {FVC} on a scored row has no likelihood: the score is undefined")
    confidence = submission[CONFIDENCE].fillna(0).to_numpy(dtype=float)
    return laplace_log_likelihood(scored[FVC].to_numpy(dtype=float), predicted, confidence)
