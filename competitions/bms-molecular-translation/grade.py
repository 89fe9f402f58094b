"""BMS Molecular Translation: mean edit distance between the submitted and the true InChI strings.

MLE-bench's rules: as many rows as the answers, the columns `image_id` and
`InChI`, and the same image ids once both are sorted (every test image exactly
once, any order). Both InChI columns are turned into text the way pandas 2's
`astype(str)` does (a blank cell becomes "nan"), then compared with the
`Levenshtein` package's character edit distance, averaged over images.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import mean_levenshtein
from pytest_mlebench.grading.recipes import as_text, rows_by_id

ID, TARGET = "image_id", "InChI"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [TARGET], unit="test image")
    return mean_levenshtein(as_text(answers[TARGET]), as_text(aligned[TARGET]))
