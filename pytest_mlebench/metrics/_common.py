"""Checks shared by every metric module: equal lengths, at least one row."""

from __future__ import annotations

import gc
from contextlib import contextmanager

import numpy as np


def as_arrays(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    """Both inputs as numpy arrays of the same, non-zero length."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true has {len(y_true)} rows but y_pred has {len(y_pred)}")
    if len(y_true) == 0:
        raise ValueError("cannot score zero rows")
    return y_true, y_pred


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while building millions of small lists.

    Each new container counts towards the collector's next pass, so splitting a
    million rows into lists of words triggers hundreds of passes over everything
    alive: about 3x the time of the splitting itself. Lists of strings cannot form
    cycles, so nothing is lost by pausing it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def split_rows(texts, sep: str | None = None) -> list[list[str]]:
    """Each text split on `sep` (None: any whitespace), with the collector paused."""
    with collector_paused():
        return [text.split(sep) for text in texts]
