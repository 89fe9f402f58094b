"""chaii-hindi-and-tamil-question-answering raw data in small: Kaggle's train.csv (id, context,
question, answer_text, answer_start, language), with 9-hex-digit ids of which some look like
integers or floats, multi-line Devanagari and Tamil contexts with quotes and commas, answers that
are numbers ("1947") and answer starts found in the context."""

from __future__ import annotations

import csv
import random
from pathlib import Path

HINDI = ("भारत", "की", "राजधानी", "नई", "दिल्ली", "है", "।", "गांधी", "जी", "का", "जन्म", "1869", "में", "हुआ", "\"स्वराज\"", ",")
TAMIL = ("இந்தியா", "தமிழ்", "நாடு", "சென்னை", "ஆகும்", ".", "1947", "ஆம்", "ஆண்டு", "சுதந்திரம்", "'கவிதை'", ",")


def _id(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.06:
        return "".join(rng.choice("0123456789") for _ in range(9))
    if kind < 0.09:
        return f"{rng.randint(1, 9)}e{rng.randint(1000000, 9999999)}"
    return "".join(rng.choice("0123456789abcdef") for _ in range(9))


def make(raw: Path, rng: random.Random, rows: int = 150) -> None:
    with open(raw / "train.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "context", "question", "answer_text", "answer_start", "language"])
        for _ in range(rows):
            language, words = rng.choice((("hindi", HINDI), ("hindi", HINDI), ("tamil", TAMIL)))
            sentences = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 15))) for _ in range(rng.randint(1, 5))]
            context = "\n".join(sentences)
            tokens = context.split()
            answer = rng.choice(tokens)
            question = " ".join(rng.choice(words) for _ in range(rng.randint(2, 8))) + " ?"
            out.writerow([_id(rng), context, question, answer, context.index(answer), language])
