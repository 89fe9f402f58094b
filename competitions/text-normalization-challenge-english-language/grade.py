"""Text Normalization (English): share of tokens whose `after` text is exactly right.

MLE-bench's rules: the submission needs the columns `id` and `after` and as many
rows as the answers; once both are sorted by id the ids must be equal (so every
token exactly once, in any order). Both `after` columns are compared as text the
way pandas 2 turns cells into text: a blank cell (and pandas' missing-value
words such as `NA`, `null` or `nan`) reads as missing and becomes "nan".
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, align_by_id, require_columns
from pytest_mlebench.metrics import exact_match_rate

ID, TARGET = "id", "after"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID, TARGET])
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test token), got {len(submission):,}")
    aligned = align_by_id(submission, answers, ID)
    return exact_match_rate(_as_text(answers[TARGET]), _as_text(aligned[TARGET]))


def _as_text(column: pd.Series) -> pd.Series:
    """Cells as Python strings, missing ones as "nan" (pandas 2's `astype(str)`, which MLE-bench ran)."""
    return column.astype(object).map(str)
