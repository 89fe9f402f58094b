"""Cdiscount: a labelled test set held out of Kaggle's 7,069,896 training products, as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench reads every product's `_id` and
`category_id` from the raw `train.bson` (in file order) and splits them with scikit-learn's
`train_test_split` (test_size 0.1, random_state 0). private/answers.csv is the held-out
products sorted by `_id`; public/sample_submission.csv the same ids with category_id
1000010653 (pandas' `to_csv` defaults both). public/train.bson and public/test.bson are the
raw documents of each side in file order, test.bson's without their category_id element;
public/train_example.bson the first 100 documents of the new train.bson; category_names.csv
is copied as it is.

What decides the bytes of the BSON files: MLE-bench decodes each document with pymongo and
encodes it again, which gives back the same bytes for Kaggle's documents (int32/int64 kept,
arrays of binary pictures) except that pymongo writes `_id` first in a top-level document.
Here documents are not decoded: their elements are kept as bytes and `_id` moved first.
The 58 GB file is streamed document by document (memory: the ids and categories, not the
pictures: 16 bytes a product), once for the ids and once more to write all three files,
which reads the documents in the same order and so knows each one's side by its position.
"""

from __future__ import annotations

import shutil
from array import array
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.authoring import bson_document, bson_documents, bson_elements, train_test_split, write_csvs

SAMPLE_CATEGORY = 1000010653
EXAMPLE_ROWS = 100


def _elements(document: bytes) -> list:
    """A document's elements with `_id` first, as pymongo encodes a top-level document."""
    elements = bson_elements(document)
    return [e for e in elements if e[0] == "_id"] + [e for e in elements if e[0] != "_id"]


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    source = raw_dir / "train.bson"
    ids, categories = array("q"), array("q")  # 16 bytes a product, whatever its pictures weigh
    for number, document in enumerate(bson_documents(source)):
        values = {name: value for name, value, _ in bson_elements(document)}
        if not all(isinstance(values.get(key), int) for key in ("_id", "category_id")):
            raise ValueError(f"{source}: document {number} has no integer _id and category_id")
        ids.append(values["_id"])
        categories.append(values["category_id"])
    table = pd.DataFrame({"_id": np.frombuffer(ids, np.int64), "category_id": np.frombuffer(categories, np.int64)})
    if table["_id"].duplicated().any():
        raise ValueError(f"{source}: duplicated _id values (MLE-bench's split refuses them)")
    train, answers = train_test_split(table, test_size=0.1, random_state=0)
    answers = answers.sort_values(by="_id")
    held_out = np.zeros(len(table), dtype=bool)  # by document position: the second pass reads the same order
    held_out[answers.index.to_numpy()] = True
    write_csvs({private / "answers.csv": answers,
                public / "sample_submission.csv": answers[["_id"]].assign(category_id=SAMPLE_CATEGORY)})
    examples = 0
    with open(public / "train.bson", "wb") as train_out, open(public / "test.bson", "wb") as test_out, \
            open(public / "train_example.bson", "wb") as example_out:
        for number, document in enumerate(bson_documents(source)):
            elements = _elements(document)
            if held_out[number]:
                test_out.write(bson_document([e for e in elements if e[0] != "category_id"]))
                continue
            data = bson_document(elements)
            train_out.write(data)
            if examples < EXAMPLE_ROWS:
                example_out.write(data)
                examples += 1
    shutil.copyfile(raw_dir / "category_names.csv", public / "category_names.csv")
