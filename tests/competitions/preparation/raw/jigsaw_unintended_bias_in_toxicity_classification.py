"""jigsaw-unintended-bias-in-toxicity-classification raw data in small: Kaggle's train.csv and the
labelled private test set it published afterwards (test_private_expanded.csv, 45 columns), with
comments holding commas, quotes, line breaks, non-ASCII text and one blank comment, identity
columns blank for most comments, float parent ids with blanks and fractional label values."""

from __future__ import annotations

import csv
import random
from pathlib import Path

IDENTITIES = ("asian", "atheist", "bisexual", "black", "buddhist", "christian", "female", "heterosexual", "hindu",
              "homosexual_gay_or_lesbian", "intellectual_or_learning_disability", "jewish", "latino", "male",
              "muslim", "other_disability", "other_gender", "other_race_or_ethnicity", "other_religion",
              "other_sexual_orientation", "physical_disability", "psychiatric_or_mental_illness", "transgender",
              "white")
LABELS = ("severe_toxicity", "obscene", "identity_attack", "insult", "threat")
META = ("created_date", "publication_id", "parent_id", "article_id", "rating", "funny", "wow", "sad", "likes",
        "disagree", "sexual_explicit", "identity_annotator_count", "toxicity_annotator_count")
WORDS = ("This", "is", "so", "stupid", "great", "idea", "Trump", "people", "the", "café", "naïve", "—", "idiot",
         "thanks", "Muslims", "women", "gay", "black", "you're", "LOL", "🙂", "100%")


def _fraction(rng: random.Random) -> str:
    count = rng.choice((4, 6, 10, 70))
    return repr(rng.randint(0, count) / count)


def _comment(rng: random.Random) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 25)))
    if rng.random() < 0.1:
        text = text.replace(" ", "\n\n", 1)
    if rng.random() < 0.1:
        text = f'He said "{text}", really'
    return text


def _row(rng: random.Random, comment_id: int, labelled: str, blank_comment: bool) -> dict[str, str]:
    identities = {name: "" for name in IDENTITIES}
    annotated = rng.random() < 0.3
    if annotated:
        identities = {name: _fraction(rng) if rng.random() < 0.5 else "0.0" for name in IDENTITIES}
    return {
        "id": str(comment_id),
        labelled: _fraction(rng),
        "comment_text": "" if blank_comment else _comment(rng),
        **{name: _fraction(rng) for name in LABELS},
        **identities,
        "created_date": f"2017-0{rng.randint(1, 9)}-{rng.randint(10, 28)} 1{rng.randint(0, 9)}:2{rng.randint(0, 9)}:"
                        f"5{rng.randint(0, 9)}.{rng.randint(100000, 999999)}+00",
        "publication_id": str(rng.choice((21, 54, 102))),
        "parent_id": "" if rng.random() < 0.4 else f"{rng.randint(300000, 6000000)}.0",
        "article_id": str(rng.randint(2000, 400000)),
        "rating": rng.choice(("approved", "rejected")),
        **{name: str(rng.choice((0, 0, 0, 1, 2, 12))) for name in ("funny", "wow", "sad", "likes", "disagree")},
        "sexual_explicit": _fraction(rng),
        "identity_annotator_count": str(rng.choice((4, 6, 10))) if annotated else "0",
        "toxicity_annotator_count": str(rng.choice((4, 10, 70))),
    }


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, fieldnames=header)
        out.writeheader()
        out.writerows(rows)


def make(raw: Path, rng: random.Random, train_rows: int = 60, test_rows: int = 80) -> None:
    train_header = ["id", "target", "comment_text", *LABELS, *IDENTITIES, *META]
    _write(raw / "train.csv", train_header, [_row(rng, 59848 + 3 * i, "target", False) for i in range(train_rows)])
    test_header = ["id", "comment_text", "toxicity", *LABELS, *IDENTITIES, *META]
    assert len(test_header) == 45
    blank = rng.randrange(test_rows)
    _write(raw / "test_private_expanded.csv", test_header,
           [_row(rng, 7000000 + i, "toxicity", i == blank) for i in range(test_rows)])
