"""Random Acts of Pizza: carve MLE-bench's train/test split out of Kaggle's train.json.

Kaggle's own test.json has no labels, so, as MLE-bench does, the labelled
train.json is split again: the test share is Kaggle's original test fraction
(test rows / all rows), scikit-learn's `train_test_split` with random_state 0
on the list of requests. The new test requests keep only the fields Kaggle's
test.json has (no outcome, no retrieval-time counts). JSON is written with
4-space indents and ASCII escapes, as MLE-bench writes it, so the md5s match.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import train_test_split

ID = "request_id"
TARGET = "requester_received_pizza"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    kaggle_train = json.loads((raw_dir / "train.json").read_text(encoding="utf-8"))
    kaggle_test = json.loads((raw_dir / "test.json").read_text(encoding="utf-8"))
    test_fraction = len(kaggle_test) / (len(kaggle_train) + len(kaggle_test))
    test_fields = list(kaggle_test[0])  # the fields a request has at request time, in Kaggle's order

    train, test = train_test_split(kaggle_train, test_size=test_fraction, random_state=0)
    test_public = [{field: request[field] for field in test_fields} for request in test]

    _write_json(train, public / "train.json")
    _write_json(test_public, public / "test.json")
    # MLE-bench also ships each JSON file zipped (Kaggle's download had train.json.zip / test.json.zip).
    for name in ("train", "test"):
        with zipfile.ZipFile(public / f"{name}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(public / f"{name}.json", arcname=f"{name}.json")

    answers = pd.DataFrame({ID: [r[ID] for r in test], TARGET: [int(r[TARGET]) for r in test]})
    answers.to_csv(private / "test.csv", index=False)
    answers.assign(**{TARGET: 0}).to_csv(public / "sampleSubmission.csv", index=False)


def _write_json(records: list[dict], path: Path) -> None:
    path.write_text(json.dumps(records, indent=4), encoding="utf-8")
