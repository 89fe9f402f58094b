"""RSNA-MICCAI Brain Tumor: a labelled test set held out of Kaggle's 585 training patients, as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench holds out 10% of `train_labels.csv`
with scikit-learn's `train_test_split` (test_size 0.1, random_state 0). What decides the bytes:
the CSV is read with BraTS21ID as text (the five digits keep their leading zeros) and
MGMT_value as an integer, the rows keep the split's shuffled order and are written with
pandas' `to_csv` defaults: public/train_labels.csv, private/test.csv and a sample submission
of the test ids with MGMT_value 0.5. Each patient's study folder `train/<BraTS21ID>/` (four MRI
sequences of DICOM slices) goes whole to `public/train/` or `public/test/`, hard-linked where
possible; folders of patients the CSV does not list (Kaggle ships a few) are left out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy_trees, train_test_split, write_csvs

ID, TARGET = "BraTS21ID", "MGMT_value"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    labels = pd.read_csv(raw_dir / "train_labels.csv", dtype={ID: str, TARGET: int}, float_precision="round_trip")
    twice = labels[ID][labels[ID].duplicated()].tolist()
    if twice:  # one folder per patient: MLE-bench's count of study folders would fail
        raise ValueError(f"train_labels.csv lists patient(s) {twice[:5]} more than once; each needs one row")
    train, test = train_test_split(labels, test_size=0.1, random_state=0)
    write_csvs({public / "train_labels.csv": train, private / "test.csv": test,
                public / "sample_submission.csv": test.assign(**{TARGET: 0.5})})
    for rows, folder in ((train, "train"), (test, "test")):
        link_or_copy_trees(rows[ID], raw_dir / "train", public / folder)
