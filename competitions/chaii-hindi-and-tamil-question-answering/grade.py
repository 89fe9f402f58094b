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

from pytest_mlebench.grading import InvalidSubmission, align_by_id, require_columns
from pytest_mlebench.metrics import mean_word_jaccard

ID, TARGET = "id", "PredictionString"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per question), got {len(submission):,}")
    require_columns(submission, [TARGET, ID])
    aligned = align_by_id(submission, answers, ID)
    predicted = aligned[TARGET].astype(object).fillna("").tolist()
    not_text = [i for i, value in enumerate(predicted) if not isinstance(value, str)]
    if not_text:
        row = not_text[0]
        raise InvalidSubmission(
            f"every {TARGET!r} must be text; {len(not_text)} are not, e.g. id {aligned[ID].iloc[row]!r} has "
            f"{predicted[row]!r} (a column of bare numbers is read as numbers: write at least one non-number answer)"
        )
    return mean_word_jaccard(answers[TARGET].astype(object).fillna("").tolist(), predicted)
