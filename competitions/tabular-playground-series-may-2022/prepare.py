"""Tabular Playground May 2022: hold out 100,000 of Kaggle's 900,000 labelled rows, as MLE-bench does.

`train_test_split` (test_size 100,000, random_state 0), then the ids are renumbered:
0 .. 799,999 for the training rows and 800,000 .. 899,999 for the test rows, each
part in its shuffled order. The answers are the full test rows; `gold_submission.csv`
(id and target) is a perfect submission; the sample submission predicts 0.5.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pytest_mlebench.data.authoring import split_train_csv

TEST_ROWS = 100_000


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    train, test = split_train_csv(raw_dir, public, private, test_size=TEST_ROWS)
    train = train.assign(id=np.arange(len(train)))
    test = test.assign(id=np.arange(len(train), len(train) + len(test)))
    gold = test[["id", "target"]].copy()
    sample = gold.assign(target=0.5)

    train.to_csv(public / "train.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    test.drop(columns=["target"]).to_csv(public / "test.csv", index=False)
    gold.to_csv(private / "gold_submission.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
