"""Helpers for competitions' `prepare.py`: byte-stable CSV files and ids that leak nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """One CSV format for every prepared file, so that two preparations give the same bytes."""
    frame.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")


def shuffled_ids(count: int, prefix: str, width: int, seed: int) -> list[str]:
    """Ids handed out in a seeded random order, so an id says nothing about its row's
    position in the source table (which may be grouped by label or by date)."""
    return [f"{prefix}{n:0{width}d}" for n in np.random.default_rng(seed).permutation(count)]
