"""OSIC pulmonary fibrosis: a labelled test set of whole patients held out of Kaggle's 176
training patients, as MLE-bench does.

What decides the bytes:
- `train.csv` (read with float_precision "round_trip") is grouped by Patient (groups in sorted
  order of the id) and 10% of the groups are held out by scikit-learn's `train_test_split`
  (random_state 0); `public/train.csv` is the kept groups, concatenated in the split's shuffled
  order, each group's rows in their order in train.csv.
- `public/test.csv` is one row per held-out patient, in sorted order of the id: per column the
  first non-missing value after sorting the patient's rows by Weeks (pandas' `first()`).
- `private/test.csv` has a row for every held-out patient (in the split's order) and every week
  from the smallest to the largest week of any held-out visit; weeks without a visit are empty,
  so FVC, Percent and Age are written as floats; then Patient_Week ("<Patient>_<week>") and
  Confidence 100. `public/sample_submission.csv` predicts FVC 2000 with Confidence 100.
- The CT scans `train/<Patient>/` are hard-linked (where possible) to `public/train/<Patient>/`
  or `public/test/<Patient>/`.

MLE-bench stops when the held-out patients do not all get the same number of rows (a patient
with two visits in one week); so do we. Its sort by Weeks is numpy's unstable quicksort; ours is
stable, which gives the same rows whenever MLE-bench's check passes (a patient's weeks are then
distinct).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy, train_test_split, write_csvs

COLUMNS = 7  # Patient, Weeks, FVC, Percent, Age, Sex, SmokingStatus


def _link_scans(patients, raw_dir: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for patient in patients:
        source = raw_dir / "train" / patient
        if not source.is_dir():
            raise FileNotFoundError(f"{source} is missing: Kaggle's train/ folder has a folder of CT scans "
                                    f"for every patient of train.csv; download the whole competition again")
        shutil.copytree(source, target / patient, copy_function=link_or_copy, dirs_exist_ok=True)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    visits = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    if visits.shape[1] != COLUMNS:
        raise ValueError(f"{raw_dir / 'train.csv'} has {visits.shape[1]} columns, Kaggle's has {COLUMNS} "
                         f"(Patient, Weeks, FVC, Percent, Age, Sex, SmokingStatus)")
    groups = dict(list(visits.groupby("Patient")))
    kept, held_out = train_test_split(list(groups), test_size=0.1, random_state=0)
    train = pd.concat([groups[patient] for patient in kept])
    test = pd.concat([groups[patient] for patient in held_out])

    first_visits = test.sort_values("Weeks", kind="stable").groupby("Patient").first().reset_index()
    weeks = range(test["Weeks"].min(), test["Weeks"].max() + 1)
    grid = pd.DataFrame([(patient, week) for patient in test["Patient"].unique() for week in weeks],
                        columns=["Patient", "Weeks"])
    answers = grid.merge(test, on=["Patient", "Weeks"], how="left")
    if answers.groupby("Patient").size().nunique() != 1:
        raise ValueError("a held-out patient has two visits in one week, so the held-out patients do not all get "
                         "one row per week (MLE-bench's preparation stops here too)")
    answers["Patient_Week"] = answers["Patient"] + "_" + answers["Weeks"].astype(str)
    answers["Confidence"] = 100
    sample = answers[["Patient_Week"]].assign(FVC=2000, Confidence=100)

    write_csvs({public / "train.csv": train, public / "test.csv": first_visits, private / "test.csv": answers,
                public / "sample_submission.csv": sample})
    _link_scans(train["Patient"].unique(), raw_dir, public / "train")
    _link_scans(test["Patient"].unique(), raw_dir, public / "test")
