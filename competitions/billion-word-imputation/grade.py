"""Billion Word Imputation: mean character edit distance between the submitted and the true sentences.

MLE-bench's rules: the columns `id` and `sentence`, as many rows as the answers,
and the same ids once both are sorted (every test sentence exactly once, any
order). Distances are the `Levenshtein` package's (unit costs, on characters),
averaged over sentences. A cell that is not text (a blank cell reads as
missing) makes MLE-bench's distance call fail, so the submission is invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import mean_levenshtein
from pytest_mlebench.grading.recipes import rows_by_id, text_cells

ID, TARGET = "id", "sentence"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [TARGET], unit="test sentence")
    predicted = text_cells(aligned, TARGET, ID, blank=None, hint="a blank cell reads as missing")
    return mean_levenshtein(answers[TARGET].tolist(), predicted)
