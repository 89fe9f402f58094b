"""PetFinder Pawpularity: a labelled test set held out of Kaggle's 9,912 training photos, as MLE-bench does.

Kaggle's test set was hidden, so MLE-bench holds out 10% of `train.csv` (scikit-learn's
`train_test_split`, random_state 0, on the frame read with float_precision "round_trip").
What decides the bytes: the rows stay in the split's shuffled order and are written with
pandas' `to_csv` defaults; the public test.csv is the private one without Pawpularity; the
sample submission's Pawpularity is drawn from numpy's `default_rng(0)`, uniform on [1, 100)
and rounded to 2 decimals, one draw per test row in that order. Each photo `train/<Id>.jpg`
goes to `public/train/` or `public/test/` under its own name (hard-linked where possible).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pytest_mlebench.data.authoring import link_or_copy_files, split_train_csv, write_csvs

TARGET = "Pawpularity"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    train, test = split_train_csv(raw_dir, public, private, test_size=0.1)
    sample = test[["Id", TARGET]].assign(**{TARGET: np.random.default_rng(0).uniform(1, 100, len(test)).round(2)})
    write_csvs({public / "train.csv": train, private / "test.csv": test,
                public / "test.csv": test.drop(columns=[TARGET]), public / "sample_submission.csv": sample})
    for rows, folder in ((train, "train"), (test, "test")):
        link_or_copy_files((f"{image}.jpg" for image in rows["Id"]), raw_dir / "train", public / folder)
