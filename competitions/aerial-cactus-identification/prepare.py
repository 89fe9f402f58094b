"""Aerial cactus: carve a labelled test set out of Kaggle's 17,500 training images.

MLE-bench keeps Kaggle's test images out of reach (their labels were never
published) and instead holds out 19% of `train.csv` (random_state 0), which
gives about the 4,000 test images Kaggle had. The CSV files below are
byte-identical to MLE-bench's (checked by md5 in the tests). The images go
into `public/train.zip` and `public/test.zip` with each image at the top of
the archive (`<id>.jpg`), as MLE-bench packs them; the archives themselves
are written deterministically (sorted names, fixed timestamps), which
MLE-bench does not do, so only their members, not their bytes, match its.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from pytest_mlebench.data.authoring import split_train_csv

TEST_SIZE = 0.19
TARGET = "has_cactus"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed member timestamps: same archive bytes on every preparation


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    train, test = split_train_csv(raw_dir, public, private, test_size=TEST_SIZE)
    # Row order is the shuffled order train_test_split returns; the original index is dropped.
    train.to_csv(public / "train.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    sample = test.copy()
    sample[TARGET] = 0.5
    sample.to_csv(public / "sample_submission.csv", index=False)

    # The raw archive holds `train/<id>.jpg`; copy each image's bytes into its new archive
    # without unpacking 17,500 files to disk.
    with zipfile.ZipFile(raw_dir / "train.zip") as source:
        for ids, archive in ((train["id"], public / "train.zip"), (test["id"], public / "test.zip")):
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as target:
                for image_id in sorted(ids):
                    member = zipfile.ZipInfo(image_id, date_time=ZIP_DATE)
                    member.compress_type = zipfile.ZIP_DEFLATED
                    member.external_attr = 0o644 << 16
                    target.writestr(member, source.read(f"train/{image_id}"))
