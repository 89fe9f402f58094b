"""Label metrics: predicted classes compared with true classes."""

from __future__ import annotations

import numpy as np
from ._common import as_arrays

__all__ = ["accuracy"]


def accuracy(y_true, y_pred) -> float:
    y_true, y_pred = as_arrays(y_true, y_pred)
    return float(np.mean(y_true.astype(str) == y_pred.astype(str)))
