"""OpenVaccine: MCRMSE of three targets on the scored positions, graded as MLE-bench grades it.

MLE-bench requires the answers' row count and the columns id_seqpos, the three
scored targets and the two unscored ones; the ids, sorted, must equal the test
ids, sorted. Its quirk, kept here: which submission rows are scored is decided
by ROW POSITION (pandas aligns the answers' `keep` flags to the submission's row
numbers), while the scored rows are then paired in id order. A submission in the
answers' (= sample submission's) order is scored correctly; any other order
scores the wrong positions silently. A missing or non-numeric scored value makes
scikit-learn's RMSE fail (invalid).
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import as_numbers
from pytest_mlebench.grading.recipes import check_rows_and_columns
from pytest_mlebench.metrics import mcrmse

ID, KEEP = "id_seqpos", "keep"
SCORED = ["reactivity", "deg_Mg_pH10", "deg_Mg_50C"]
UNSCORED = ["deg_pH10", "deg_50C"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_rows_and_columns(submission, answers, [ID] + SCORED + UNSCORED, unit="row of sample_submission.csv")
    submission = submission[[ID] + SCORED].assign(_scored=answers[KEEP].to_numpy(dtype=bool))
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    different = submission[ID].to_numpy() != answers[ID].to_numpy()
    if different.any():
        row = int(different.argmax())
        raise InvalidSubmission(
            f"the {ID} values are not exactly those of sample_submission.csv, each once: after sorting, "
            f"{submission[ID].iloc[row]!r} stands where {answers[ID].iloc[row]!r} was expected"
        )
    predicted = as_numbers(submission[submission["_scored"].to_numpy()], SCORED)
    return mcrmse(answers.loc[answers[KEEP].to_numpy(dtype=bool), SCORED].to_numpy(dtype=float), predicted)
