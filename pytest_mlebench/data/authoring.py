"""Helpers for competitions' `prepare.py`: byte-stable CSV files, ids that leak nothing,
and MLE-bench's usual hold-out split of Kaggle's train.csv."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """One CSV format for every prepared file, so that two preparations give the same bytes."""
    frame.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")


def shuffled_ids(count: int, prefix: str, width: int, seed: int) -> list[str]:
    """Ids handed out in a seeded random order, so an id says nothing about its row's
    position in the source table (which may be grouped by label or by date)."""
    return [f"{prefix}{n:0{width}d}" for n in np.random.default_rng(seed).permutation(count)]


def split_train_csv(raw_dir: Path, public: Path, private: Path, **split) -> tuple[pd.DataFrame, pd.DataFrame]:
    """MLE-bench's usual hold-out of Kaggle's labelled rows: (train, test), with both output folders created.

    `raw_dir/train.csv` is read as MLE-bench reads every CSV (float_precision
    "round_trip", so each float is written back as the same text) and split by
    scikit-learn's `train_test_split(random_state=0, **split)`, `split` giving
    test_size or train_size. Byte-identical output depends on all of this.
    """
    data = pd.read_csv(Path(raw_dir) / "train.csv", float_precision="round_trip")
    train, test = train_test_split(data, random_state=0, **split)
    Path(public).mkdir(parents=True, exist_ok=True)
    Path(private).mkdir(parents=True, exist_ok=True)
    return train, test


def copy_files(names, source: Path, target: Path) -> None:
    """Copy each named file of `source` into `target` (created if needed) under the same name."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(Path(source) / name, target / name)


# -- p14c --


def link_or_copy(source: Path, target: Path) -> Path:
    """Put `source`'s bytes at `target` (its folders created): a hard link when both sit on one
    filesystem, so that gigabytes of images are not written twice, else a copy of the bytes.

    A file already at `target` is replaced, never written through: it may be a link to `source`
    itself from an earlier preparation. Has `shutil.copytree`'s `copy_function` signature.
    """
    source, target = Path(source), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() or target.is_symlink():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
    return target


def link_or_copy_files(names, source: Path, target: Path) -> None:
    """`link_or_copy` each named file (a path relative to `source`, such as "a/1.npy") to the same
    relative path below `target`; `target` is created even when there are no names."""
    Path(target).mkdir(parents=True, exist_ok=True)
    for name in names:
        link_or_copy(Path(source) / name, Path(target) / name)


def write_csvs(frames: dict) -> None:
    """Write each frame of {path: frame} as MLE-bench writes its prepared CSV files: pandas'
    `to_csv` defaults without the index (not `write_csv`'s format), folders created."""
    for path, frame in frames.items():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(path, index=False)
