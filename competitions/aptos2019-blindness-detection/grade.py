"""APTOS 2019 blindness detection: quadratic weighted kappa of the predicted grades, as MLE-bench grades it.

MLE-bench's rules, kept exactly: a `diagnosis` column, and the set of
`id_code` values equal to the test set's; rows are matched by sorting both
tables on `id_code`, so each image must appear exactly once (a repeated id
leaves the two columns of different lengths, which scikit-learn refuses).
The grades are compared as pandas read them with scikit-learn's
`cohen_kappa_score(weights="quadratic")`: 2 and 2.0 are the same grade, while
fractions (2.5), blanks or text make it fail, which MLE-bench counts as invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, require_columns
from pytest_mlebench.metrics import quadratic_weighted_kappa

ID = "id_code"
TARGET = "diagnosis"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    if set(submission[ID]) != set(answers[ID]):
        raise InvalidSubmission(f"the {ID} values are not those of test.csv: every test image needs one row, and no other")
    if len(submission) != len(answers):
        raise InvalidSubmission(f"the submission has {len(submission)} rows for {len(answers)} test images: an id_code is repeated")
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    try:
        return quadratic_weighted_kappa(answers[TARGET].to_numpy(), submission[TARGET].to_numpy())
    except (ValueError, TypeError) as exc:
        raise InvalidSubmission(f"{TARGET!r} must hold a whole-number grade from 0 to 4: {exc}") from None
