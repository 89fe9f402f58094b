"""icecube-neutrinos-in-deep-ice raw data in small: Kaggle's train_meta.parquet (batch_id,
event_id, first/last pulse index, azimuth and zenith as full-precision doubles), written by
pyarrow in many small row groups so that both sides read across row-group boundaries, and with
seed 1 from a pandas frame whose index is stored as a column (pandas' metadata names it, so a
reader through pandas makes it the index again); one tiny pulse file `train/batch_<n>.parquet`
per batch, plus one that train_meta.parquet does not name (MLE-bench leaves it out),
sensor_geometry.csv, and Kaggle's test files, which MLE-bench ignores."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def _pulses(path: Path, rng: random.Random, events: list[int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [(event, rng.randrange(5160), rng.randint(5000, 20000), rng.random() * 3, rng.random() < 0.5)
            for event in events for _ in range(rng.randint(1, 3))]
    frame = pd.DataFrame(rows, columns=["event_id", "sensor_id", "time", "charge", "auxiliary"]).set_index("event_id")
    pq.write_table(pa.Table.from_pandas(frame), path)


def make(raw: Path, rng: random.Random, batches: int = 20) -> None:
    rows, event = [], rng.randint(20, 30)
    for batch in range(1, batches + 1):
        events, pulse = [], 0
        for _ in range(rng.randint(3, 9)):
            event += rng.randint(1, 40)
            length = rng.randint(1, 60)
            rows.append((batch, event, pulse, pulse + length - 1, rng.random() * 2 * math.pi, rng.random() * math.pi))
            events.append(event)
            pulse += length
        _pulses(raw / "train" / f"batch_{batch}.parquet", rng, events)
    _pulses(raw / "train" / f"batch_{batches + 40}.parquet", rng, [1])
    columns = ["batch_id", "event_id", "first_pulse_index", "last_pulse_index", "azimuth", "zenith"]
    meta = pd.DataFrame(rows, columns=columns)
    stored_index = len(rows) % 2 == 0  # seed 0: a plain frame, seed 1: its index stored
    if stored_index:
        meta.index = [rng.randrange(10 ** 6) for _ in range(len(meta))]
    pq.write_table(pa.Table.from_pandas(meta, preserve_index=stored_index), raw / "train_meta.parquet", row_group_size=7)

    sensors = pd.DataFrame({"sensor_id": range(6), "x": [rng.uniform(-570, 577) for _ in range(6)],
                            "y": [rng.uniform(-521, 510) for _ in range(6)], "z": [-512.82, -500.35, -488.88,
                                                                                     -477.41, -465.94, -454.47]})
    sensors.to_csv(raw / "sensor_geometry.csv", index=False)
    test = pd.DataFrame([(661, 2092, 0, 298)], columns=columns[:4])
    pq.write_table(pa.Table.from_pandas(test, preserve_index=False), raw / "test_meta.parquet")
    _pulses(raw / "test" / "batch_661.parquet", rng, [2092])
    submission = pd.DataFrame({"event_id": [2092], "azimuth": [1.0], "zenith": [1.0]})
    pq.write_table(pa.Table.from_pandas(submission, preserve_index=False), raw / "sample_submission.parquet")
