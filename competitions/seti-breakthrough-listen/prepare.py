"""SETI Breakthrough Listen: a labelled test set held out of Kaggle's training cadences, as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench holds out 10% of the rows of
`train_labels.csv` (scikit-learn's `train_test_split`, random_state 0, on the frame read with
float_precision "round_trip") and grades on them. What decides the bytes: the labels are
written back with pandas' `to_csv` defaults in the shuffled order the split returns; the
sample submission is the test rows with every target 0.5. Each cadence `train/<first char of
id>/<id>.npy` keeps its sub-folder under `public/train` or `public/test`, and Kaggle's
`old_leaky_data` folder is passed on whole. Files are hard-linked where possible: same bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy, link_or_copy_files, train_test_split, write_csvs


def _cadence(file_id: str) -> str:
    return f"{file_id[0]}/{file_id}.npy"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    labels = pd.read_csv(raw_dir / "train_labels.csv", float_precision="round_trip")
    train, test = train_test_split(labels, test_size=0.1, random_state=0)
    write_csvs({public / "train_labels.csv": train, private / "test.csv": test,
                public / "sample_submission.csv": test.assign(target=0.5)})

    shutil.copytree(raw_dir / "old_leaky_data", public / "old_leaky_data", copy_function=link_or_copy,
                    dirs_exist_ok=True)
    for ids, folder in ((train["id"], "train"), (test["id"], "test")):
        link_or_copy_files(map(_cadence, ids), raw_dir / "train", public / folder)
