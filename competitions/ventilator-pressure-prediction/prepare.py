"""Google Brain - Ventilator Pressure Prediction: whole breaths held out of Kaggle's train.csv.

Kaggle's test pressures are hidden, so MLE-bench keeps 10% of the breaths (not of the rows)
as the test set: the breaths, in ascending breath_id order, are split by `train_test_split`
(random_state 0), and each side lists its breaths in the split's shuffled order, every breath's
rows in their order in the file. The `id` column is then renumbered 1, 2, ... on each side.
The columns are read with Kaggle's narrow integer types (int32 ids, int8 R, C and u_out) and
every file is written with floats as "%.10g" (ten significant digits, so 0.0336329937 and
1e-05), which decides the bytes. The sample submission predicts pressure 0 everywhere.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.authoring import train_test_split

TYPES = {"id": "int32", "breath_id": "int32", "R": "int8", "C": "int8", "time_step": "float64",
         "u_in": "float64", "u_out": "int8", "pressure": "float64"}
FLOATS = "%.10g"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    for folder in (public, private):
        Path(folder).mkdir(parents=True, exist_ok=True)
    data = pd.read_csv(Path(raw_dir) / "train.csv", dtype=TYPES, float_precision="round_trip")
    breaths = [rows.index.to_numpy() for _, rows in data.groupby("breath_id")]
    # The split depends only on how many breaths there are: split their positions.
    kept, held = train_test_split(np.arange(len(breaths)), test_size=0.1, random_state=0)
    train, test = (data.loc[np.concatenate([breaths[b] for b in side])] for side in (kept, held))
    train["id"] = range(1, len(train) + 1)
    test["id"] = range(1, len(test) + 1)
    train.to_csv(public / "train.csv", index=False, float_format=FLOATS)
    test.drop(columns=["pressure"]).to_csv(public / "test.csv", index=False, float_format=FLOATS)
    sample = test[["id"]].copy()
    sample["pressure"] = 0
    sample.to_csv(public / "sample_submission.csv", index=False, float_format=FLOATS)
    test.to_csv(private / "test.csv", index=False, float_format=FLOATS)
