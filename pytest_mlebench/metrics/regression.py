"""Errors of numeric predictions: RMSE and MAE and the variants competitions built on them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.metrics._common import as_arrays

__all__ = [
    "rmse",
    "rmse_log",
    "rmsle",
    "mae",
    "masked_mae",
    "mcrmse",
    "mean_log_mae_by_group",
    "laplace_log_likelihood",
]

# Kaggle's floor on each group's MAE in the CHAMPS metric: log(0) would be minus infinity.
LOG_MAE_FLOOR = 1e-9


def rmse(y_true, y_pred) -> float:
    y_true, y_pred = as_arrays(y_true, y_pred)
    diff = y_true.astype(float) - y_pred.astype(float)
    return float(np.sqrt(np.mean(diff * diff)))


def rmse_log(y_true, y_pred) -> float:
    """RMSE between natural logs (Kaggle's house-prices metric); inputs must be > 0."""
    y_true, y_pred = as_arrays(y_true, y_pred)
    return rmse(np.log(y_true.astype(float)), np.log(y_pred.astype(float)))


def rmsle(y_true, y_pred) -> float:
    """RMSE between log(1 + value), in scikit-learn 1.5's `root_mean_squared_log_error` steps (the
    squared errors averaged down a column, then the root), without its input validation's cost.
    Values must be finite and >= 0 (scikit-learn 1.5's rule, which MLE-bench ran)."""
    y_true, y_pred = as_arrays(y_true, y_pred)
    y_true, y_pred = y_true.astype(float).reshape(len(y_true), -1), y_pred.astype(float).reshape(len(y_pred), -1)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred have shapes {y_true.shape} and {y_pred.shape}")
    if not (np.isfinite(y_true).all() and np.isfinite(y_pred).all()):
        raise ValueError("RMSLE needs finite values")
    if (y_true < 0).any() or (y_pred < 0).any():
        raise ValueError("RMSLE takes no negative values (scikit-learn 1.5)")
    column_mse = np.average((np.log1p(y_true) - np.log1p(y_pred)) ** 2, axis=0)
    return float(np.average(np.sqrt(column_mse)))


def mae(y_true, y_pred) -> float:
    y_true, y_pred = as_arrays(y_true, y_pred)
    return float(np.mean(np.abs(y_true.astype(float) - y_pred.astype(float))))


def masked_mae(y_true, y_pred, mask) -> float:
    """MAE over the rows where `mask` is true (the ventilator's inspiratory phase)."""
    y_true, y_pred = as_arrays(y_true, y_pred)
    mask = np.asarray(mask, dtype=bool)
    if mask.shape != y_true.shape:
        raise ValueError(f"mask has shape {mask.shape} but the values have shape {y_true.shape}")
    if not mask.any():
        raise ValueError("the mask selects no row to score")
    return mae(y_true[mask], y_pred[mask])


def mcrmse(y_true, y_pred) -> float:
    """Mean column-wise RMSE: the RMSE of each column of two (rows, columns) arrays, averaged."""
    y_true, y_pred = as_arrays(y_true, y_pred)
    y_true, y_pred = y_true.astype(float), y_pred.astype(float)
    if y_true.ndim != 2 or y_true.shape != y_pred.shape:
        raise ValueError(f"expected two 2-D arrays of the same shape, got {y_true.shape} and {y_pred.shape}")
    column_rmse = np.sqrt(np.mean((y_true - y_pred) ** 2, axis=0))
    return float(np.mean(column_rmse))


def mean_log_mae_by_group(y_true, y_pred, groups, floor: float = LOG_MAE_FLOOR) -> float:
    """Mean over groups of log(MAE within the group): a 1% better MAE counts the same in every group.

    Each group's MAE is floored at `floor` (Kaggle's 1e-9), so an exact group gives
    log(1e-9) ≈ -20.7 instead of minus infinity.
    """
    y_true, y_pred = as_arrays(y_true, y_pred)
    groups = np.asarray(groups)
    if groups.shape != y_true.shape:
        raise ValueError(f"groups has shape {groups.shape} but the values have shape {y_true.shape}")
    errors = pd.Series(np.abs(y_true.astype(float) - y_pred.astype(float)))
    group_mae = errors.groupby(groups).mean().to_numpy()
    return float(np.mean(np.log(np.maximum(group_mae, floor))))


def laplace_log_likelihood(
    y_true, y_pred, sigma, sigma_floor: float = 70.0, error_cap: float = 1000.0
) -> float:
    """Mean log-likelihood of the truth under a Laplace law centred on the prediction, spread sigma.

    The OSIC metric: sigma is raised to at least `sigma_floor` and the absolute error
    capped at `error_cap`, then each row scores -sqrt(2)*error/sigma - log(sqrt(2)*sigma).
    Higher is better; it rewards honest uncertainty, not just small errors.
    """
    y_true, y_pred = as_arrays(y_true, y_pred)
    sigma = np.asarray(sigma, dtype=float)
    if sigma.shape != y_true.shape:
        raise ValueError(f"sigma has shape {sigma.shape} but the values have shape {y_true.shape}")
    sigma = np.maximum(sigma, sigma_floor)
    error = np.minimum(np.abs(y_true.astype(float) - y_pred.astype(float)), error_cap)
    return float(np.mean(-np.sqrt(2) * error / sigma - np.log(np.sqrt(2) * sigma)))
