"""RANZCR CLiP: hold out 10% of Kaggle's labelled chest X-rays, as MLE-bench does.

`train_test_split` of train.csv (test_size 0.1, random_state 0). The answers are
the held-out rows of train.csv as they are (all 11 label columns and PatientID);
train_annotations.csv keeps only the training studies. The sample submission is
the one MLE-bench's checksums pin: StudyInstanceUID and the NINE label columns
MLE-bench grades, all 0 (it leaves out "CVC - Normal" and "Swan Ganz Catheter
Present", an upstream slip listed in known_issues).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

ID = "StudyInstanceUID"
GRADED_CLASSES = [
    "ETT - Abnormal",
    "ETT - Borderline",
    "ETT - Normal",
    "NGT - Abnormal",
    "NGT - Borderline",
    "NGT - Incompletely Imaged",
    "NGT - Normal",
    "CVC - Abnormal",
    "CVC - Borderline",
]


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir = Path(raw_dir)
    labels = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    train, test = train_test_split(labels, test_size=0.1, random_state=0)
    annotations = pd.read_csv(raw_dir / "train_annotations.csv", float_precision="round_trip")
    train_annotations = annotations[annotations[ID].isin(train[ID])]

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    for folder, ids in (("train", train[ID]), ("test", test[ID])):
        (public / folder).mkdir(exist_ok=True)
        for study in ids:
            shutil.copyfile(raw_dir / "train" / f"{study}.jpg", public / folder / f"{study}.jpg")

    sample = test[[ID] + GRADED_CLASSES].copy()
    sample[GRADED_CLASSES] = 0
    train.to_csv(public / "train.csv", index=False)
    train_annotations.to_csv(public / "train_annotations.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
