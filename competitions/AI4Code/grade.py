"""Google AI4Code: pooled Kendall tau of the cell orders, graded as MLE-bench grades it.

MLE-bench requires the answers' row count, the columns `id` and `cell_order`,
and the answers' set of notebook ids; it pairs rows after sorting by id. Every
submitted order must have its notebook's number of cells, and each true cell
must be found in it, which makes it a permutation of the true cells. (MLE-bench
passes the submission as the "ground truth" and the answers as the
"predictions"; the inversion count of a permutation equals its inverse's, so
the score is the same.)
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.recipes import sorted_by_id
from pytest_mlebench.metrics import kendall_tau_orders

ID, ORDER = "id", "cell_order"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    submission, answers = sorted_by_id(submission, answers, ID, [ORDER], unit="test notebook")
    predicted = submission[ORDER].astype(str).str.split()
    true = answers[ORDER].astype(str).str.split()
    wrong = predicted.str.len().to_numpy() != true.str.len().to_numpy()
    if wrong.any():
        first = int(wrong.argmax())
        raise InvalidSubmission(
            f"{int(wrong.sum())} notebook(s) have a wrong number of cells in {ORDER!r}, e.g. {answers[ID].iloc[first]!r}: "
            f"{len(predicted.iloc[first])} instead of {len(true.iloc[first])}"
        )
    try:
        return kendall_tau_orders(true, predicted)
    except ValueError as exc:
        raise InvalidSubmission(f"each {ORDER} must list its notebook's cell ids, each once: {exc}") from None
