"""BMS Molecular Translation: mean edit distance between the submitted and the true InChI strings.

MLE-bench's rules: as many rows as the answers, the columns `image_id` and
`InChI`, and the same image ids once both are sorted (every test image exactly
once, any order). Both InChI columns are turned into text the way pandas 2's
`astype(str)` does (a blank cell becomes "nan"), then compared with the
`Levenshtein` package's character edit distance, averaged over images.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading import InvalidSubmission, align_by_id, require_columns
from pytest_mlebench.metrics import mean_levenshtein

ID, TARGET = "image_id", "InChI"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test image), got {len(submission):,}")
    require_columns(submission, [ID, TARGET])
    aligned = align_by_id(submission, answers, ID)
    return mean_levenshtein(_as_text(answers[TARGET]), _as_text(aligned[TARGET]))


def _as_text(column: pd.Series) -> list[str]:
    """Cells as Python strings, missing ones as "nan" (pandas 2's `astype(str)`, which MLE-bench ran)."""
    return column.astype(object).map(str).tolist()
