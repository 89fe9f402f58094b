"""HMS Harmful Brain Activity: KL divergence of predicted from expert-vote distributions, as MLE-bench grades it.

MLE-bench's rules, in order: columns `eeg_id` and the six `*_vote` columns;
as many rows as the answers; each row's six probabilities summing to 1 once
rounded to 5 decimals; the SET of eeg_ids equal to the answers'. Then every
column other than `eeg_id` (extra ones included) must hold numbers in [0, 1]
whose row sums are 1 (numpy's `allclose`). The answers' votes are divided by
their row sums, and the score is Kaggle's KL divergence (predictions clipped to
[1e-15, 1 - 1e-15]) averaged over rows.

Quirk kept from MLE-bench: an eeg_id has several rows (one per labelled
window), and rows are paired by sorting both files by eeg_id, not by a unique
key. Here the sort is stable, so the k-th row of an eeg_id in the submission
meets the k-th row of that eeg_id in the answers: keep the order of
`sample_submission.csv` / `test.csv`, which is also the order in which
MLE-bench pairs rows. Only sets of ids are compared, as MLE-bench does, so
repeating one eeg_id more often and another less often is not refused.
A blank or NaN probability is skipped as pandas skips it: left out of the row
sums and the range checks, and its term of the divergence counts 0 (so it costs
nothing, whatever the experts voted); an extra all-blank column (a trailing
comma) is therefore harmless. Text in any column other than eeg_id is invalid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import rel_entr

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import as_numbers
from pytest_mlebench.grading.recipes import check_rows_and_columns

ID = "eeg_id"
EPSILON = 1e-15  # Kaggle's clipping of the predictions
VOTES = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_rows_and_columns(submission, answers, [ID] + VOTES, unit="row of test.csv")
    sums = np.nansum(_numbers(submission, VOTES), axis=1)
    off = np.flatnonzero([round(s, 5) != 1 for s in sums.tolist()])
    if len(off):
        raise InvalidSubmission(
            f"each row's six probabilities must sum to 1 (to 5 decimals); {len(off)} row(s) do not "
            f"(row {off[0] + 1} sums to {sums[off[0]]:.8g})"
        )
    submitted, expected = set(submission[ID]), set(answers[ID])
    if submitted != expected:
        missing, unknown = sorted(expected - submitted, key=str)[:3], sorted(submitted - expected, key=str)[:3]
        raise InvalidSubmission(f"the {ID} values differ from test.csv's: missing e.g. {missing}, unknown e.g. {unknown}")

    submission = submission.sort_values(ID, kind="stable")
    answers = answers.sort_values(ID, kind="stable")
    others = [c for c in submission.columns if c != ID]
    values = _numbers(submission, others)
    if ((values < 0) | (values > 1)).any():
        raise InvalidSubmission(f"every value in {others} must lie between 0 and 1 (extra columns count too)")
    if not np.allclose(np.nansum(values, axis=1), 1):
        raise InvalidSubmission(f"the columns {others} must sum to 1 in every row; drop any extra column")

    votes = answers[VOTES].to_numpy(dtype=float)
    truth = votes / votes.sum(axis=1, keepdims=True)
    predicted = np.clip(submission[VOTES].to_numpy(dtype=float), EPSILON, 1 - EPSILON)
    return float(np.mean(np.nansum(rel_entr(truth, predicted), axis=1)))  # a blank cell's term counts 0


def _numbers(frame: pd.DataFrame, columns) -> np.ndarray:
    """The columns as floats, blanks and NaN kept as NaN; a column holding text is refused."""
    text = [c for c in columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if text:
        as_numbers(frame, text)  # raises, naming the first cell that is not a number
    return frame[list(columns)].to_numpy(dtype=float)
