"""CHAMPS scalar coupling: mean over coupling types of log(MAE), graded as MLE-bench grades it.

MLE-bench requires the columns `id` and `scalar_coupling_constant` and the set of
submitted ids to equal the test set's; it then joins each test pair with the
submission's row(s) of that id, so a repeated id is not refused: every copy is
joined and counted. A missing or non-numeric value makes the MAE fail (invalid).
One deliberate difference: MLE-bench takes log(MAE) as is, which is minus
infinity for a type predicted exactly; like Kaggle's own metric we floor each
MAE at 1e-9, so such a score stays finite (and still far beyond gold).
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, as_numbers, require_columns
from pytest_mlebench.metrics import mean_log_mae_by_group

ID, TARGET, GROUP = "id", "scalar_coupling_constant", "type"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    missing = set(answers[ID]) - set(submission[ID])
    unknown = set(submission[ID]) - set(answers[ID])
    if missing or unknown:
        raise InvalidSubmission(
            f"the {ID} values must be exactly those of test.csv: {len(missing)} missing "
            f"(e.g. {sorted(missing, key=str)[:3]}), {len(unknown)} unknown (e.g. {sorted(unknown, key=str)[:3]})"
        )
    joined = answers[[ID, GROUP, TARGET]].merge(submission[[ID, TARGET]], on=ID, suffixes=("_true", "_pred"))
    predicted = as_numbers(joined, [f"{TARGET}_pred"])[:, 0]
    return mean_log_mae_by_group(joined[f"{TARGET}_true"].to_numpy(dtype=float), predicted, joined[GROUP].to_numpy())
