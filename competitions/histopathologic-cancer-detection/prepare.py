"""Histopathologic Cancer Detection: hold out part of Kaggle's labelled patches, as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench splits `train_labels.csv`
(scikit-learn's `train_test_split` of the ids, random_state 0) with the test share
Kaggle had: the number of Kaggle test images over all images. Both CSV files keep
the rows in the order of the original table. Images are copied unchanged into
`public/train/` and `public/test/` (`<id>.tif`); the sample submission has label 0.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

RANDOM_STATE = 0


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir = Path(raw_dir)
    labels = pd.read_csv(raw_dir / "train_labels.csv")
    kaggle_test_count = len(list((raw_dir / "test").glob("*.tif")))
    test_share = kaggle_test_count / (len(labels) + kaggle_test_count)
    train_ids, test_ids = train_test_split(labels["id"], test_size=test_share, random_state=RANDOM_STATE)
    train = labels[labels["id"].isin(train_ids)]
    test = labels[labels["id"].isin(test_ids)]

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    for folder, ids in (("train", train_ids), ("test", test_ids)):
        (public / folder).mkdir(exist_ok=True)
        for image_id in ids:
            shutil.copyfile(raw_dir / "train" / f"{image_id}.tif", public / folder / f"{image_id}.tif")

    sample = test.copy()
    sample["label"] = 0
    train.to_csv(public / "train_labels.csv", index=False)
    test.to_csv(private / "answers.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
