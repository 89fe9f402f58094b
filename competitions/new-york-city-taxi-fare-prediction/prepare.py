"""New York City taxi fares: hold out 9,914 of Kaggle's ~55M labelled rides, as MLE-bench does.

Kaggle's test fares were never published, so MLE-bench splits train.csv
(scikit-learn's `train_test_split` with test_size 9,914, the size of Kaggle's
test set, and random_state 0). The training rows become `labels.csv`; the sample
submission gives every ride 11.35 dollars. train.csv is about 5.7 GB and is read
whole, as MLE-bench reads it (the split needs every row): expect tens of GB of memory.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pytest_mlebench.data.authoring import split_train_csv

ID, TARGET = "key", "fare_amount"
TEST_SIZE = 9914
SAMPLE_FARE = 11.35
NOTE = "GCP-Coupons-Instructions.rtf"  # copied through unchanged


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    train, test = split_train_csv(raw_dir, public, private, test_size=TEST_SIZE)
    sample = test[[ID]].copy()
    sample[TARGET] = SAMPLE_FARE
    train.to_csv(public / "labels.csv", index=False)
    test.drop(columns=[TARGET]).to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    shutil.copyfile(Path(raw_dir) / NOTE, public / NOTE)
