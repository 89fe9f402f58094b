"""Billion Word Imputation: mean character edit distance between the submitted and the true sentences.

MLE-bench's rules: the columns `id` and `sentence`, as many rows as the answers,
and the same ids once both are sorted (every test sentence exactly once, any
order). Distances are the `Levenshtein` package's (unit costs, on characters),
averaged over sentences. A cell that is not text (a blank cell reads as
missing) makes MLE-bench's distance call fail, so the submission is invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, align_by_id, require_columns
from pytest_mlebench.metrics import mean_levenshtein

ID, TARGET = "id", "sentence"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test sentence), got {len(submission):,}")
    aligned = align_by_id(submission, answers, ID)
    predicted = aligned[TARGET].tolist()
    not_text = [i for i, value in enumerate(predicted) if not isinstance(value, str)]
    if not_text:
        row = not_text[0]
        raise InvalidSubmission(
            f"every {TARGET!r} must be text; {len(not_text)} are not, e.g. id {aligned[ID].iloc[row]!r} "
            f"has {predicted[row]!r} (a blank cell reads as missing)"
        )
    return mean_levenshtein(answers[TARGET].tolist(), predicted)
