"""iWildCam 2019: a labelled test set of whole camera locations held out of Kaggle's 196,157
training photos, as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench splits the distinct locations of
`train.csv` (read with float_precision "round_trip", in order of first appearance) with
`train_test_split(test_size=0.1, random_state=8)`; a photo is a test photo when its location is
a test location (a missing location never is). What decides the bytes: rows keep the file's
order and are written with pandas' `to_csv` defaults; private/test.csv is the test rows whole,
public/test.csv without category_id, private/answers.csv "Id,Category"; the sample submission
(Category 0) is written with its index, the test rows' positions in train.csv, as an unnamed
first column.

The photos `<id>.jpg` at the top of `train_images.zip`: MLE-bench unpacks the archive into the
raw folder, copies the photos out and zips them again as public/train_images.zip and
public/test_images.zip. We read the raw archive member by member into the two new archives:
nothing is written into the raw folder. Their members are MLE-bench's (names and bytes); the
archives themselves are deterministic and stored rather than deflated, which MLE-bench's are not.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import repack_zip, train_test_split

TEST_SIZE, RANDOM_STATE = 0.1, 8  # MLE-bench chose seed 8 to bring the test share near Kaggle's


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    photos = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    _, test_locations = train_test_split(photos["location"].unique(), test_size=TEST_SIZE, random_state=RANDOM_STATE)
    held = photos["location"].isin(test_locations) & photos["location"].notna()
    train, test = photos[~held], photos[held]

    test.to_csv(private / "test.csv", index=False)
    test[["id", "category_id"]].rename(columns={"id": "Id", "category_id": "Category"}).to_csv(
        private / "answers.csv", index=False)
    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=["category_id"]).to_csv(public / "test.csv", index=False)
    pd.DataFrame({"Id": test["id"], "Category": 0}).to_csv(public / "sample_submission.csv", index=True)

    with zipfile.ZipFile(raw_dir / "train_images.zip") as source:
        for rows, name in ((train, "train_images.zip"), (test, "test_images.zip")):
            repack_zip(source, {f"{ident}.jpg": f"{ident}.jpg" for ident in rows["id"]}, public / name)
