"""Checks shared by every metric module: equal lengths, at least one row."""

from __future__ import annotations

import numpy as np


def as_arrays(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    """Both inputs as numpy arrays of the same, non-zero length."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true has {len(y_true)} rows but y_pred has {len(y_pred)}")
    if len(y_true) == 0:
        raise ValueError("cannot score zero rows")
    return y_true, y_pred
