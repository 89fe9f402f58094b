"""Text Normalization (English): share of tokens whose `after` text is exactly right.

MLE-bench's rules: the submission needs the columns `id` and `after` and as many
rows as the answers; once both are sorted by id the ids must be equal (so every
token exactly once, in any order). Both `after` columns are compared as text the
way pandas 2 turns cells into text: a blank cell (and pandas' missing-value
words such as `NA`, `null` or `nan`) reads as missing and becomes "nan".
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import exact_match_rate
from pytest_mlebench.grading.recipes import as_text, rows_by_id

ID, TARGET = "id", "after"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [TARGET], unit="test token")
    return exact_match_rate(as_text(answers[TARGET]), as_text(aligned[TARGET]))
