"""INGV volcanic eruptions: MAE of the time to eruption, rounded to a whole number, as MLE-bench grades it.

MLE-bench requires the columns `segment_id` and `time_to_eruption` and the set of
submitted segment ids to equal the test set's; then it joins each test segment
with the submission's row(s) of that id. A repeated id is not refused: every copy
is joined and counted. A missing or non-numeric prediction makes the MAE fail
(invalid). The MAE is rounded half to even to an integer (Python's `round`).
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import mae
from pytest_mlebench.grading.recipes import numbers_joined_on_ids

ID, TARGET = "segment_id", "time_to_eruption"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> int:
    truth, predicted, _ = numbers_joined_on_ids(submission, answers, ID, TARGET, ids_from="sample_submission.csv")
    return int(round(mae(truth, predicted)))
