"""The Jigsaw "unintended bias" metric: overall ROC AUC blended with bias AUCs per identity.

For each identity subgroup (the rows that mention it) three AUCs are taken on parts of the data:

- subgroup AUC: only the rows of the subgroup;
- BPSN (background positive, subgroup negative): the subgroup's negatives against the
  positives outside it; low when the model over-scores harmless mentions of the identity;
- BNSP (background negative, subgroup positive): the subgroup's positives against the
  negatives outside it; low when the model under-scores toxic mentions of the identity.

Each kind is summarised over the identities by a power mean with a negative exponent (the
worst identities weigh most), and the score is `weight * (overall + three power means)`.

AUCs are computed by counting (Mann-Whitney): one sort of the scores, then per identity a few
weighted bincounts and cumulative sums, so a million rows take a fraction of a second.
"""

from __future__ import annotations

import numpy as np

from pytest_mlebench.metrics._common import as_arrays

__all__ = ["bias_auc_blend"]


def bias_auc_blend(y_true, y_pred, subgroups, power: float = -5.0, weight: float = 0.25) -> float:
    """`weight` x (overall AUC + power means of the subgroup, BPSN and BNSP AUCs over identities).

    y_true: one 0/1 label per row (1 = positive, e.g. toxic). y_pred: one finite score per row.
    subgroups: a (rows, identities) matrix of 0/1 (or bool), 1 where the row mentions that identity.
    Every AUC must be defined: each of its parts must hold both labels, otherwise a ValueError
    names the identity and the part. A power mean with an AUC of exactly 0 is 0 (its limit).
    """
    y_true, y_pred = as_arrays(y_true, y_pred)
    subgroups = np.asarray(subgroups)
    if y_true.ndim != 1 or y_pred.ndim != 1:
        raise ValueError(f"y_true and y_pred must be one value per row; got shapes {y_true.shape} and {y_pred.shape}")
    if subgroups.ndim != 2 or len(subgroups) != len(y_true) or subgroups.shape[1] == 0:
        raise ValueError(
            f"subgroups must be a matrix with one row per label and at least one column; got shape {subgroups.shape}"
        )
    for name, values in (("y_true", y_true), ("subgroups", subgroups)):
        if not ((values == 0) | (values == 1)).all():
            raise ValueError(f"{name} must hold only 0 and 1 (or booleans)")
    y_pred = y_pred.astype(float)
    if not np.isfinite(y_pred).all():
        raise ValueError("y_pred must hold finite numbers (no NaN or infinity)")
    if power == 0:
        raise ValueError("power must not be 0 (the power mean divides by it)")

    # Rows in increasing score order; tied scores share one bucket, numbered from 0 upwards.
    order = np.argsort(y_pred)  # the order within ties does not matter
    scores = y_pred[order]
    bucket = np.concatenate(([0], np.cumsum(scores[1:] != scores[:-1])))
    n_buckets = int(bucket[-1]) + 1
    positive = y_true[order].astype(bool)
    members = subgroups[order].astype(bool)

    def counts(mask: np.ndarray) -> np.ndarray:
        return np.bincount(bucket, weights=mask, minlength=n_buckets)

    all_pos = counts(positive)
    all_neg = counts(~positive)
    all_beaten = _beaten(all_neg)
    overall = _auc(all_pos, all_beaten, all_neg.sum(), "the whole set")
    bias = np.empty((subgroups.shape[1], 3))
    for j, member in enumerate(members.T):
        sub_pos = counts(positive & member)
        sub_neg = counts(~positive & member)
        sub_beaten = _beaten(sub_neg)
        # Outside the subgroup ("background"): everything minus the subgroup, bucket by bucket.
        back_pos, back_beaten = all_pos - sub_pos, all_beaten - sub_beaten
        n_sub_neg, n_back_neg = sub_neg.sum(), all_neg.sum() - sub_neg.sum()
        bias[j] = (
            _auc(sub_pos, sub_beaten, n_sub_neg, f"identity column {j} (subgroup)"),
            _auc(back_pos, sub_beaten, n_sub_neg, f"identity column {j} (BPSN)"),
            _auc(sub_pos, back_beaten, n_back_neg, f"identity column {j} (BNSP)"),
        )
    with np.errstate(divide="ignore"):  # an AUC of 0 gives 0**power = inf, and the mean then 0
        power_means = np.mean(bias**power, axis=0) ** (1 / power)
    return float(weight * (overall + power_means.sum()))


def _beaten(neg: np.ndarray) -> np.ndarray:
    """Per score bucket: how many negatives a positive in it beats (the lower buckets' negatives,
    plus half of the negatives tied with it)."""
    return np.cumsum(neg) - neg / 2


def _auc(pos: np.ndarray, beaten: np.ndarray, n_neg: float, part: str) -> float:
    """ROC AUC from the positives per score bucket and what each beats: sum(pos * beaten) / (P * N)."""
    n_pos = pos.sum()
    if n_pos == 0 or n_neg == 0:
        raise ValueError(f"the AUC of {part} is undefined: it needs both labels, and has {n_pos:g} positive(s) "
                         f"and {n_neg:g} negative(s)")
    return float(np.dot(pos, beaten) / (n_pos * n_neg))
