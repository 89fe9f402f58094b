"""Spaceship Titanic: carve a labelled test set out of Kaggle's train.csv, as MLE-bench does.

Kaggle's own test labels were never released, so MLE-bench holds out 10% of the
training rows (scikit-learn's `train_test_split`, random_state 0) and grades on
them. Every step below (reader options, split call, column order, `to_csv`
defaults) is what makes the output byte-identical to MLE-bench's prepared files.
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.data.authoring import split_train_csv

ID = "PassengerId"
TARGET = "Transported"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    train, test = split_train_csv(raw_dir, public, private, test_size=0.1)
    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=[TARGET]).to_csv(public / "test.csv", index=False)
    # The sample submission predicts False for every passenger.
    sample = test[[ID, TARGET]].copy()
    sample[TARGET] = False
    sample.to_csv(public / "sample_submission.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
