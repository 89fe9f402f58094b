"""RANZCR CLiP: mean ROC AUC over the nine label columns MLE-bench grades.

MLE-bench's rules, per graded column: the column and StudyInstanceUID present
(other columns are ignored); one row per test study; every value a probability
in [0, 1] (text, NaN and infinity are invalid); ids equal to the answers' after
sorting both (so each exactly once). The score is the plain mean of the nine AUCs.
MLE-bench's class list leaves out two of Kaggle's eleven labels ("CVC - Normal",
"Swan Ganz Catheter Present"); they are not graded here either.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pytest_mlebench.competitions import load_competition
from pytest_mlebench.metrics import mean_column_auc
from pytest_mlebench.grading.recipes import numbers_by_id

ID = "StudyInstanceUID"
GRADED_CLASSES = list(load_competition(Path(__file__).parent).grading.target_columns)  # the nine, in order


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    values = numbers_by_id(submission, answers, ID, GRADED_CLASSES, unit="test study", probabilities=True)
    return mean_column_auc(answers[GRADED_CLASSES].to_numpy(), values)
