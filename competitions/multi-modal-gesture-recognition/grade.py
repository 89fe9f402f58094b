"""Multi-modal Gesture Recognition: edit distance between gesture sequences, per true gesture.

MLE-bench's rules: as many rows as the answers, the columns `Id` and `Sequence`,
and the same ids once both are sorted (every test sample exactly once, any
order). Each `Sequence` is read as whitespace-separated integers (so `07` is 7);
a cell that is not such a list, including a blank one (pandas 2 turns it into
"nan"), makes the submission invalid. The score is the sum over samples of the
edit distance between the two integer lists, divided by the total number of
true gestures: 0 is perfect and it can exceed 1.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.metrics import token_error_rate
from pytest_mlebench.grading.recipes import as_text, rows_by_id

ID, TARGET = "Id", "Sequence"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [TARGET], unit="test sample")
    truth = [_canonical(text) for text in as_text(answers[TARGET])]
    predicted = []
    for sample, text in zip(aligned[ID], as_text(aligned[TARGET])):
        try:
            predicted.append(_canonical(text))
        except ValueError:
            raise InvalidSubmission(
                f"{TARGET!r} must be gesture numbers separated by spaces; sample {sample!r} has {text!r}"
            ) from None
    return token_error_rate(truth, predicted)


def _canonical(text: str) -> str:
    """The sequence with each gesture number written as Python's int() reads it ("07" -> "7")."""
    return " ".join(str(int(token)) for token in text.split())
