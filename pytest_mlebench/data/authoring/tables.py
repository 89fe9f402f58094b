"""CSV files as MLE-bench writes them, ids that leak nothing, and its usual hold-out split of
Kaggle's train.csv."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.authoring.splits import train_test_split


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
    "round_trip", so each float is written back as the same text) and split as
    scikit-learn's `train_test_split(random_state=0, **split)` splits (`splits`), `split` giving
    test_size or train_size. Byte-identical output depends on all of this.
    """
    data = pd.read_csv(Path(raw_dir) / "train.csv", float_precision="round_trip")
    train, test = train_test_split(data, random_state=0, **split)
    Path(public).mkdir(parents=True, exist_ok=True)
    Path(private).mkdir(parents=True, exist_ok=True)
    return train, test


def hold_out_train_csv(raw_dir: Path, public: Path, private: Path, *, id_column: str, hidden, sample: dict,
                       answers: str = "test.csv", test_size: float = 0.1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """MLE-bench's most common preparation, whole: hold out part of Kaggle's train.csv and write
    the four files. Returns (train, test) as split.

    The split is `split_train_csv`'s (round-trip floats, random_state 0). Written with pandas'
    default `to_csv`, rows in the split's shuffled order: public/train.csv (the kept rows, every
    column), private/<answers> (the held-out rows, every column), public/test.csv (the held-out
    rows without the `hidden` columns) and public/sample_submission.csv (`id_column`, then one
    column per `sample` entry in its order: a value for every row, or a callable given the row
    count that returns the values).
    """
    train, test = split_train_csv(raw_dir, public, private, test_size=test_size)
    train.to_csv(Path(public) / "train.csv", index=False)
    test.to_csv(Path(private) / answers, index=False)
    test.drop(columns=list(hidden)).to_csv(Path(public) / "test.csv", index=False)
    submission = test[[id_column]].copy()
    for column, value in sample.items():
        submission[column] = value(len(submission)) if callable(value) else value
    submission.to_csv(Path(public) / "sample_submission.csv", index=False)
    return train, test


def write_csvs(frames: dict) -> None:
    """Write each frame of {path: frame} as MLE-bench writes its prepared CSV files: pandas'
    `to_csv` defaults without the index (not `write_csv`'s format), folders created."""
    for path, frame in frames.items():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(path, index=False)
