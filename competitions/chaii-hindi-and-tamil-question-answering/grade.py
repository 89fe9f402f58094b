"""chaii (Hindi and Tamil QA): mean word-set Jaccard between the submitted and the true answers.

MLE-bench's rules: as many rows as the answers, the columns `id` and
`PredictionString`, and the same ids once both are sorted (every question
exactly once, any order). Blank cells count as empty answers. Each answer
becomes the set of its lower-cased whitespace-separated words; a question
scores |A ∩ B| / |A ∪ B| (0 when both sets are empty) and the score is the mean
over questions (scikit-learn's `jaccard_score(average="samples")`). A cell
holding a bare number is not text and fails MLE-bench's grader: invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import mean_word_jaccard
from pytest_mlebench.grading.recipes import rows_by_id, text_cells

ID, TARGET = "id", "PredictionString"
HINT = "a column of bare numbers is read as numbers: write at least one non-number answer"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [TARGET], unit="question")
    return mean_word_jaccard(text_cells(answers, TARGET, ID), text_cells(aligned, TARGET, ID, hint=HINT))
