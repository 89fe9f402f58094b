"""Correlation metrics: how well predictions follow the truth's order or trend, not its scale."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ._common import as_arrays

__all__ = ["pearson", "mean_columnwise_spearman", "kendall_tau_orders"]

# Largest (notebooks x cells x cells) boolean block built at once when counting inversions.
_BLOCK_CELLS = 4_000_000


def pearson(y_true, y_pred) -> float:
    """Pearson's correlation coefficient r of two 1-D arrays; undefined (ValueError) if one is constant."""
    y_true, y_pred = as_arrays(y_true, y_pred)
    y_true, y_pred = y_true.astype(float), y_pred.astype(float)
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        if np.all(values == values[0]):
            raise ValueError(f"{name} is constant: a correlation with it is undefined")
    return float(stats.pearsonr(y_true, y_pred)[0])


def mean_columnwise_spearman(y_true, y_pred) -> float:
    """Mean over columns of Spearman's rank correlation between two (rows, columns) arrays.

    Ties get their average rank (scipy's `spearmanr`). A constant column has no
    rank correlation, so it is refused with the positions of the constant columns.
    """
    y_true, y_pred = as_arrays(y_true, y_pred)
    y_true, y_pred = y_true.astype(float), y_pred.astype(float)
    if y_true.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"expected two 2-D arrays of the same shape, got {y_true.shape} and {y_pred.shape}")
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        constant = np.flatnonzero(np.all(values == values[0], axis=0))
        if len(constant):
            raise ValueError(f"{name} has constant column(s) {constant.tolist()}: Spearman's rho is undefined there")
    rhos = [stats.spearmanr(y_true[:, j], y_pred[:, j]).statistic for j in range(y_true.shape[1])]
    return float(np.mean(rhos))


def kendall_tau_orders(true_orders, predicted_orders) -> float:
    """Kendall's tau between true and predicted orders of items, pooled over all the orders.

    Each order is a sequence of distinct item ids (the cells of one notebook); the
    predicted one must be a permutation of the true one. With I inversions in all
    and n_i items in order i, tau = 1 - 4 * I / sum(n_i * (n_i - 1)): pooling the
    counts weights long orders more than a mean of per-order taus would.
    """
    true_orders, predicted_orders = list(true_orders), list(predicted_orders)
    if len(true_orders) != len(predicted_orders):
        raise ValueError(f"{len(true_orders)} true orders but {len(predicted_orders)} predicted ones")
    if not true_orders:
        raise ValueError("cannot score zero orders")
    true_long = _long_form(true_orders)
    predicted_long = _long_form(predicted_orders)
    lengths = true_long.groupby("order").size().reindex(range(len(true_orders)), fill_value=0)
    predicted_lengths = predicted_long.groupby("order").size().reindex(range(len(true_orders)), fill_value=0)
    wrong = np.flatnonzero(lengths.to_numpy() != predicted_lengths.to_numpy())
    if len(wrong):
        raise ValueError(f"{len(wrong)} predicted order(s) have a different number of items, e.g. order {wrong[0]}")
    for name, frame in (("true", true_long), ("predicted", predicted_long)):
        repeated = frame.duplicated(["order", "item"])
        if repeated.any():
            raise ValueError(f"a {name} order repeats item {frame.item[repeated].iloc[0]!r}")
    matched = predicted_long.merge(true_long, on=["order", "item"], how="left", suffixes=("_pred", "_true"))
    if matched.position_true.isna().any():
        first = matched[matched.position_true.isna()].iloc[0]
        raise ValueError(f"predicted order {first.order} has item {first.item!r}, which its true order lacks")

    # Each order's true positions, listed in predicted order; its inversions are the misplaced pairs.
    matched = matched.sort_values(["order", "position_pred"])
    ranks = matched.position_true.to_numpy(dtype=np.int64)
    n = lengths.to_numpy()
    starts = np.concatenate([[0], np.cumsum(n)[:-1]])
    inversions = 0
    for size in np.unique(n[n > 1]):
        rows = starts[n == size][:, None] + np.arange(size)
        block = max(1, _BLOCK_CELLS // (size * size))
        for i in range(0, len(rows), block):
            r = ranks[rows[i : i + block]]
            inversions += int(np.triu(r[:, :, None] > r[:, None, :], k=1).sum())
    total_pairs_2 = int(np.sum(n * (n - 1)))
    if total_pairs_2 == 0:
        raise ValueError("every order has fewer than two items: tau is undefined")
    return 1 - 4 * inversions / total_pairs_2


def _long_form(orders: list) -> pd.DataFrame:
    """One row per item: which order it is in, the item id (as text) and its position there."""
    series = pd.Series([list(order) for order in orders], dtype=object).explode()
    series = series[series.notna()]  # an empty order explodes to one missing value
    frame = pd.DataFrame({"order": series.index.to_numpy(), "item": series.astype(str).to_numpy()})
    frame["position"] = frame.groupby("order").cumcount()
    return frame
