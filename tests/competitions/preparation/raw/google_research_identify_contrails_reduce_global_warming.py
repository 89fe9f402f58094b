"""google-research-identify-contrails-reduce-global-warming raw data in small: Kaggle's
train_metadata.json and validation_metadata.json (lists of records: a 19-digit numeric-looking
record_id string, a projection_wkt with quotes and a non-ASCII degree sign, floats such as 0.10,
1e-05 and 1555264800.0 that json reads and writes back differently), and a folder per record,
train/<id>/ with band_08.npy ... band_16.npy (float16, height x width x 8 time steps, the size
varying by record), human_pixel_masks.npy (int32, height x width x 1, empty for some records,
runs across columns for others) and human_individual_masks.npy (a mask per annotator), plus a
stray file MLE-bench does not copy; validation/<id>/ alike without individual masks; Kaggle's
test/ folder and the sample submission MLE-bench ignores."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np

WKT = 'PROJCS["unknown",GEOGCS["unknown",DATUM["WGS_1984"],UNIT["degree °",0.0174532925199433]]]'


def _record_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        record_id = str(rng.randint(10**17, 10**19 - 1))
        if record_id not in taken:
            taken.add(record_id)
            return record_id


def _metadata(rng: random.Random, record_id: str) -> dict:
    return {"record_id": record_id, "projection_wkt": WKT, "row_min": round(rng.uniform(-3e6, 3e6), 6),
            "row_size": rng.choice([2000.0, 1999.99981]), "col_min": rng.choice([0.10, 1e-05, -458.25]),
            "col_size": 2000.0, "timestamp": rng.choice([1555264800.0, 1589700000.0])}


def _record(folder: Path, rng: random.Random, individual: bool) -> None:
    folder.mkdir(parents=True)
    seed = np.random.default_rng(rng.randrange(2**32))
    height, width = rng.randint(2, 6), rng.randint(2, 6)
    for n in range(8, 17):
        np.save(folder / f"band_{n:02d}.npy", seed.uniform(200, 300, (height, width, 8)).astype(np.float16))
    density = rng.choice([0.0, 0.0, 0.3, 0.7])
    pixels = (seed.random((height, width, 1)) < density).astype(np.int32)
    np.save(folder / "human_pixel_masks.npy", pixels)
    if individual:
        annotators = rng.randint(1, 4)
        np.save(folder / "human_individual_masks.npy", (seed.random((height, width, 1, annotators)) < density).astype(np.int32))
        if rng.random() < 0.2:
            (folder / "notes.txt").write_text("not a band")


def _kaggle_json(records: list[dict]) -> str:
    """Compact JSON, UTF-8, with number texts that Python's json writes back otherwise."""
    text = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
    for canonical, kaggle in (('"col_size":2000.0', '"col_size":2000.00'), ('"col_min":0.1,', '"col_min":0.10,'),
                              ("1589700000.0", "1.5897E9")):
        text = text.replace(canonical, kaggle)
    return text


def make(raw: Path, rng: random.Random, records: int = 30, validation: int = 4) -> None:
    taken: set[str] = set()
    train = [_record_id(rng, taken) for _ in range(records)]
    held = [_record_id(rng, taken) for _ in range(validation)]
    for record_id in train:
        _record(raw / "train" / record_id, rng, individual=True)
    for record_id in held:
        _record(raw / "validation" / record_id, rng, individual=False)
    _record(raw / "test" / _record_id(rng, taken), rng, individual=False)
    (raw / "train_metadata.json").write_text(_kaggle_json([_metadata(rng, i) for i in train]), encoding="utf-8")
    (raw / "validation_metadata.json").write_text(_kaggle_json([_metadata(rng, i) for i in held]), encoding="utf-8")
    (raw / "sample_submission.csv").write_text("record_id,encoded_pixels\n1000834164244036115,1 3 10 5\n")
