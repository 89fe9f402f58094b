"""INGV volcanic eruptions: MAE of the time to eruption, rounded to a whole number, as MLE-bench grades it.

MLE-bench requires the columns `segment_id` and `time_to_eruption` and the set of
submitted segment ids to equal the test set's; then it joins each test segment
with the submission's row(s) of that id. A repeated id is not refused: every copy
is joined and counted. A missing or non-numeric prediction makes the MAE fail
(invalid). The MAE is rounded half to even to an integer (Python's `round`).
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, as_numbers, require_columns
from pytest_mlebench.metrics import mae

ID, TARGET = "segment_id", "time_to_eruption"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> int:
    require_columns(submission, [ID, TARGET])
    missing = set(answers[ID]) - set(submission[ID])
    unknown = set(submission[ID]) - set(answers[ID])
    if missing or unknown:
        raise InvalidSubmission(
            f"the {ID} values must be exactly the test segments: {len(missing)} missing "
            f"(e.g. {sorted(missing, key=str)[:3]}), {len(unknown)} unknown (e.g. {sorted(unknown, key=str)[:3]})"
        )
    joined = answers[[ID, TARGET]].merge(submission[[ID, TARGET]], on=ID, suffixes=("_true", "_pred"))
    predicted = as_numbers(joined, [f"{TARGET}_pred"])[:, 0]
    return int(round(mae(joined[f"{TARGET}_true"].to_numpy(dtype=float), predicted)))
