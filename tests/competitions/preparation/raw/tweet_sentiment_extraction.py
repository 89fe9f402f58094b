"""tweet-sentiment-extraction raw data in small: Kaggle's train.csv (textID, text, selected_text,
sentiment), with 10-hex-digit ids of which some look numeric, tweets with leading spaces, quotes,
commas, line breaks, HTML entities, emoji and mojibake, and one tweet with neither text nor phrase
(as in Kaggle's file)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

WORDS = ("I", "love", "hate", "this", "so", "much", "sooo", "sad", "happy", "day", "&amp;", "http://t.co/x1",
         "@friend", "#fail", "ï¿½", "😊", "niño", "can`t", "don't", "lol", "...", "!!!", "work", "tomorrow")
SENTIMENTS = ("neutral", "negative", "positive")


def _id(rng: random.Random) -> str:
    if rng.random() < 0.06:
        return "".join(rng.choice("0123456789") for _ in range(10))
    return "".join(rng.choice("0123456789abcdef") for _ in range(10))


def _tweet(rng: random.Random) -> list[str]:
    return [rng.choice(WORDS) for _ in range(rng.randint(1, 14))]


def make(raw: Path, rng: random.Random, rows: int = 220) -> None:
    empty_row = rng.randrange(rows)
    with open(raw / "train.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["textID", "text", "selected_text", "sentiment"])
        for row in range(rows):
            sentiment = rng.choice(SENTIMENTS)
            if row == empty_row:
                out.writerow([_id(rng), "", "", sentiment])
                continue
            words = _tweet(rng)
            text = " ".join(words)
            if rng.random() < 0.2:
                text = " " + text  # Kaggle's tweets often start with a space
            if rng.random() < 0.05:
                text = text.replace(" ", "\n", 1)
            if rng.random() < 0.05:
                text = f'"{text}", he said'
            start = rng.randrange(len(words))
            phrase = text if sentiment == "neutral" else " ".join(words[start:start + rng.randint(1, 3)])
            out.writerow([_id(rng), text, phrase, sentiment])
