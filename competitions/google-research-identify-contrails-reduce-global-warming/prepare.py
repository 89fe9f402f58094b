"""Google Research - Identify Contrails: as many training records held out as the test set as
Kaggle has validation records, as MLE-bench does.

Kaggle's test masks were never published, so MLE-bench splits the records of
`train_metadata.json` (a JSON list) with scikit-learn's `train_test_split` (test_size = the
number of records of `validation_metadata.json`, random_state 0) on the list itself. What
decides the bytes:
- private/answers.csv (pandas' `to_csv` defaults, the split's order): record_id, the record's
  `human_pixel_masks.npy` run-length encoded ("start length ..." over the pixels equal to 1,
  1-based, column after column; "-" when there are none), and the height and width of its
  `band_08.npy` (only the header is read);
- public/sample_submission.csv: the same rows with encoded_pixels drawn for each row, in order,
  by `random.choice(["1 3 10 5", "-"])` of a generator seeded with 0;
- public/train_metadata.json: the training records as `json.dumps` writes them (default
  separators, ASCII, keys in their order); validation_metadata.json passed on unchanged.
Each training record keeps band_08 to band_16 and both human masks in public/train/<id>/, a
test record only its bands in public/test/<id>/, and Kaggle's validation/ folder is passed on
whole; every file is hard-linked where the filesystem allows (the raw data is ~450 GB), and
memory holds one mask at a time. As MLE-bench does, a missing raw `validation/` folder is
created (empty) in the raw folder, after the records are placed.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy, train_test_split, write_csvs

BANDS = tuple(f"band_{n:02d}.npy" for n in range(8, 17))
MASKS = ("human_individual_masks.npy", "human_pixel_masks.npy")
GUESSES = ("1 3 10 5", "-")  # what the sample submission draws from, seeded with SAMPLE_SEED
SAMPLE_SEED = 0


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    records = json.loads((raw_dir / "train_metadata.json").read_text(encoding="utf-8"))
    validation = json.loads((raw_dir / "validation_metadata.json").read_text(encoding="utf-8"))
    _check(records, raw_dir)
    train, test = train_test_split(records, test_size=len(validation), random_state=0)
    answers = pd.DataFrame([_answer(raw_dir / "train" / r["record_id"]) for r in test],
                           columns=["record_id", "encoded_pixels", "height", "width"])
    for folder, part, names in (("train", train, BANDS + MASKS), ("test", test, BANDS)):
        for record in part:
            for name in names:
                link_or_copy(raw_dir / "train" / record["record_id"] / name, public / folder / record["record_id"] / name)
    (raw_dir / "validation").mkdir(parents=True, exist_ok=True)
    shutil.copytree(raw_dir / "validation", public / "validation", copy_function=link_or_copy, dirs_exist_ok=True)
    link_or_copy(raw_dir / "validation_metadata.json", public / "validation_metadata.json")
    (public / "train_metadata.json").write_text(json.dumps(train))
    draw = random.Random(SAMPLE_SEED)
    write_csvs({private / "answers.csv": answers,
                public / "sample_submission.csv": answers.assign(encoded_pixels=[draw.choice(GUESSES) for _ in test])})


def run_length(mask: np.ndarray) -> str:
    """The pixels equal to 1 as "start length ..." runs over the transposed mask flattened (so
    down each column first), starts 1-based; "-" when there are none."""
    dots = np.flatnonzero(mask.T.ravel() == 1)
    if not dots.size:
        return "-"
    breaks = np.flatnonzero(np.diff(dots) > 1)
    starts = np.concatenate((dots[:1], dots[breaks + 1]))
    ends = np.concatenate((dots[breaks], dots[-1:]))
    return " ".join(map(str, np.column_stack((starts + 1, ends - starts + 1)).ravel().tolist()))


def _answer(record: Path) -> dict:
    shape = np.load(record / "band_08.npy", mmap_mode="r").shape  # the header only
    if len(shape) != 3:
        raise ValueError(f"{record / 'band_08.npy'} has shape {shape}; expected (height, width, time steps)")
    return {"record_id": record.name, "encoded_pixels": run_length(np.load(record / "human_pixel_masks.npy")),
            "height": shape[0], "width": shape[1]}


def _check(records: list, raw_dir: Path) -> None:
    """Refuse what MLE-bench's preparation would stop on, before anything is written."""
    ids = [r.get("record_id") if isinstance(r, dict) else None for r in records]
    odd = [i for i in ids if not isinstance(i, str)]
    if odd:
        raise ValueError(f"{raw_dir / 'train_metadata.json'}: {len(odd)} record(s) without a text record_id, e.g. {odd[:3]}")
    if len(set(ids)) != len(ids):
        raise ValueError(f"{raw_dir / 'train_metadata.json'} lists a record_id twice; Kaggle's are unique")
