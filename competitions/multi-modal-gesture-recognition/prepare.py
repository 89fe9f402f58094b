"""Multi-modal gesture recognition (ChaLearn 2013): Kaggle's fourth training archive becomes the
labelled test set, as MLE-bench does.

Kaggle's test labels are not public, so MLE-bench takes the recordings of `training4.tar.gz`
(`SampleNNNNN.zip` files at the archive's top level; a sample's Id is the last four digits of
its name) as the test set. What decides the bytes:
- the test Ids, sorted as strings, are public/test.csv; `training.csv` (Id and Sequence read as
  text, so "0300" keeps its zeros) loses their rows into private/test.csv, rows in the file's
  order, both written with pandas' `to_csv` defaults;
- public/randomPredictions.csv gives each test Id, in that order, a shuffle of 1..20 drawn by
  Python's `random.sample(range(1, 21), 20)` from a generator seeded 0 (MLE-bench seeds the
  global one, which draws the same numbers);
- training4.tar.gz becomes public/test.tar.gz, and the other archives pass on under their names;
  all are hard-linked where possible (together tens of GB).
MLE-bench unpacks training4.tar.gz into the raw folder to list its samples; we read the
archive's member names instead, which lists the same files and writes nothing into raw.
"""

from __future__ import annotations

import random
import tarfile
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy, link_or_copy_files, write_csvs

TEST_ARCHIVE = "training4.tar.gz"
PASSED_ON = ["training1.tar.gz", "training2.tar.gz", "training3.tar.gz", "validation1.tar.gz", "validation2.tar.gz",
             "validation3.tar.gz", "devel01-40.7z", "valid_all_files_combined.7z", "sample_code_mmrgc.zip"]
GESTURES = 20


def _test_ids(archive: Path) -> list[str]:
    """The last four digits of each `*.zip` file at the archive's top level (what a glob of the
    unpacked folder would find: a file stored twice counts once), sorted; the archive is
    streamed, not unpacked."""
    names = set()
    with tarfile.open(archive, mode="r|gz") as members:
        for member in members:
            name = member.name.removeprefix("./")
            if member.isfile() and "/" not in name and name.endswith(".zip"):
                names.add(name)
    return sorted(name.removesuffix(".zip")[-4:] for name in names)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    test_ids = _test_ids(raw_dir / TEST_ARCHIVE)
    training = pd.read_csv(raw_dir / "training.csv", dtype={"Id": str, "Sequence": str})
    is_test = training["Id"].isin(test_ids)
    if is_test.sum() != len(test_ids):
        raise ValueError(f"multi-modal-gesture-recognition: {TEST_ARCHIVE} holds {len(test_ids)} samples but "
                         f"training.csv has {is_test.sum()} rows with their Ids: the raw files are not Kaggle's")
    draw = random.Random(0)
    shuffles = [" ".join(str(n) for n in draw.sample(range(1, GESTURES + 1), GESTURES)) for _ in test_ids]
    write_csvs({public / "training.csv": training[~is_test], private / "test.csv": training[is_test],
                public / "test.csv": pd.DataFrame({"Id": test_ids}),
                public / "randomPredictions.csv": pd.DataFrame({"Id": test_ids, "Sequence": shuffles})})
    link_or_copy(raw_dir / TEST_ARCHIVE, public / "test.tar.gz")
    link_or_copy_files(PASSED_ON, raw_dir, public)
