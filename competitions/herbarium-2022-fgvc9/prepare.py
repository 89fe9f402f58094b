"""Herbarium 2022: a labelled test set held out of Kaggle's ~840,000 training sheets, per species,
as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench splits `train_metadata.json` (a
COCO-style file whose images are keyed by "image_id") 80/20 per category with
`train_test_split` alone: every category must have two sheets or more (Kaggle's do). The
shared part is pytest_mlebench/data/authoring/coco.py (it says what decides the bytes); unlike
herbarium 2020/2021, the train sheets are renumbered too, within their category, as
`<category, 5 digits>__<n from 1, 3 digits>` stored as `<category // 100>/<category % 100>/<id>.jpg`,
and the shuffled test sheets become "0", "1", ... stored as `<n // 1000>/test-<n, 6 digits>.jpg`.
public/test_metadata.json is only the list of test images; the sample submission predicts 42.
Sheets are hard-linked from `train_images/` where the filesystem allows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import (INDENTED, link_or_copy, paired_samples, read_metadata, renamed,
                                            split_per_category, with_samples, write_csvs, write_json)

SAMPLE_GUESS = 42


def _train_renamed(category: int, group: list) -> list:
    folder = f"{category // 100:03d}/{category % 100:02d}"
    return renamed(group, "image_id", lambda n: f"{category:05d}__{n + 1:03d}",
                   lambda n: f"{folder}/{category:05d}__{n + 1:03d}.jpg")


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    metadata = read_metadata(raw_dir / "train_metadata.json")
    split = split_per_category(paired_samples(metadata, image_id="image_id"), 0.2, small_rule=False)
    originals = split.train_samples()
    train = [sample for category, group in split.train.items() for sample in _train_renamed(category, group)]
    shuffled = split.shuffled_test()
    test = renamed(shuffled, "image_id", str, lambda n: f"{n // 1000:03d}/test-{n:06d}.jpg")

    sheets = raw_dir / "train_images"
    for folder, pairs in (("train_images", zip(originals, train)), ("test_images", zip(shuffled, test))):
        for original, sample in pairs:
            link_or_copy(sheets / original.image["file_name"], public / folder / sample.image["file_name"])
    write_json(public / "train_metadata.json", with_samples(metadata, train), **INDENTED)
    write_json(public / "test_metadata.json", [sample.image for sample in test], **INDENTED)
    ids = [sample.image["image_id"] for sample in test]
    write_csvs({private / "answers.csv": pd.DataFrame(
                    {"Id": ids, "Predicted": [sample.annotation["category_id"] for sample in test]}),
                public / "sample_submission.csv": pd.DataFrame({"Id": ids, "Predicted": SAMPLE_GUESS})})
