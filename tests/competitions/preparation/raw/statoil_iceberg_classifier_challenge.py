"""statoil-iceberg-classifier-challenge raw data in small: Kaggle's train.json.7z and test.json.7z,
each holding `data/processed/<name>.json` (a JSON list of records: 8-hex-digit id, band_1 and
band_2 as dB floats with long reprs (4 values instead of 75 x 75), inc_angle a float or the text
"na", is_iceberg 0/1 in train only), plus sample_submission.csv.7z, which MLE-bench ignores."""

from __future__ import annotations

import json
import random
from pathlib import Path

import py7zr

from tests.competitions.preparation.images import hex_id


def _band(rng: random.Random) -> list[float]:
    return [rng.choice([-27.878360999999998, -0.0, -45.594448, rng.uniform(-50, 10)]) for _ in range(4)]


def _records(rng: random.Random, count: int, labelled: bool) -> list[dict]:
    records = []
    for _ in range(count):
        record = {"id": hex_id(rng, 8), "band_1": _band(rng), "band_2": _band(rng),
                  "inc_angle": "na" if rng.random() < 0.1 else rng.choice([43.9239, 38.1562, rng.uniform(30, 46)])}
        if labelled:
            record["is_iceberg"] = int(rng.random() < 0.45)
        records.append(record)
    return records


def _pack(archive: Path, member: str, text: str) -> None:
    with py7zr.SevenZipFile(archive, "w") as target:
        target.writestr(text.encode(), member)


def make(raw: Path, rng: random.Random, rows: int = 40) -> None:
    _pack(raw / "train.json.7z", "data/processed/train.json", json.dumps(_records(rng, rows, True)))
    test = _records(rng, 5, False)
    _pack(raw / "test.json.7z", "data/processed/test.json", json.dumps(test, indent=1))
    _pack(raw / "sample_submission.csv.7z", "sample_submission.csv",
          "id,is_iceberg\n" + "".join(f"{r['id']},0.5\n" for r in test))
