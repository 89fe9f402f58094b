"""cdiscount-image-classification-challenge raw data in small: Kaggle's train.bson (one document
per product: int _id, increasing with gaps, a few stored as int64; an imgs array of one to four
{picture: JPEG bytes}; category_id, a ten-digit int; the element order varies, some with `_id`
not first), category_names.csv (three French category levels, accents, commas quoted) and the
files MLE-bench ignores (test.bson, train_example.bson, sample_submission.csv). More than 100
products stay in the new train set, so the 100-document train_example cut shows."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tests.competitions.preparation.bson_files import Int64, write_bson

CATEGORIES = [1000010653, 1000010667, 1000004079, 1000018296, 1000000271, 1000014287]
LEVELS = ["ABONNEMENT / SERVICES", "AUTO - MOTO", "BRICOLAGE - OUTILLAGE - QUINCAILLERIE", "ÉLECTROMÉNAGER",
          "JEUX, JOUETS", "LIBRAIRIE \"LIVRES\""]


def _picture(rng: random.Random) -> bytes:
    return b"\xff\xd8\xff\xe0" + bytes(rng.randrange(256) for _ in range(rng.randint(0, 12))) + b"\xff\xd9"


def _product(rng: random.Random, product: int) -> dict:
    ident = Int64(product) if rng.random() < 0.1 else product
    fields = {"_id": ident, "imgs": [{"picture": _picture(rng)} for _ in range(rng.randint(1, 4))],
              "category_id": rng.choice(CATEGORIES[:-1]) if rng.random() < 0.97 else CATEGORIES[-1]}
    order = ["_id", "imgs", "category_id"] if rng.random() < 0.8 else rng.sample(list(fields), 3)
    return {key: fields[key] for key in order}


def make(raw: Path, rng: random.Random, products: int = 130) -> None:
    ids, current = [], 0
    for _ in range(products):
        ids.append(current)
        current += rng.choice([1, 1, 1, 2, 5])
    documents = [_product(rng, product) for product in ids]
    write_bson(raw / "train.bson", documents)
    write_bson(raw / "train_example.bson", documents[:100])
    write_bson(raw / "test.bson", [{"_id": n, "imgs": [{"picture": _picture(rng)}]} for n in range(10, 16)])
    with open(raw / "category_names.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["category_id", "category_level1", "category_level2", "category_level3"])
        for category in CATEGORIES:
            out.writerow([category, rng.choice(LEVELS), rng.choice(LEVELS).lower(), f"N°{rng.randint(1, 9)}, ç"])
    (raw / "sample_submission.csv").write_text("_id,category_id\n" + "".join(f"{n},1000010653\n" for n in range(10, 16)))
