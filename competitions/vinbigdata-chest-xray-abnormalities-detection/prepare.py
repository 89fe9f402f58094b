"""VinBigData Chest X-ray: a labelled test set of 1,500 of Kaggle's 15,000 training images, as MLE-bench does.

Kaggle's test boxes were never published, so MLE-bench splits the distinct image_ids of
`train.csv` (in order of first appearance) with scikit-learn's `train_test_split` (test_size 0.1,
random_state 0) and asserts that this gives exactly 13,500 and 1,500 images: raw data with any
other number of images stops here, before anything is written. What decides the bytes: the CSV
is read with float_precision "round_trip"; public/train.csv keeps the training images' rows in
file order. Kaggle's training images carry one box per radiologist, its test images one
consensus box per finding, so the answers keep one row per (image_id, class_id), sorted by both,
each column's first non-blank value (pandas' `groupby().first()`), blanks then 0 and the
"No finding" class 14 the box (0, 0, 1, 1). The gold submission joins, per image in sorted
order, "<class_id> 1.0 <x_min> <y_min> <x_max> <y_max>" (Python's text of each number) with
spaces; the sample submission predicts "14 1 0 0 1 1" for each test image in split order. All are
written with pandas' `to_csv` defaults. The images `train/<image_id>.dicom` (~190 GB) are
hard-linked where possible into `public/train/` or `public/test/`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy_files, train_test_split, write_csvs

# MLE-bench asserts these sizes of its split (90% and 10% of Kaggle's 15,000 training images).
TRAIN_IMAGES = 13_500
TEST_IMAGES = 1_500
NO_FINDING = 14
BOX = ["x_min", "y_min", "x_max", "y_max"]
SAMPLE_PREDICTION = "14 1 0 0 1 1"  # Kaggle's sample submission: "No finding", confidence 1, box (0, 0, 1, 1)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    rows = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    missing = [c for c in ["image_id", "class_id", *BOX] if c not in rows.columns]
    if missing:
        raise ValueError(f"train.csv lacks the column(s) {missing}: it is not Kaggle's train.csv of this competition")
    images = np.asarray(rows["image_id"].unique(), dtype=object)
    if len(images) != TRAIN_IMAGES + TEST_IMAGES:
        raise ValueError(f"train.csv names {len(images):,} distinct images, but MLE-bench's split of this competition "
                         f"asserts TRAIN_IMAGES = {TRAIN_IMAGES:,} and TEST_IMAGES = {TEST_IMAGES:,} (Kaggle's "
                         f"{TRAIN_IMAGES + TEST_IMAGES:,} training images): use Kaggle's complete train.csv")
    train_images, test_images = train_test_split(images, test_size=0.1, random_state=0)
    train, test = rows[rows["image_id"].isin(train_images)], rows[rows["image_id"].isin(test_images)]

    answers = test.groupby(by=["image_id", "class_id"]).first().reset_index().fillna(0)
    answers.loc[answers["class_id"] == NO_FINDING, ["x_max", "y_max"]] = 1.0
    predictions = [f"{c} 1.0 {x0} {y0} {x1} {y1}" for c, x0, y0, x1, y1 in
                   zip(*(answers[column].tolist() for column in ["class_id", *BOX]))]
    gold = (answers[["image_id"]].assign(PredictionString=predictions)
            .groupby("image_id")["PredictionString"].agg(" ".join).reset_index())
    write_csvs({public / "train.csv": train, private / "answers.csv": answers, private / "gold_submission.csv": gold,
                public / "sample_submission.csv": pd.DataFrame({"image_id": test_images,
                                                                "PredictionString": SAMPLE_PREDICTION})})
    for ids, folder in ((train_images, "train"), (test_images, "test")):
        link_or_copy_files((f"{image}.dicom" for image in ids), raw_dir / "train", public / folder)
