"""Vesuvius Challenge - Ink Detection: Kaggle's third training fragment held out as the test
fragment "a", as MLE-bench does.

Kaggle's test fragments come without labels, so MLE-bench keeps fragments `train/1` and
`train/2` whole (public/train/1, public/train/2) and turns `train/3` into the test fragment
`public/test/a`: every file below it except the labels (`inklabels.png`, `inklabels_rle.csv`)
and the infrared photo (`ir.png`), wherever they sit, in the same relative places. What decides
the bytes: `train/3/inklabels_rle.csv` (one row, read with float_precision "round_trip") gets
its Id replaced by "a" and the fragment's width and height (ir.png's size) appended, written
with pandas' `to_csv` defaults as private/inklabels_rle.csv and, without the size, as
private/gold_submission.csv; public/sample_submission.csv is Id "a", Predicted "1 1 5 1".
The fragments' files (65 slices of ~100 MB each) are hard-linked where the filesystem allows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from PIL import Image

from pytest_mlebench.data.authoring import link_or_copy, write_csvs

KEPT = ("1", "2")  # the training fragments passed on whole
HELD_OUT = "3"  # the fragment that becomes the test fragment
TEST_ID = "a"
NOT_PUBLIC = ("inklabels.png", "inklabels_rle.csv", "ir.png")  # left out of public/test/a, by name
SUFFIXES = (".png", ".csv", ".tif")  # MLE-bench stops on any other file in the held-out fragment


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    fragment = raw_dir / "train" / HELD_OUT
    entries = sorted(fragment.rglob("*"))
    odd = [str(p.relative_to(fragment)) for p in entries if p.is_file() and p.suffix not in SUFFIXES]
    if odd:
        raise ValueError(f"{fragment} holds files that are not .png, .csv or .tif (MLE-bench's preparation refuses "
                         f"them): {odd[:3]}")
    labels = pd.read_csv(fragment / "inklabels_rle.csv", float_precision="round_trip")
    if len(labels) != 1 or "Predicted" not in labels.columns:
        raise ValueError(f"{fragment / 'inklabels_rle.csv'} has {len(labels)} rows and columns {list(labels.columns)}; "
                         "MLE-bench expects the fragment's labels as one row with a Predicted column")
    with Image.open(fragment / "ir.png") as photo:
        width, height = photo.size
    labels["width"], labels["height"], labels["Id"] = width, height, TEST_ID

    for name in KEPT:
        shutil.copytree(raw_dir / "train" / name, public / "train" / name, copy_function=link_or_copy)
    test = public / "test" / TEST_ID
    for path in entries:
        if path.is_file() and path.name not in NOT_PUBLIC:
            link_or_copy(path, test / path.relative_to(fragment))
    written = len(list(test.rglob("*"))) if test.exists() else 0
    if written != len(entries) - len(NOT_PUBLIC):
        raise ValueError(f"{fragment} holds {len(entries)} files and folders, so MLE-bench expects {len(entries)} - "
                         f"{len(NOT_PUBLIC)} of them in public/test/{TEST_ID}, but there are {written}: each of "
                         f"{', '.join(NOT_PUBLIC)} must be there once and no folder may hold only those or nothing")
    write_csvs({private / "inklabels_rle.csv": labels,
                private / "gold_submission.csv": labels.drop(columns=["width", "height"]),
                public / "sample_submission.csv": pd.DataFrame({"Id": [TEST_ID], "Predicted": ["1 1 5 1"]})})
