"""Dogs vs. Cats Redux: binary log loss of "is a dog", graded as MLE-bench grades it.

MLE-bench's rules: columns `id` and `label` (others are ignored); the set of ids
equal to the answers' and as many rows as the answers (so every test image
exactly once); every `label` a probability in [0, 1] (blank, NaN or text is
refused). The score is scikit-learn's `log_loss`, probabilities clipped to
[eps, 1 - eps] with eps the float64 step.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, align_by_id, as_numbers, check_probabilities, require_columns
from pytest_mlebench.metrics import binary_log_loss

ID, TARGET = "id", "label"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers)} rows (one per test image), got {len(submission)}")
    aligned = align_by_id(submission, answers, ID)
    probabilities = as_numbers(aligned, [TARGET])
    check_probabilities(probabilities, [TARGET], must_sum_to_one=False)
    return binary_log_loss(answers[TARGET].to_numpy(), probabilities[:, 0])
