"""RANZCR CLiP: hold out 10% of Kaggle's labelled chest X-rays, as MLE-bench does.

`train_test_split` of train.csv (test_size 0.1, random_state 0). The answers are
the held-out rows of train.csv as they are (all 11 label columns and PatientID);
train_annotations.csv keeps only the training studies. The sample submission is
the one MLE-bench's checksums pin: StudyInstanceUID and the NINE label columns
MLE-bench grades, all 0 (it leaves out "CVC - Normal" and "Swan Ganz Catheter
Present", an upstream slip listed in known_issues).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pytest_mlebench.competitions import load_competition
from pytest_mlebench.data.authoring import copy_files, split_train_csv

ID = "StudyInstanceUID"
GRADED_CLASSES = list(load_competition(Path(__file__).parent).grading.target_columns)  # the nine, in order


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    train, test = split_train_csv(raw_dir, public, private, test_size=0.1)
    annotations = pd.read_csv(Path(raw_dir) / "train_annotations.csv", float_precision="round_trip")
    train_annotations = annotations[annotations[ID].isin(train[ID])]
    for rows, folder in ((train, "train"), (test, "test")):
        copy_files(rows[ID] + ".jpg", Path(raw_dir) / "train", public / folder)

    sample = test[[ID] + GRADED_CLASSES].copy()
    sample[GRADED_CLASSES] = 0
    train.to_csv(public / "train.csv", index=False)
    train_annotations.to_csv(public / "train_annotations.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
