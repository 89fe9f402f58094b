"""Statoil/C-CORE Iceberg Classifier Challenge: binary log loss of "is an iceberg", as MLE-bench grades it.

MLE-bench's rules: columns `id` and `is_iceberg` (others are ignored); the set
of ids equal to the answers' and, because scikit-learn then compares lengths,
as many rows as the answers (so every test image exactly once); every
`is_iceberg` a probability in [0, 1] (blank, NaN or text is refused). The score
is scikit-learn's `log_loss`, probabilities clipped to [eps, 1 - eps] with eps
the float64 step.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import binary_log_loss
from pytest_mlebench.grading.recipes import numbers_by_id

ID, TARGET = "id", "is_iceberg"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    probabilities = numbers_by_id(submission, answers, ID, [TARGET], unit="test image", probabilities=True)
    return binary_log_loss(answers[TARGET].to_numpy(), probabilities[:, 0])
