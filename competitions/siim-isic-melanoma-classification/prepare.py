"""SIIM-ISIC Melanoma: two of Kaggle's sixteen training TFRecord shards become the test set.

MLE-bench takes the images stored in `tfrecords/train00-2071.tfrec` and
`train06-2071.tfrec` (2 × 2,071 of the 33,126 labelled images, about 10%) as its
test set, reading each record's `image_name`. CSV rows keep train.csv's order.
DICOM and JPEG files are copied into `train/`, `test/`, `jpeg/train/`, `jpeg/test/`;
the shards are copied into `tfrecords/` renamed `trainNN-<count>.tfrec` /
`testNN-<count>.tfrec`, numbered in sorted order. TFRecord files are read with a
few lines of protobuf decoding below, so TensorFlow is not needed.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pandas as pd

TEST_SHARDS = {"train00-2071.tfrec", "train06-2071.tfrec"}
TEST_COLUMNS = ["image_name", "patient_id", "sex", "age_approx", "anatom_site_general_challenge"]


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir = Path(raw_dir)
    labels = pd.read_csv(raw_dir / "train.csv")  # MLE-bench reads it with pandas' default float parser
    test_names = set()
    for shard in TEST_SHARDS:
        test_names.update(tfrecord_image_names(raw_dir / "tfrecords" / shard))
    in_test = labels["image_name"].isin(test_names)
    train, test = labels[~in_test], labels[in_test]
    answers = test[["image_name", "target"]]
    sample = answers.copy()
    sample["target"] = 0

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    train.to_csv(public / "train.csv", index=False)
    test[TEST_COLUMNS].to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)

    for part, names in (("train", train["image_name"]), ("test", test["image_name"])):
        (public / part).mkdir(parents=True, exist_ok=True)
        (public / "jpeg" / part).mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copy(raw_dir / "train" / f"{name}.dcm", public / part / f"{name}.dcm")
            shutil.copy(raw_dir / "jpeg" / "train" / f"{name}.jpg", public / "jpeg" / part / f"{name}.jpg")

    (public / "tfrecords").mkdir(parents=True, exist_ok=True)
    counters = {"train": 0, "test": 0}
    for shard in sorted((raw_dir / "tfrecords").glob("train*.tfrec")):
        part = "test" if shard.name in TEST_SHARDS else "train"
        records = shard.stem.split("-")[1]  # "train00-2071" holds 2071 records
        shutil.copy(shard, public / "tfrecords" / f"{part}{counters[part]:02d}-{records}.tfrec")
        counters[part] += 1


def tfrecord_image_names(path: Path, feature: str = "image_name") -> list[str]:
    """The `feature` bytes of every tf.train.Example in a TFRecord file, decoded as UTF-8.

    A TFRecord file is a sequence of [uint64 length][uint32 crc][payload][uint32 crc];
    each payload is an Example: field 1 Features, whose field 1 entries map a name
    (field 1) to a Feature (field 2) whose field 1 is a BytesList of values (field 1).
    """
    data, names, at = Path(path).read_bytes(), [], 0
    while at < len(data):
        (length,) = struct.unpack_from("<Q", data, at)
        payload = data[at + 12 : at + 12 + length]
        at += 12 + length + 4
        for features in _fields(payload, 1):
            for entry in _fields(features, 1):
                if next(iter(_fields(entry, 1)), b"").decode() == feature:
                    value = next(iter(_fields(entry, 2)))
                    names.append(next(iter(_fields(next(iter(_fields(value, 1))), 1))).decode("utf-8"))
    return names


def _fields(message: bytes, number: int) -> list[bytes]:
    """The length-delimited values of field `number` in a protobuf message (other fields skipped)."""
    found, at = [], 0
    while at < len(message):
        key, at = _varint(message, at)
        kind = key & 7
        if kind == 0:
            _, at = _varint(message, at)
        elif kind == 1:
            at += 8
        elif kind == 5:
            at += 4
        elif kind == 2:
            size, at = _varint(message, at)
            if key >> 3 == number:
                found.append(message[at : at + size])
            at += size
        else:
            raise ValueError(f"unsupported protobuf wire type {kind}")
    return found


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at
