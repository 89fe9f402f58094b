"""IceCube neutrinos: mean angular error (radians) of the predicted directions, as MLE-bench grades it.

MLE-bench requires exactly the columns event_id, azimuth and zenith (no other),
numeric and finite angles (no blanks), the answers' row count and the answers'
set of event ids; rows are paired after sorting both by event_id. With equal row
counts, "same set" and "sorted ids equal" are the same test, and the sorted test
avoids building sets of some 13 million ids; a submission already in the answers'
order (the sample submission's) skips the sorting.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.recipes import require_exact_columns
from pytest_mlebench.metrics import mean_angular_error

ID, ANGLES = "event_id", ["azimuth", "zenith"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_exact_columns(submission, [ID] + ANGLES)
    for column in ANGLES:
        values = submission[column]
        if not np.issubdtype(values.dtype, np.number) or not np.isfinite(values.to_numpy(dtype=float)).all():
            raise InvalidSubmission(f"{column!r} must be a finite number (radians) on every row")
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test event), got {len(submission):,}")
    if not np.array_equal(submission[ID].to_numpy(), answers[ID].to_numpy()):
        submission, answers = submission.sort_values(ID), answers.sort_values(ID)
        if (submission[ID].to_numpy() != answers[ID].to_numpy()).any():
            raise InvalidSubmission(f"the {ID} values are not exactly those of the test events, each once")
    truth, predicted = answers[ANGLES].to_numpy(dtype=float), submission[ANGLES].to_numpy(dtype=float)
    return mean_angular_error(truth[:, 0], truth[:, 1], predicted[:, 0], predicted[:, 1])
