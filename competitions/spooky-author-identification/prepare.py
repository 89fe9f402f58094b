"""Spooky Author Identification: hold out 10% of Kaggle's labelled excerpts, as MLE-bench does.

Kaggle's test labels are private, so MLE-bench splits train.csv (scikit-learn's
`train_test_split`, test_size 0.1, random_state 0). The answers are stored one-hot
(id, EAP, HPL, MWS), the same layout as a submission, and the sample submission
carries the constant probabilities Kaggle's own sample file used.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import train_test_split

ID = "id"
TARGET = "author"
AUTHORS = ["EAP", "HPL", "MWS"]
# Kaggle's sample-submission values (roughly the authors' shares of the training excerpts).
SAMPLE_PROBABILITIES = {"EAP": 0.403493538995863, "HPL": 0.287808366106543, "MWS": 0.308698094897594}


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    # Read train.csv straight from the zip: the raw folder may be read-only.
    with zipfile.ZipFile(Path(raw_dir) / "train.zip") as archive:
        data = pd.read_csv(io.BytesIO(archive.read("train.csv")), float_precision="round_trip")
    train, test = train_test_split(data, test_size=0.1, random_state=0)

    answers = pd.DataFrame({ID: test[ID]})
    for author in AUTHORS:
        answers[author] = (test[TARGET] == author).astype("int64")
    sample = answers.copy()
    for author, probability in SAMPLE_PROBABILITIES.items():
        sample[author] = probability

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=[TARGET]).to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
