"""Predicting Molecular Properties (CHAMPS): 10% of the training molecules become the test set,
as MLE-bench prepares it.

MLE-bench groups train.csv by `molecule_name` (pandas' sorted group order) and splits the list
of groups with scikit-learn's `train_test_split(test_size=0.1, random_state=0)`; the split of a
list depends only on its length, so splitting the sorted unique names is the same split. What
decides the bytes:
- train.csv, answers.csv (and test.csv, without the constant) list the molecules in the split's
  order, each molecule's rows in Kaggle's order (a stable sort by the molecule's split rank);
- the sample submission is test.csv's ids with the integer 0;
- structures.csv and the five extra tables keep Kaggle's row order, filtered to the training
  molecules (the test molecules' geometry is dropped, as MLE-bench drops it), and only the
  training molecules' structures/<name>.xyz files are copied;
- every CSV is read with float_precision "round_trip", so floats are written back as read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import train_test_split

TARGET = "scalar_coupling_constant"
TABLES = ("structures", "dipole_moments", "magnetic_shielding_tensors", "mulliken_charges", "potential_energy",
          "scalar_coupling_contributions")


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    train = _read(raw_dir / "train.csv")
    names = sorted(train["molecule_name"].dropna().unique())
    train_names, test_names = train_test_split(names, test_size=0.1, random_state=0)
    new_train, answers = _in_order(train, train_names), _in_order(train, test_names)

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    answers.to_csv(private / "answers.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    test = answers.drop(columns=[TARGET])
    test.to_csv(public / "test.csv", index=False)
    sample = test[["id"]].copy()
    sample[TARGET] = 0
    sample.to_csv(public / "sample_submission.csv", index=False)

    kept = set(train_names)
    for table in TABLES:
        data = _read(raw_dir / f"{table}.csv")
        data[data["molecule_name"].isin(kept)].to_csv(public / f"{table}.csv", index=False)
    (public / "structures").mkdir(exist_ok=True)
    for name in new_train["molecule_name"].unique():
        shutil.copyfile(raw_dir / "structures" / f"{name}.xyz", public / "structures" / f"{name}.xyz")


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, float_precision="round_trip")


def _in_order(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The rows of the named molecules, molecule by molecule in `names` order, rows in file order."""
    rank = pd.Series(range(len(names)), index=names)
    rows = frame[frame["molecule_name"].isin(rank.index)]
    order = rows["molecule_name"].map(rank).to_numpy()
    return rows.iloc[order.argsort(kind="stable")]
