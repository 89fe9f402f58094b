"""learning-agency-lab-automated-essay-scoring-2 raw data in small: Kaggle's train.csv (essay_id,
full_text, score), with 7-hex-digit ids of which some look like integers (with leading zeros) or
floats, essays of several paragraphs with quotes, commas and non-ASCII punctuation, and the six
scores with the extremes rare."""

from __future__ import annotations

import csv
import random
from pathlib import Path

WORDS = ("Many", "people", "think", "that", "cars", "are", "bad", "for", "the", "environment", "however,",
         "Venus", "is", "dangerous", "because", "FACS", "technology", "can", "help", "students", "—", "’s",
         "“driverless”", "e.g.", "I", "believe", "it's", "50%", "of", "the", "time")


def _id(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.06:
        return f"{rng.randint(0, 999999):07d}"
    if kind < 0.09:
        return f"{rng.randint(1, 9)}e{rng.randint(10000, 99999)}"
    return "".join(rng.choice("0123456789abcdef") for _ in range(7))


def _essay(rng: random.Random) -> str:
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40))) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.2:
        paragraphs.append('He said, "no."')
    return "\n\n".join(paragraphs)


def make(raw: Path, rng: random.Random, rows: int = 200) -> None:
    with open(raw / "train.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["essay_id", "full_text", "score"])
        for _ in range(rows):
            out.writerow([_id(rng), _essay(rng), rng.choices(range(1, 7), weights=(7, 27, 36, 23, 6, 1))[0]])
