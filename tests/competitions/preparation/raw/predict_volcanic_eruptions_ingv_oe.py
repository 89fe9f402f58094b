"""predict-volcanic-eruptions-ingv-oe raw data in small: Kaggle's train.csv (segment_id, a
positive integer of up to ten digits, and time_to_eruption, an integer count of hundredths of a
second), one sensor segment `train/<segment_id>.csv` per row (ten sensor columns of 6 rows
instead of 60,001, with whole columns and single readings missing, as Kaggle's have), and the
unlabelled test/ segments with Kaggle's sample submission, which MLE-bench leaves out."""

from __future__ import annotations

import csv
import random
from pathlib import Path

SENSORS = [f"sensor_{n}" for n in range(1, 11)]


def _segment(path: Path, rng: random.Random) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    silent = {sensor for sensor in SENSORS if rng.random() < 0.15}  # a sensor that recorded nothing
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(SENSORS)
        for _ in range(6):
            out.writerow(["" if s in silent or rng.random() < 0.05 else f"{rng.gauss(0, 400):.1f}" for s in SENSORS])


def make(raw: Path, rng: random.Random, rows: int = 45) -> None:
    ids = list(dict.fromkeys(rng.choice([rng.randint(1, 999), rng.randint(10**8, 2**31 - 1)]) for _ in range(rows)))
    with open(raw / "train.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["segment_id", "time_to_eruption"])
        for segment in ids:
            out.writerow([segment, rng.choice([6250, rng.randint(6250, 49046087)])])
            _segment(raw / "train" / f"{segment}.csv", rng)
    test = [rng.randint(10**8, 2**31 - 1) for _ in range(4)]
    (raw / "sample_submission.csv").write_text("segment_id,time_to_eruption\n" + "".join(f"{s},0\n" for s in test))
    for segment in test:
        _segment(raw / "test" / f"{segment}.csv", rng)
