"""iNaturalist 2019: top-1 error of the predicted category, graded as MLE-bench grades it.

MLE-bench's rules, kept exactly: exactly one row per test image, the columns
`id` and `predicted` present (others are ignored), and after sorting both
tables on `id` the ids must be identical. A `predicted` cell is either a whole
number or text whose first space-separated word is one (Kaggle's top-5 format
"12 7 903" is accepted and only its first category counts). A column that
pandas reads as decimals (1.0, or any blank cell) is refused, as MLE-bench
refuses it. The score is 1 - accuracy: lower is better.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.metrics import top1_error
from pytest_mlebench.grading.recipes import sorted_by_id

ID = "id"
TARGET = "predicted"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    submission, answers = sorted_by_id(submission, answers, ID, [TARGET], unit="test image", ids_from="test2019.json's images")
    return top1_error(answers[TARGET].to_numpy(dtype="int64"), _first_categories(submission[TARGET]))


def _first_categories(column: pd.Series) -> list[int]:
    """Whole numbers as they are; text cut at the first space and read as a whole number."""
    if pd.api.types.is_integer_dtype(column) or pd.api.types.is_bool_dtype(column):
        return [int(value) for value in column]
    try:
        return [int(value.split()[0]) for value in column]
    except (AttributeError, IndexError, ValueError):
        raise InvalidSubmission(
            f"{TARGET!r} must hold whole category ids (or space-separated ids, the first one counted); "
            f"decimals such as 12.0, blanks and other text are refused"
        ) from None
