"""Hotel-ID 2021: a labelled test set held out of Kaggle's 97,554 training photos, as MLE-bench does.

Kaggle's test set was hidden, so MLE-bench holds out 10% of `train.csv` (scikit-learn's
`train_test_split`, random_state 0, on the frame read with float_precision "round_trip") after
dropping both rows of `ce27d36c9147cc19.jpg`, the one file name Kaggle lists twice (it could
otherwise land on both sides). What decides the bytes: the rows keep the split's shuffled order
and are written with pandas' `to_csv` defaults; the sample submission predicts the same five
hotels "36363 53586 18807 64314 60181" for every test photo. A photo
`train_images/<chain>/<image>` keeps its chain folder under `public/train_images/` but sits
flat in `public/test_images/` (hard-linked where possible).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy, train_test_split, write_csvs

TWICE_LISTED = "ce27d36c9147cc19.jpg"
SAMPLE_HOTELS = "36363 53586 18807 64314 60181"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    listing = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    listing = listing[listing["image"] != TWICE_LISTED]
    train, test = train_test_split(listing, test_size=0.1, random_state=0)
    write_csvs({public / "train.csv": train, private / "test.csv": test,
                public / "sample_submission.csv": test[["image", "hotel_id"]].assign(hotel_id=SAMPLE_HOTELS)})

    photos = raw_dir / "train_images"
    (public / "test_images").mkdir(parents=True, exist_ok=True)
    for image, chain in zip(train["image"], train["chain"]):
        link_or_copy(photos / str(chain) / image, public / "train_images" / str(chain) / image)
    for image, chain in zip(test["image"], test["chain"]):
        link_or_copy(photos / str(chain) / image, public / "test_images" / image)
