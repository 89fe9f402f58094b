"""Humpback whale identification (playground): a labelled test set held out of Kaggle's 9,850
training photos, as MLE-bench does, so that most whales of the test set were seen in training.

MLE-bench's split, step by step (every step decides the bytes):
1. For each whale Id in order of first appearance in `train.csv` (read with float_precision
   "round_trip"): with two or more photos, `DataFrame.sample(2, random_state=0)` of its rows
   sends the first drawn to train and the second to test; with one photo, one draw of numpy's
   `default_rng(0)` (`choice(["train", "test"], p=[0.9, 0.1])`, the generator shared across
   whales) decides its side.
2. The photos left undecided are split by `train_test_split(test_size=0.1, random_state=0)`.
3. Train and answers keep the rows of train.csv in its original order; an answer whose whale
   never appears in train is relabelled "new_whale".
The sample submission predicts "new_whale w_1287fbc w_98baff9 w_7554f44 w_1eafe46" everywhere.
Photos `train/<Image>` go to `public/train/` or `public/test/` (hard-linked where possible).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy_files, train_test_split, write_csvs

TEST_SHARE = 0.1
NEW = "new_whale"
SAMPLE = "new_whale w_1287fbc w_98baff9 w_7554f44 w_1eafe46"


def _sides(photos: pd.DataFrame) -> pd.Series:
    """'train' or 'test' for every row of `photos`, by MLE-bench's three steps 1-2."""
    side = pd.Series("undecided", index=photos.index, dtype=object)
    draws = np.random.default_rng(0)
    for _, rows in photos.groupby("Id", sort=False):
        if len(rows) >= 2:
            first, second = rows.sample(2, random_state=0).index[:2]
            side[first], side[second] = "train", "test"
        else:
            side[rows.index[0]] = draws.choice(["train", "test"], replace=False, p=[1 - TEST_SHARE, TEST_SHARE])
    undecided = photos[side == "undecided"]
    train, test = train_test_split(undecided, test_size=TEST_SHARE, random_state=0)
    side[train.index], side[test.index] = "train", "test"
    return side


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    photos = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    side = _sides(photos)
    train = photos[side == "train"].copy()
    answers = photos[side == "test"].copy()
    answers.loc[~answers["Id"].isin(set(train["Id"])), "Id"] = NEW
    write_csvs({private / "test.csv": answers, public / "train.csv": train,
                public / "sample_submission.csv": answers.assign(Id=SAMPLE)})
    for rows, folder in ((train, "train"), (answers, "test")):
        link_or_copy_files(rows["Image"], raw_dir / "train", public / folder)
