"""Nomad2018 transparent conductors: MLE-bench's split of Kaggle's train.csv and geometry files.

As MLE-bench does: 10% of Kaggle's training materials become the test set
(`train_test_split`, random_state 0), the ids of both parts are renumbered
1, 2, ... in their new order, and each material's `geometry.xyz` is copied to
`public/train/<new id>/` or `public/test/<new id>/`. Kaggle's own test files
(test.csv.zip, test.zip) are not used: they have no labels. The CSV is read
with pandas' round-trip float parser, as MLE-bench reads it, so that every
float is written back with the same digits.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import train_test_split

TARGETS = ["formation_energy_ev_natom", "bandgap_energy_ev"]
# MLE-bench's sample submission predicts these constants for every material.
SAMPLE_PREDICTION = {"formation_energy_ev_natom": 0.1779, "bandgap_energy_ev": 1.8892}


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(raw_dir / "train.csv.zip") as archive, archive.open("train.csv") as handle:
        kaggle_train = pd.read_csv(handle, float_precision="round_trip")
    train, test = train_test_split(kaggle_train, test_size=0.1, random_state=0)
    train, test = train.copy(), test.copy()

    new_ids = {}  # Kaggle id -> (part, new id)
    for part, frame in (("train", train), ("test", test)):
        renumbered = range(1, len(frame) + 1)
        new_ids.update({old: (part, new) for old, new in zip(frame["id"], renumbered)})
        frame["id"] = list(renumbered)

    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=TARGETS).to_csv(public / "test.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    pd.DataFrame({"id": test["id"], **SAMPLE_PREDICTION}).to_csv(public / "sample_submission.csv", index=False)

    _copy_geometries(raw_dir / "train.zip", new_ids, public)


def _copy_geometries(archive_path: Path, new_ids: dict, public: Path) -> None:
    """Each material's structure file (`train/<Kaggle id>/geometry.xyz` in Kaggle's zip) under its new id."""
    copied = {"train": 0, "test": 0}
    with zipfile.ZipFile(archive_path) as archive:
        for name in archive.namelist():
            parts = name.split("/")
            if len(parts) != 3 or parts[2] != "geometry.xyz":
                continue
            part, new_id = new_ids[int(parts[1])]
            target = public / part / str(new_id) / "geometry.xyz"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(name))
            copied[part] += 1
    expected = {part: sum(1 for p, _ in new_ids.values() if p == part) for part in copied}
    if copied != expected:
        raise ValueError(f"{archive_path.name}: copied {copied} geometry files, expected {expected}")
