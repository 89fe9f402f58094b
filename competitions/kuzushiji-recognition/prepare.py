"""Kuzushiji Recognition: 10% of Kaggle's labelled page images held out as the test set, as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench splits `train.csv` (read with
float_precision "round_trip") with scikit-learn's `train_test_split` (test_size 0.1,
random_state 0). What decides the bytes: rows stay in the split's shuffled order and are
written with pandas' `to_csv` defaults; the sample submission gives every held-out page the
same guess, "U+003F 1 1 U+FF2F 2 2"; private/gold_submission.csv turns each "class x y w h"
box of the answers into "class x+1 y+1" (a point just inside the box). `unicode_translation.csv`
is passed on unchanged. The pages `<image_id>.jpg` are read from `train_images.zip` member by
member and written to public/train_images.zip and public/test_images.zip (top-level members),
deterministically (sorted names, fixed timestamps), which MLE-bench does not do, so only the
archives' members match its. A held-out page without labels has no gold answer: refused.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy, train_test_split, write_csvs

GUESS = "U+003F 1 1 U+FF2F 2 2"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _gold(labels: str) -> str:
    if not isinstance(labels, str):
        raise ValueError(f"a held-out page has no labels ({labels!r}); MLE-bench's preparation fails on it")
    parts = labels.split()
    if len(parts) % 5:
        raise ValueError(f"labels are not 'class x y w h' groups: {labels[:80]!r}")
    return " ".join(f"{c} {int(x) + 1} {int(y) + 1}" for c, x, y in zip(parts[0::5], parts[1::5], parts[2::5]))


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    pages = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    train, test = train_test_split(pages, test_size=0.1, random_state=0)
    gold = test.assign(labels=[_gold(labels) for labels in test["labels"]])
    write_csvs({public / "train.csv": train, private / "test.csv": test,
                public / "sample_submission.csv": test.assign(labels=GUESS),
                private / "gold_submission.csv": gold})
    with zipfile.ZipFile(raw_dir / "train_images.zip") as source:
        for rows, name in ((train, "train_images.zip"), (test, "test_images.zip")):
            with zipfile.ZipFile(public / name, "w", zipfile.ZIP_DEFLATED) as archive:
                for member in sorted(f"{image_id}.jpg" for image_id in rows["image_id"]):
                    info = zipfile.ZipInfo(member, date_time=ZIP_DATE)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, source.read(member))
    link_or_copy(raw_dir / "unicode_translation.csv", public / "unicode_translation.csv")
