"""lmsys-chatbot-arena raw data in small: Kaggle's train.csv (id, model_a, model_b, prompt,
response_a, response_b, winner_model_a, winner_model_b, winner_tie), with integer ids out of order,
prompts and responses as JSON lists of strings (several turns, null turns, escaped quotes, line
breaks, commas, non-ASCII text) and one-hot winners."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

MODELS = ("gpt-4-1106-preview", "claude-2.1", "llama-2-70b-chat", "mistral-medium", "vicuna-13b", "gemini-pro")
WORDS = ("What", "is", "the", "capital", "of", "France?", "Write", "a", "poem", "about", "cats", "Sure!", "Here",
         'is "quoted"', "code:\n```python\nprint(1)\n```", "naïve", "日本語", "😊", "\\n", "1, 2, 3", "I'm")


def _turns(rng: random.Random, count: int) -> str:
    turns = [None if rng.random() < 0.05 else " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))
             for _ in range(count)]
    return json.dumps(turns, ensure_ascii=rng.random() < 0.5)


def make(raw: Path, rng: random.Random, rows: int = 200) -> None:
    ids = rng.sample(range(30000, 4300000000), rows)
    with open(raw / "train.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "model_a", "model_b", "prompt", "response_a", "response_b", "winner_model_a",
                      "winner_model_b", "winner_tie"])
        for row_id in ids:
            turns = rng.choice((1, 1, 1, 2, 3))
            a, b = rng.sample(MODELS, 2)
            winner = [0, 0, 0]
            winner[rng.randrange(3)] = 1
            out.writerow([row_id, a, b, _turns(rng, turns), _turns(rng, turns), _turns(rng, turns), *winner])
