"""h-and-m-personalized-fashion-recommendations raw data in small: Kaggle's transactions_train.csv,
articles.csv, customers.csv, sample_submission.csv and images/<3 digits>/<article>.jpg.
Quirks: article ids with a leading zero (lost on reading), customer ids of 64 hex digits (a few
all digits), the same article bought twice on a day, customers only in the test period or only
before it, rows not in date order near the cut, prices printed with 16+ digits, quoted text."""

from __future__ import annotations

import csv
import datetime
import random
from pathlib import Path


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def _customer(rng: random.Random) -> str:
    digits = "0123456789" if rng.random() < 0.05 else "0123456789abcdef"
    return "".join(rng.choice(digits) for _ in range(64))


def make(raw: Path, rng: random.Random) -> None:
    articles = sorted({f"0{rng.randint(108775, 959461):06d}{rng.randint(1, 30):03d}" for _ in range(40)})
    customers = [_customer(rng) for _ in range(50)]
    start = datetime.date(2020, 8, 20)
    rows = []
    for day in range(31):
        date = (start + datetime.timedelta(days=day)).isoformat()
        for _ in range(rng.randint(0, 6)):
            row = [date, rng.choice(customers), rng.choice(articles), repr(rng.randint(1, 600) / 5900),
                   rng.choice((1, 2, 2))]
            rows.append(row)
            if rng.random() < 0.1:
                rows.append(list(row))
    tail = rows[-60:]
    rng.shuffle(tail)  # near the cut the file is not in date order
    rows[-60:] = tail
    _write(raw / "transactions_train.csv", ["t_dat", "customer_id", "article_id", "price", "sales_channel_id"], rows)
    _write(raw / "articles.csv", ["article_id", "product_code", "prod_name", "detail_desc"],
           [[a, a[:7], rng.choice(("Strap top", "Tröja \"basic\"", "OP T-shirt, 2-pack")), ""] for a in articles])
    _write(raw / "customers.csv", ["customer_id", "FN", "Active", "club_member_status", "age"],
           [[c, rng.choice(("1.0", "")), "", "ACTIVE", rng.choice(("49", "", "23"))] for c in customers])
    _write(raw / "sample_submission.csv", ["customer_id", "prediction"],
           [[c, " ".join(articles[:12])] for c in customers])
    for article in articles[:25]:
        folder = raw / "images" / article[:3]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{article}.jpg").write_bytes(b"\xff\xd8\xff\xe0" + article.encode() + b"\xff\xd9")
