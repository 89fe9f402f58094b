"""APTOS 2019: hold out 10% of Kaggle's graded retina images as the test set, as MLE-bench does.

Kaggle's test grades were never published, so MLE-bench splits `train.csv`
(scikit-learn's `train_test_split`, test_size 0.1, random_state 0) and copies
each image into `train_images/` or `test_images/` under its own name. The CSV
files are byte-identical to MLE-bench's (the harness checks their md5).
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.data.authoring import copy_files, split_train_csv

ID = "id_code"
TARGET = "diagnosis"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    train, test = split_train_csv(raw_dir, public, private, test_size=0.1)
    for rows, folder in ((train, "train_images"), (test, "test_images")):
        copy_files(rows[ID] + ".png", Path(raw_dir) / "train_images", public / folder)

    sample = test.copy()
    sample[TARGET] = 0  # every image graded "no retinopathy"
    train.to_csv(public / "train.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    test.drop(columns=[TARGET]).to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
