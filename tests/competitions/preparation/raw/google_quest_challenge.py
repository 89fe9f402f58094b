"""google-quest-challenge raw data in small: Kaggle's train.csv (qa_id, the question and answer
texts, users, url, category, host and the 30 targets), with sparse integer ids, bodies holding
code, HTML, quotes and line breaks, targets on rater grids written with 15 digits
(0.333333333333333) and `question_type_spelling` almost always 0, so that the held-out rows may
all be 0 and MLE-bench's swap with a kept row happens (seed 0 triggers it)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from pytest_mlebench.competitions import load_competition
from tests.support.mlebench_support import COMPETITIONS_DIR

TARGETS = list(load_competition(COMPETITIONS_DIR / "google-quest-challenge").grading.target_columns)
RATINGS = ("0.0", "0.333333333333333", "0.5", "0.666666666666667", "0.777777777777778", "0.888888888888889", "1.0")
HOSTS = (("photo.stackexchange.com", "LIFE_ARTS"), ("rpg.stackexchange.com", "CULTURE"),
         ("electronics.stackexchange.com", "SCIENCE"), ("stackoverflow.com", "STACKOVERFLOW"),
         ("superuser.com", "TECHNOLOGY"))
WORDS = ("How", "do", "I", "fix", "this", "error?", "the", "lens", "is", "<code>x = 1</code>", "naïve", "€",
         "\"quoted\"", "a, b", "It's", "because", "you", "need", "to", "set", "ISO", "√2")


def _text(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, words)))
    return text.replace(" ", "\n\n", 1) if rng.random() < 0.4 else text


def make(raw: Path, rng: random.Random, rows: int = 200) -> None:
    ids = sorted(rng.sample(range(0, 9700), rows))
    spelling = set(rng.sample(range(rows), 3))
    header = ["qa_id", "question_title", "question_body", "question_user_name", "question_user_page", "answer",
              "answer_user_name", "answer_user_page", "url", "category", "host", *TARGETS]
    with open(raw / "train.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for row, qa_id in enumerate(ids):
            host, category = rng.choice(HOSTS)
            question, answer = rng.randint(1, 90000), rng.randint(1, 90000)
            labels = [rng.choice(RATINGS) for _ in TARGETS]
            labels[TARGETS.index("question_type_spelling")] = rng.choice(("0.333333333333333", "0.5")) if row in spelling else "0.0"
            out.writerow([qa_id, _text(rng, 8), _text(rng, 40), rng.choice(("Dylan", "Ümit", "user 1")),
                          f"https://{host}/users/{question}", _text(rng, 60), rng.choice(("Alex", "J. Doe")),
                          f"https://{host}/users/{answer}", f"http://{host}/questions/{qa_id * 7}",
                          category, host, *labels])
