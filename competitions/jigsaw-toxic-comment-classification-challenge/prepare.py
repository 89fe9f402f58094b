"""Toxic Comment Classification: Kaggle's own test set, with the labels Kaggle released later.

No split is needed: MLE-bench hands out Kaggle's train.csv and test.csv as they are
and keeps `test_labels.csv` (ids plus six 0/1 columns, all -1 on rows Kaggle did not
score) as the answers. The sample submission is Kaggle's with every probability 0.5.
The four CSV files are read straight from Kaggle's zips, which stay untouched.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    train = _read_zipped_csv(Path(raw_dir) / "train.csv.zip")
    test = _read_zipped_csv(Path(raw_dir) / "test.csv.zip")
    answers = _read_zipped_csv(Path(raw_dir) / "test_labels.csv.zip")
    sample = _read_zipped_csv(Path(raw_dir) / "sample_submission.csv.zip")
    sample[CLASSES] = 0.5

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    train.to_csv(public / "train.csv", index=False)
    test.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)


def _read_zipped_csv(archive: Path) -> pd.DataFrame:
    """The one CSV file inside a Kaggle zip (`x.csv.zip` holds `x.csv`)."""
    with zipfile.ZipFile(archive) as source:
        name = archive.name.removesuffix(".zip")
        if name not in source.namelist():  # a re-made zip may have put it in a folder
            name = next(n for n in source.namelist() if n.endswith(".csv"))
        data = source.read(name)
    return pd.read_csv(io.BytesIO(data), float_precision="round_trip")
