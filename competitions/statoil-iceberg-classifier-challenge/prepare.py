"""Statoil/C-CORE iceberg classifier: a labelled test set held out of Kaggle's 1,604 training radar
images, as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench holds out 20% of the records of
`train.json.7z` (its member `data/processed/train.json`, a JSON list) with scikit-learn's
`train_test_split` (random_state 0) on the list itself. What decides the bytes:
- `public/train.json.7z` holds `train.json`, the training records as `json.dump` writes them
  (default separators, keys in their order, floats as Python's repr);
- `public/test.json.7z` holds `test.json`, the held-out records cut to the fields of Kaggle's
  own test records (the first one's keys, in that order), so without is_iceberg;
- `private/test.csv` is id and is_iceberg (as an integer) in the split's order, and
  `private/sample_submission.csv`, also packed as `public/sample_submission.csv.7z`, says 0.5.
Only the members of the 7z archives, not the archives' bytes, are MLE-bench's.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import py7zr

from pytest_mlebench.data.authoring import train_test_split, write_csvs


@contextmanager
def _unpacked(archive: Path) -> Iterator[Path]:
    """The JSON file that Kaggle's `<name>.json.7z` holds as `data/processed/<name>.json`, unpacked."""
    with tempfile.TemporaryDirectory() as unpacked:
        with py7zr.SevenZipFile(archive, mode="r") as source:
            source.extractall(unpacked)
        yield Path(unpacked) / "data" / "processed" / archive.name.removesuffix(".7z")


def _first_record_fields(path: Path) -> list[str]:
    """The keys of the first record of a JSON list, parsed from the file's start alone: Kaggle's
    test.json is about 1.5 GB, and MLE-bench keeps the first test record's fields."""
    decoder, text = json.JSONDecoder(), ""
    with open(path) as handle:
        while True:
            chunk = handle.read(1 << 20)
            text += chunk
            start = text.index("[") + 1
            start += len(text[start:]) - len(text[start:].lstrip())
            try:
                return list(decoder.raw_decode(text, start)[0])
            except json.JSONDecodeError:
                if not chunk:
                    raise


def _pack(archive: Path, name: str, data: bytes) -> None:
    with py7zr.SevenZipFile(archive, "w") as target:
        target.writestr(data, name)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    with _unpacked(raw_dir / "train.json.7z") as path, open(path) as handle:
        records = json.load(handle)
    with _unpacked(raw_dir / "test.json.7z") as path:
        test_fields = _first_record_fields(path)
    train, test = train_test_split(records, test_size=0.2, random_state=0)
    public.mkdir(parents=True, exist_ok=True)
    _pack(public / "train.json.7z", "train.json", json.dumps(train).encode())
    unlabelled = [{key: record[key] for key in test_fields} for record in test]
    _pack(public / "test.json.7z", "test.json", json.dumps(unlabelled).encode())

    answers = pd.DataFrame([{"id": record["id"], "is_iceberg": int(record["is_iceberg"])} for record in test])
    write_csvs({private / "test.csv": answers, private / "sample_submission.csv": answers.assign(is_iceberg=0.5)})
    _pack(public / "sample_submission.csv.7z", "sample_submission.csv", (private / "sample_submission.csv").read_bytes())
