"""Spaceship Titanic: carve a labelled test set out of Kaggle's train.csv, as MLE-bench does.

Kaggle's own test labels were never released, so MLE-bench holds out 10% of the
training rows (scikit-learn's `train_test_split`, random_state 0) and grades on
them. Every step below (reader options, split call, column order, `to_csv`
defaults) is what makes the output byte-identical to MLE-bench's prepared files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

ID = "PassengerId"
TARGET = "Transported"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    # MLE-bench reads every CSV with float_precision="round_trip"; the same floats give the same text back.
    data = pd.read_csv(Path(raw_dir) / "train.csv", float_precision="round_trip")
    train, test = train_test_split(data, test_size=0.1, random_state=0)

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=[TARGET]).to_csv(public / "test.csv", index=False)
    # The sample submission predicts False for every passenger.
    sample = test[[ID, TARGET]].copy()
    sample[TARGET] = False
    sample.to_csv(public / "sample_submission.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
