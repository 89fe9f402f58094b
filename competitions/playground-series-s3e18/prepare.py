"""Playground S3E18 (enzyme substrates): hold out 10% of Kaggle's labelled rows, as MLE-bench does.

`train_test_split` of train.csv (test_size 0.1, random_state 0). The answers are the
full held-out rows (all six EC labels); the public test table drops the six labels;
the sample submission is `id,EC1,EC2` with 0.5 (only EC1 and EC2 are graded).
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.data.authoring import split_train_csv

LABELS = ["EC1", "EC2", "EC3", "EC4", "EC5", "EC6"]
GRADED = ["EC1", "EC2"]


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    train, test = split_train_csv(raw_dir, public, private, test_size=0.1)
    sample = test[["id"] + GRADED].assign(**{label: 0.5 for label in GRADED})

    sample.to_csv(public / "sample_submission.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=LABELS).to_csv(public / "test.csv", index=False)
