"""ventilator-pressure-prediction raw data in small: Kaggle's train.csv (id, breath_id, R, C,
time_step, u_in, u_out, pressure), with breath ids ascending but with gaps, a few rows of one
breath stored among another's (so a breath's rows are not contiguous in the file), breaths of
unequal length, and floats whose "%.10g" form rounds, goes to exponent notation (1e-05) or is
negative."""

from __future__ import annotations

import csv
import random
from pathlib import Path


def _float(rng: random.Random, value: float) -> str:
    return repr(value) if rng.random() < 0.9 else repr(round(value, 2))


def make(raw: Path, rng: random.Random, breaths: int = 26) -> None:
    rows = []
    breath_id = 0
    for _ in range(breaths):
        breath_id += rng.randint(1, 4)
        r, c = rng.choice((5, 20, 50)), rng.choice((10, 20, 50))
        for step in range(rng.randint(14, 20)):
            u_in = rng.choice((0.0, 1e-05, rng.random() * 1e-7, rng.random() * 100))
            pressure = rng.uniform(-1.9, 64.8)
            rows.append([breath_id, r, c, _float(rng, step * 0.0336 + rng.random() * 1e-3), _float(rng, u_in),
                         int(step > 10), _float(rng, pressure)])
    for _ in range(4):  # a few rows out of their breath's block
        position = rng.randrange(len(rows) - 30)
        rows.insert(position + rng.randint(20, 29), rows.pop(position))
    with open(raw / "train.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "breath_id", "R", "C", "time_step", "u_in", "u_out", "pressure"])
        for number, row in enumerate(rows, 1):
            out.writerow([number, *row])
