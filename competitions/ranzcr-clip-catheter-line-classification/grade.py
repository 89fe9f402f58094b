"""RANZCR CLiP: mean ROC AUC over the nine label columns MLE-bench grades.

MLE-bench's rules, per graded column: the column and StudyInstanceUID present
(other columns are ignored); one row per test study; every value a probability
in [0, 1] (text, NaN and infinity are invalid); ids equal to the answers' after
sorting both (so each exactly once). The score is the plain mean of the nine AUCs.
MLE-bench's class list leaves out two of Kaggle's eleven labels ("CVC - Normal",
"Swan Ganz Catheter Present"); they are not graded here either.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, align_by_id, as_numbers, check_probabilities, require_columns
from pytest_mlebench.metrics import mean_column_auc

ID = "StudyInstanceUID"
GRADED_CLASSES = [
    "ETT - Abnormal",
    "ETT - Borderline",
    "ETT - Normal",
    "NGT - Abnormal",
    "NGT - Borderline",
    "NGT - Incompletely Imaged",
    "NGT - Normal",
    "CVC - Abnormal",
    "CVC - Borderline",
]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID] + GRADED_CLASSES)
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test study), got {len(submission):,}")
    aligned = align_by_id(submission, answers, ID)
    values = as_numbers(aligned, GRADED_CLASSES)
    check_probabilities(values, GRADED_CLASSES, must_sum_to_one=False)
    return mean_column_auc(answers[GRADED_CLASSES].to_numpy(), values)
