"""us-patent-phrase-to-phrase-matching raw data in small: Kaggle's train.csv (id, anchor, target,
context, score), with hex ids of which some look like integers or floats ("1234…", "12e4…"),
anchors repeated across many pairs, phrases with commas, quotes and non-ASCII letters, CPC
context codes and the five score levels."""

from __future__ import annotations

import csv
import random
from pathlib import Path

WORDS = ("abatement", "pollution", "wire", "coil", "gear", "shaft", "élément", "naïve", "valve", "lens",
         "optical", "fibre", "3-d", "co2", "semi-conductor", "layer", "o'ring", "µm")
CONTEXTS = ("A47", "A61", "B60", "C07", "F16", "G06", "H01", "H04", "E21")
SCORES = ("0.0", "0.25", "0.5", "0.75", "1.0")


def _id(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.05:
        return "".join(rng.choice("0123456789") for _ in range(16))  # all digits, some with a leading zero
    if kind < 0.08:
        return f"{rng.randint(10, 99)}e{rng.randint(10**12, 10**13 - 1)}"  # reads as a float if read alone
    return "".join(rng.choice("0123456789abcdef") for _ in range(16))


def _phrase(rng: random.Random) -> str:
    phrase = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.05:
        phrase = f'{phrase}, "{rng.choice(WORDS)}"'
    return phrase


def make(raw: Path, rng: random.Random, rows: int = 230) -> None:
    anchors = [_phrase(rng) for _ in range(25)]
    with open(raw / "train.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "anchor", "target", "context", "score"])
        for _ in range(rows):
            out.writerow([_id(rng), rng.choice(anchors), _phrase(rng), rng.choice(CONTEXTS),
                          rng.choices(SCORES, weights=(20, 30, 35, 10, 5))[0]])
