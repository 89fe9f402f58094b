"""stanford-covid-vaccine raw data in small: Kaggle's train.json and test.json (JSON lines; ids
"id_" + 9 hex digits, some all digits; RNA sequences of 14 bases of which the first 9 are
scored instead of 107 and 68), sample_submission.csv. Rows with SN_filter 0 are common (MLE-bench
never draws them), signal_to_noise is sometimes a whole number, and the measured values carry
more than ten decimals, negative values and integral values, so pandas' JSON rounding and float
formatting are exercised."""

from __future__ import annotations

import json
import random
from pathlib import Path

LENGTH, SCORED = 14, 9
TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]
ERRORS = ["reactivity_error", "deg_error_Mg_pH10", "deg_error_pH10", "deg_error_Mg_50C", "deg_error_50C"]


def _id(rng: random.Random) -> str:
    digits = "0123456789" if rng.random() < 0.1 else "0123456789abcdef"
    return "id_" + "".join(rng.choice(digits) for _ in range(9))


def _value(rng: random.Random):
    return rng.choice([round(rng.uniform(-0.5, 4), 4), rng.uniform(-1, 10), 0.0, 1, rng.uniform(0, 1e-6)])


def _sequence(rng: random.Random, record_id: str, index: int) -> dict:
    return {"index": index, "id": record_id, "sequence": "".join(rng.choice("ACGU") for _ in range(LENGTH)),
            "structure": "".join(rng.choice(".()") for _ in range(LENGTH)),
            "predicted_loop_type": "".join(rng.choice("SMIBHEX") for _ in range(LENGTH))}


def make(raw: Path, rng: random.Random, rows: int = 44) -> None:
    ids = list(dict.fromkeys(_id(rng) for _ in range(rows)))
    with open(raw / "train.json", "w") as handle:
        for index, record_id in enumerate(ids):
            record = _sequence(rng, record_id, index)
            record.update({"signal_to_noise": rng.choice([round(rng.uniform(0, 15), 3), 2.0]),
                           "SN_filter": int(rng.random() < 0.6), "seq_length": LENGTH, "seq_scored": SCORED})
            record.update({name: [_value(rng) for _ in range(SCORED)] for name in ERRORS + TARGETS})
            handle.write(json.dumps(record) + "\n")
    test_ids = [_id(rng) for _ in range(3)]
    with open(raw / "test.json", "w") as handle:
        for index, record_id in enumerate(test_ids):
            record = _sequence(rng, record_id, index)
            record.update({"seq_length": LENGTH, "seq_scored": SCORED})
            handle.write(json.dumps(record) + "\n")
    with open(raw / "sample_submission.csv", "w") as handle:
        handle.write("id_seqpos," + ",".join(TARGETS) + "\n")
        for record_id in test_ids:
            handle.writelines(f"{record_id}_{j}" + ",0.0" * len(TARGETS) + "\n" for j in range(LENGTH))
