"""seti-breakthrough-listen raw data in small: Kaggle's train_labels.csv, one float16 cadence
`train/<first char>/<id>.npy` per row (6 x 4 x 4 instead of 6 x 273 x 256), the unlabelled
test/ folder and Kaggle's old_leaky_data folder (which MLE-bench passes on whole). Ids are 15
hex digits; some are all digits with leading zeros or look like floats ("1e5..."), and the
positive class is rare."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np

from tests.competitions.preparation.images import hex_id


def _id(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return "1e5" + "".join(rng.choice("0123456789") for _ in range(12))
    return hex_id(rng, 15)


def _cadence(path: Path, rng: random.Random) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = np.random.default_rng(rng.randrange(2**32)).standard_normal((6, 4, 4)).astype(np.float16)
    np.save(path, data)


def make(raw: Path, rng: random.Random, rows: int = 70) -> None:
    ids = list(dict.fromkeys(_id(rng) for _ in range(rows)))
    with open(raw / "train_labels.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "target"])
        for file_id in ids:
            out.writerow([file_id, int(rng.random() < 0.1)])
            _cadence(raw / "train" / file_id[0] / f"{file_id}.npy", rng)
    test_ids = [_id(rng) for _ in range(5)]
    with open(raw / "sample_submission.csv", "w", newline="") as handle:
        handle.write("id,target\n" + "".join(f"{i},0.5\n" for i in test_ids))
    for file_id in test_ids:
        _cadence(raw / "test" / file_id[0] / f"{file_id}.npy", rng)
    leaky = raw / "old_leaky_data"
    (leaky / "train_labels_old.csv").parent.mkdir(parents=True)
    old = [_id(rng) for _ in range(6)]
    (leaky / "train_labels_old.csv").write_text("id,target\n" + "".join(f"{i},{n % 2}\n" for n, i in enumerate(old)))
    (leaky / "sample_submission_old.csv").write_text("id,target\n" + "".join(f"{i},0.5\n" for i in old[:2]))
    for file_id in old[2:]:
        _cadence(leaky / "train_old" / file_id[0] / f"{file_id}.npy", rng)
    for file_id in old[:2]:
        _cadence(leaky / "test_old" / file_id[0] / f"{file_id}.npy", rng)
