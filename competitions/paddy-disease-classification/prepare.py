"""Paddy disease classification: hold out 25% of Kaggle's labelled images as the test set, as MLE-bench does.

Kaggle's test labels are private, so MLE-bench splits `train.csv`
(scikit-learn's `train_test_split`, train_size 0.75, random_state 0). Training
images keep Kaggle's layout, `train_images/<label>/<image_id>`; test images go
flat into `test_images/<image_id>` so their folder does not give the label
away. The sample submission leaves every label blank. The CSV files are
byte-identical to MLE-bench's (the harness checks their md5).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pytest_mlebench.data.authoring import split_train_csv


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    train, test = split_train_csv(raw_dir, public, private, train_size=0.75)
    sample = test[["image_id", "label"]].copy()
    sample["label"] = ""
    train.to_csv(public / "train.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    test.to_csv(private / "test.csv", index=False)

    images = Path(raw_dir) / "train_images"
    for row in train.itertuples():
        _copy(images / row.label / row.image_id, public / "train_images" / row.label / row.image_id)
    for row in test.itertuples():
        _copy(images / row.label / row.image_id, public / "test_images" / row.image_id)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
