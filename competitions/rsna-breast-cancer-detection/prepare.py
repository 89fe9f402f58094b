"""RSNA Screening Mammography: a labelled test set of a tenth of Kaggle's training patients, as MLE-bench does.

Kaggle's test set was hidden, so MLE-bench holds out whole patients: the distinct patient_ids of
`train.csv` (in order of first appearance) are split by scikit-learn's `train_test_split`
(test_size 0.1, random_state 42). What decides the bytes: the CSV is read as MLE-bench reads it
(float_precision "round_trip", types inferred: age and BIRADS are floats because of their
blanks), rows keep the file's order and are written with pandas' `to_csv` defaults.
public/train.csv has every column; public/test.csv has Kaggle's test columns and a
prediction_id "<patient_id>_<laterality>" (one per breast, shared by its images); the answers
hold one row per prediction_id, sorted, with the cancer value of its first image, and the
sample submission gives every breast the training rows' mean cancer rate. The mammograms
`train_images/<patient_id>/<image_id>.dcm` (~300 GB) are hard-linked where possible into
`public/train_images/` or `public/test_images/` under the same patient folder.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy_files, train_test_split, write_csvs

# Kaggle's test.csv columns, in order, without the prediction_id built here.
TEST_COLUMNS = ["site_id", "patient_id", "image_id", "laterality", "view", "age", "implant", "machine_id"]
TARGET = "cancer"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    rows = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    missing = [c for c in TEST_COLUMNS + [TARGET] if c not in rows.columns]
    if missing:
        raise ValueError(f"train.csv lacks the column(s) {missing}: it is not Kaggle's train.csv of this competition")
    if rows.duplicated(["patient_id", "image_id"]).any():
        raise ValueError("train.csv lists an image of a patient twice; each image needs one row")
    _, test_patients = train_test_split(rows["patient_id"].unique(), test_size=0.1, random_state=42)
    held = rows["patient_id"].isin(set(test_patients))
    train = rows[~held]
    test = rows.loc[held, TEST_COLUMNS + [TARGET]]
    test = test.assign(prediction_id=test["patient_id"].astype(str) + "_" + test["laterality"])
    answers = test.groupby("prediction_id")[[TARGET]].first().reset_index()
    if len(answers) == len(test):  # MLE-bench asserts that some breast has several images
        raise ValueError("no held-out breast has more than one image: not Kaggle's train.csv of this competition")
    write_csvs({public / "train.csv": train, public / "test.csv": test.drop(columns=[TARGET]),
                private / "answers.csv": answers,
                public / "sample_submission.csv": answers.assign(**{TARGET: train[TARGET].mean()})})
    for part, folder in ((train, "train_images"), (test, "test_images")):
        names = (f"{patient}/{image}.dcm" for patient, image in zip(part["patient_id"].tolist(), part["image_id"].tolist()))
        link_or_copy_files(names, raw_dir / "train_images", public / folder)
