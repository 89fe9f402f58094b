"""Cassava leaf disease: a labelled test set held out of Kaggle's 21,397 training photos by whole
TFRecord files, as MLE-bench does.

MLE-bench splits Kaggle's `train_tfrecords/*.tfrec` files (sorted by name, other files left out)
with scikit-learn's `train_test_split(test_size=0.1, random_state=0)`; the photos named by the
`image_name` feature of the held-out files' records are the test set, every other row of
`train.csv` (read with float_precision "round_trip") is train, both in train.csv's order. What
decides the bytes: pandas' `to_csv` defaults; the sample submission says label 4 everywhere;
the record files are renamed by their place in the split, `ld_train<i>-<n>.tfrec` and
`ld_test<i>-<n>.tfrec` (two digits, `n` kept from the old name after its "-"), their bytes kept;
photos `train_images/<image_id>` go to `public/train_images/` or `public/test_images/`, and
label_num_to_disease_map.json is passed on. Files are hard-linked where possible. The record
files are read without TensorFlow (authoring.tfrecord_strings).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import (link_or_copy, link_or_copy_files, tfrecord_strings, train_test_split, write_csvs)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    records = sorted(p for p in (raw_dir / "train_tfrecords").iterdir() if p.is_file() and p.suffix == ".tfrec")
    train_records, test_records = train_test_split(records, test_size=0.1, random_state=0)
    test_ids = {image for path in test_records for image in tfrecord_strings(path, "image_name")}

    photos = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    held_out = photos["image_id"].isin(test_ids)
    train, test = photos[~held_out], photos[held_out]
    write_csvs({public / "train.csv": train, private / "test.csv": test,
                public / "sample_submission.csv": test.assign(label=4)})

    for paths, kind in ((train_records, "train"), (test_records, "test")):
        (public / f"{kind}_tfrecords").mkdir(parents=True, exist_ok=True)
        for number, path in enumerate(paths):
            count = path.stem.split("-")[1]
            link_or_copy(path, public / f"{kind}_tfrecords" / f"ld_{kind}{number:02d}-{count}.tfrec")
    for rows, folder in ((train, "train_images"), (test, "test_images")):
        link_or_copy_files(rows["image_id"], raw_dir / "train_images", public / folder)
    link_or_copy(raw_dir / "label_num_to_disease_map.json", public / "label_num_to_disease_map.json")
