"""Leaf classification: MLE-bench's split of Kaggle's train.csv, with the leaf images.

As MLE-bench does: 10% of Kaggle's labelled leaves become the test set
(`train_test_split`, random_state 0). The answers are one-hot rows (id, then
one column per species in sorted order, 1 for the true species); the sample
submission gives every species 1/99. Images of train and test leaves go to
`public/images/<id>.jpg`; MLE-bench also creates an empty `private/images/`,
kept here so the layout is the same. The CSV is read with pandas' round-trip
float parser, as MLE-bench reads it, so every feature keeps its digits.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import train_test_split


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(raw_dir / "train.csv.zip") as archive, archive.open("train.csv") as handle:
        kaggle_train = pd.read_csv(handle, float_precision="round_trip")
    species = sorted(kaggle_train["species"].unique())  # the 99 species, all present in Kaggle's train.csv

    train, test = train_test_split(kaggle_train, test_size=0.1, random_state=0)

    answers = pd.DataFrame(0, index=test.index, columns=["id", *species])
    answers["id"] = test["id"]
    for row, label in test["species"].items():
        answers.loc[row, label] = 1
    sample = answers.copy()
    sample[species] = 1 / len(species)

    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=["species"]).to_csv(public / "test.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)

    (public / "images").mkdir(exist_ok=True)
    (private / "images").mkdir(exist_ok=True)
    with zipfile.ZipFile(raw_dir / "images.zip") as archive:
        for leaf_id in [*train["id"], *test["id"]]:
            (public / "images" / f"{leaf_id}.jpg").write_bytes(archive.read(f"images/{leaf_id}.jpg"))
