"""Plant seedlings: hold out 14% of Kaggle's labelled seedling images as the test set, as MLE-bench does.

Kaggle's training images sit in one folder per species, `train/<species>/<file>.png`.
MLE-bench lists them (species folders and files in sorted order), splits the
list (scikit-learn's `train_test_split`, test_size 0.14, random_state 0), keeps
the species folders for training images and puts test images flat into
`test/`. There is no train.csv: the folders are the labels. The CSV files are
byte-identical to MLE-bench's (the harness checks their md5).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    images = Path(raw_dir) / "train"
    listing = pd.DataFrame(_labelled_files(images), columns=["file", "species"])
    train, test = train_test_split(listing, test_size=0.14, random_state=0)

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    test.to_csv(private / "answers.csv", index=False)
    sample = test.copy()
    sample["species"] = "Sugar beet"
    sample.to_csv(public / "sample_submission.csv", index=False)

    for row in train.itertuples():
        (public / "train" / row.species).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(images / row.species / row.file, public / "train" / row.species / row.file)
    (public / "test").mkdir(exist_ok=True)
    for row in test.itertuples():
        shutil.copyfile(images / row.species / row.file, public / "test" / row.file)


def _labelled_files(images: Path) -> list[tuple[str, str]]:
    """(file name, species) of every PNG, species folders and files each in sorted order."""
    rows = []
    for species in sorted(p.name for p in images.iterdir()):
        if (images / species).is_dir():
            rows += [(name, species) for name in sorted(p.name for p in (images / species).iterdir()) if name.endswith(".png")]
    return rows
