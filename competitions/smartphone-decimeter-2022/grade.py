"""Smartphone decimeter 2022: mean over trips of (p50 + p95) / 2 of the haversine errors, as MLE-bench grades it.

MLE-bench requires the columns tripId, UnixTimeMillis, LatitudeDegrees and
LongitudeDegrees, the answers' row count, and for every trip of the answers
exactly as many submission rows as it has epochs. Within a trip, rows are paired
BY POSITION (UnixTimeMillis is not compared), so the order of the answers, that
is of the sample submission, must be kept. A blank, NaN or infinite position
makes MLE-bench's score NaN (valid, no medal): UndefinedScore here; text in a
position column crashes MLE-bench's metric and is invalid here.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import numbers_or_undefined
from pytest_mlebench.grading.recipes import check_rows_and_columns
from pytest_mlebench.metrics import mean_trip_p50_p95_distance

TRIP, TIME = "tripId", "UnixTimeMillis"
POSITION = ["LatitudeDegrees", "LongitudeDegrees"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_rows_and_columns(submission, answers, [TRIP, TIME] + POSITION, unit="row of sample_submission.csv")
    expected = answers.groupby(TRIP, sort=False).size()
    submitted = submission.groupby(TRIP, sort=False).size().reindex(expected.index, fill_value=0)
    wrong = expected.index[submitted.to_numpy() != expected.to_numpy()]
    if len(wrong):
        trip = wrong[0]
        raise InvalidSubmission(
            f"{len(wrong)} trip(s) have the wrong number of rows, e.g. {trip!r}: {submitted[trip]} instead of {expected[trip]}"
        )
    # A stable sort by trip keeps each trip's rows in their order, so equal positions pair up.
    submission = submission.sort_values(TRIP, kind="stable")
    answers = answers.sort_values(TRIP, kind="stable")
    truth, predicted = answers[POSITION].to_numpy(dtype=float), numbers_or_undefined(submission, POSITION, "position has no distance")
    return mean_trip_p50_p95_distance(truth[:, 0], truth[:, 1], predicted[:, 0], predicted[:, 1], answers[TRIP].to_numpy())

