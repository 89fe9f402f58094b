"""Tabular Playground Series Dec 2021: hold out 10% of Kaggle's labelled rows as the test set, as MLE-bench does.

Kaggle's test labels are private, so MLE-bench splits `train.csv`
(scikit-learn's `train_test_split`, test_size 0.1, random_state 0). The sample
submission predicts cover type 2, the most common one. Every file is
byte-identical to MLE-bench's (the harness checks their md5).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import split_train_csv

ID = "Id"
TARGET = "Cover_Type"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    train, test = split_train_csv(raw_dir, public, private, test_size=0.1)
    train.to_csv(public / "train.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    test.drop(columns=[TARGET]).to_csv(public / "test.csv", index=False)
    pd.DataFrame({ID: test[ID].to_numpy(), TARGET: 2}).to_csv(public / "sample_submission.csv", index=False)
