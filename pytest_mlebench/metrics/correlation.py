"""Correlation metrics: how well predictions follow the truth's order or trend, not its scale."""

from __future__ import annotations

from itertools import chain

import numpy as np
import pandas as pd
from scipy import stats

from pytest_mlebench.metrics._common import as_arrays

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
    n, true_items = _flatten(true_orders)
    predicted_n, predicted_items = _flatten(predicted_orders)
    wrong = np.flatnonzero(n != predicted_n)
    if len(wrong):
        raise ValueError(f"{len(wrong)} predicted order(s) have a different number of items, e.g. order {wrong[0]}")

    # Key every item by (order, item) as one integer, so lookups are hash lookups of integers.
    codes, uniques = pd.factorize(np.concatenate([true_items, predicted_items]))
    order_of_item = np.repeat(np.arange(len(n), dtype=np.int64), n)
    true_keys = pd.Index(order_of_item * len(uniques) + codes[: len(true_items)])
    predicted_keys = pd.Index(order_of_item * len(uniques) + codes[len(true_items) :])
    for name, keys, items in (("true", true_keys, true_items), ("predicted", predicted_keys, predicted_items)):
        if keys.has_duplicates:
            first = int(np.flatnonzero(keys.duplicated())[0])
            raise ValueError(f"{name} order {order_of_item[first]} repeats item {items[first]!r}")
    flat_positions = true_keys.get_indexer(predicted_keys)
    if (flat_positions < 0).any():
        first = int(np.flatnonzero(flat_positions < 0)[0])
        raise ValueError(
            f"predicted order {order_of_item[first]} has item {predicted_items[first]!r}, which its true order lacks"
        )

    # Each order's true positions, listed in predicted order; its inversions are the misplaced pairs.
    starts = np.concatenate([[0], np.cumsum(n)[:-1]])
    ranks = flat_positions - starts[order_of_item]
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


def _flatten(orders: list) -> tuple[np.ndarray, np.ndarray]:
    """The length of every order, and all their items end to end (an object array)."""
    lengths = np.fromiter((len(order) for order in orders), dtype=np.int64, count=len(orders))
    items = np.empty(int(lengths.sum()), dtype=object)
    items[:] = list(chain.from_iterable(orders))
    return lengths, items
