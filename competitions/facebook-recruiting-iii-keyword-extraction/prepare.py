"""Facebook Recruiting III - Keyword Extraction: a labelled test set held out of Kaggle's Train.csv.

Kaggle's test tags are hidden, so MLE-bench keeps 10% of the training questions
(`train_test_split`, random_state 0). Train.csv is read straight out of Train.zip (MLE-bench
unpacks it first; the rows are the same) with Id and Tags as text, so an Id is written back as
it was read and a missing Tags cell stays blank. public/test.csv drops Tags; the sample
submission is public/test.csv with every question tagged "javascript c# python php java"
(Title and Body included, as MLE-bench writes it). Rows keep the split's shuffled order and
pandas' default `to_csv` re-quotes the HTML bodies and their line breaks.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import train_test_split

TAGS = "Tags"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    for folder in (public, private):
        Path(folder).mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(Path(raw_dir) / "Train.zip") as archive, archive.open("Train.csv") as member:
        data = pd.read_csv(member, dtype={"Id": str, TAGS: str}, float_precision="round_trip")
    train, test = train_test_split(data, test_size=0.1, random_state=0)
    train.to_csv(public / "train.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    questions = test.drop(columns=[TAGS])
    questions.to_csv(public / "test.csv", index=False)
    questions.assign(**{TAGS: "javascript c# python php java"}).to_csv(public / "sample_submission.csv", index=False)
