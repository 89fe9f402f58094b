"""Leaf classification: multi-class log loss over 99 species, graded as MLE-bench grades it.

MLE-bench's rules, all of which make a submission invalid:
- the columns must be exactly `id` and the 99 species (no more, no fewer);
- as many rows as the answers;
- every probability a number in [0, 1], and each row summing to 1 within
  numpy's `isclose(sum, 1, atol=1e-6)` (whose default rtol 1e-5 also applies);
- after sorting both by id, the ids must be the answers' ids.
Rows are not renormalised: like scikit-learn's `log_loss`, probabilities are
only clipped to [eps, 1 - eps] (eps of float64) before taking logs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import as_numbers

ID = "id"
ROW_SUM_ATOL = 1e-6


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    species = [c for c in answers.columns if c != ID]
    expected = {ID, *species}
    if set(submission.columns) != expected:
        missing = sorted(expected - set(submission.columns))
        extra = sorted(set(submission.columns) - expected)
        raise InvalidSubmission(
            f"columns must be exactly 'id' and the {len(species)} species; missing {missing[:3]}, unexpected {extra[:3]}"
        )
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers)} rows, got {len(submission)}")

    as_numbers(submission, species)  # refuses text, blanks, NaN and infinity, which MLE-bench cannot score either
    row_sums = submission[species].sum(axis=1)
    off = np.flatnonzero(~np.isclose(row_sums, 1, atol=ROW_SUM_ATOL))
    if len(off):
        raise InvalidSubmission(
            f"each row's probabilities must sum to 1; {len(off)} row(s) do not (row {off[0] + 1} sums to {row_sums.iloc[off[0]]!r})"
        )
    if not ((submission[species] >= 0) & (submission[species] <= 1)).all().all():
        raise InvalidSubmission("every probability must lie between 0 and 1")

    # Match rows by sorting both tables by id, as MLE-bench does; the ids must then agree one to one.
    submitted = submission[[ID, *species]].sort_values(ID).reset_index(drop=True)
    truth = answers.sort_values(ID).reset_index(drop=True)
    if submitted[ID].tolist() != truth[ID].tolist():
        raise InvalidSubmission("the ids must be exactly the test ids, each once")

    probabilities = submitted[species].to_numpy(dtype=float)
    true_class = truth[species].to_numpy().argmax(axis=1)
    return clipped_log_loss(probabilities, true_class)


def clipped_log_loss(probabilities: np.ndarray, true_class: np.ndarray) -> float:
    """Mean negative log probability of the true class, clipped to [eps, 1 - eps] (scikit-learn's log_loss)."""
    eps = np.finfo(probabilities.dtype).eps
    clipped = np.clip(probabilities, eps, 1 - eps)
    return float(-np.mean(np.log(clipped[np.arange(len(true_class)), true_class])))
