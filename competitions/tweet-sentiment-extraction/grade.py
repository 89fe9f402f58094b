"""Tweet Sentiment Extraction: mean word-set Jaccard between the submitted and the true phrases.

MLE-bench's rules: the columns `textID` and `selected_text`, as many rows as the
answers, and the same ids once both are sorted (every tweet exactly once, any
order). Blank cells count as empty phrases; other cells are taken as text.
Each phrase becomes the set of its lower-cased whitespace-separated words and
a tweet scores |A ∩ B| / |A ∪ B|; the score is the mean over tweets. Unlike
scikit-learn's version, the competition's formula divides by zero when both
sets are empty, which fails MLE-bench's grader: such a submission is invalid.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.recipes import rows_by_id
from pytest_mlebench.metrics import mean_word_jaccard

ID, TARGET = "textID", "selected_text"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [TARGET], unit="tweet")
    predicted = _as_text(aligned[TARGET])
    truth = _as_text(answers[TARGET])
    both_empty = [i for i, (p, t) in enumerate(zip(predicted, truth)) if not p.split() and not t.split()]
    if both_empty:
        raise InvalidSubmission(
            f"{len(both_empty)} tweet(s) get an empty phrase where the true phrase is empty too, and the "
            "competition's Jaccard formula divides by zero there; give every tweet at least one word"
        )
    return mean_word_jaccard(truth, predicted)


def _as_text(column: pd.Series) -> list[str]:
    """Blank cells as "", everything else as its text (MLE-bench: fillna("") then astype(str))."""
    return column.astype(object).fillna("").map(str).tolist()
