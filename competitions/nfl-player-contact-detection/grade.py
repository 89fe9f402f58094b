"""NFL player contact detection: Matthews correlation of the predicted contacts, as MLE-bench grades it.

MLE-bench's rules, kept exactly: the columns `contact_id` and `contact`
present (others are ignored), the set of `contact_id` values equal to the
test set's and one row per test pair and step. Rows are matched by sorting
both tables on `contact_id`. The two `contact` columns go to scikit-learn's
`matthews_corrcoef` as pandas read them: 0/1 (or 0.0/1.0, True/False) are
accepted, while probabilities, blanks or text make it fail, which MLE-bench
counts as invalid. Predicting one class everywhere scores 0.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, require_columns
from pytest_mlebench.metrics import matthews_correlation

ID = "contact_id"
TARGET = "contact"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    if set(submission[ID]) != set(answers[ID]):
        raise InvalidSubmission(f"the {ID} values are not those of sample_submission.csv: every pair and step needs one row, and no other")
    if len(submission) != len(answers):
        raise InvalidSubmission(f"the submission has {len(submission)} rows; expected {len(answers)}: a contact_id is repeated")
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    try:
        return matthews_correlation(answers[TARGET].to_numpy(), submission[TARGET].to_numpy())
    except (ValueError, TypeError) as exc:
        raise InvalidSubmission(f"{TARGET!r} must hold 0 (no contact) or 1 (contact): {exc}") from None
