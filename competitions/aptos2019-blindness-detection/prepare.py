"""APTOS 2019: hold out 10% of Kaggle's graded retina images as the test set, as MLE-bench does.

Kaggle's test grades were never published, so MLE-bench splits `train.csv`
(scikit-learn's `train_test_split`, test_size 0.1, random_state 0) and copies
each image into `train_images/` or `test_images/` under its own name. The CSV
files are byte-identical to MLE-bench's (the harness checks their md5).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

ID = "id_code"
TARGET = "diagnosis"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir = Path(raw_dir)
    labels = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    train, test = train_test_split(labels, test_size=0.1, random_state=0)

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    for ids, folder in ((train[ID], "train_images"), (test[ID], "test_images")):
        (public / folder).mkdir(exist_ok=True)
        for image_id in ids:
            shutil.copyfile(raw_dir / "train_images" / f"{image_id}.png", public / folder / f"{image_id}.png")

    sample = test.copy()
    sample[TARGET] = 0  # every image graded "no retinopathy"
    train.to_csv(public / "train.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    test.drop(columns=[TARGET]).to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
