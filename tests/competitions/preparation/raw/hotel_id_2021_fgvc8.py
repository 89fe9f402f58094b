"""hotel-id-2021-fgvc8 raw data in small: Kaggle's train.csv (image, chain, hotel_id, timestamp),
photos `train_images/<chain>/<image>` with chain 0 ("no chain") most common, hotels with one
photo, and the file name ce27d36c9147cc19.jpg listed twice in two chains, as in the real data
(MLE-bench drops both rows), plus the test photo and sample submission MLE-bench ignores."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tests.competitions.preparation.images import hex_id, write_image

TWICE = "ce27d36c9147cc19.jpg"


def make(raw: Path, rng: random.Random, rows: int = 60) -> None:
    hotels = {rng.randint(1, 99999): rng.choice([0, 0, 0, 1, 5, 13, 88]) for _ in range(15)}
    chosen = rng.choices(list(hotels), k=rows)
    listing = [(f"{hex_id(rng, 16)}.jpg", hotels[hotel], hotel) for hotel in chosen]
    at = rng.randrange(10)
    listing[at:at] = [(TWICE, 5, 101), (TWICE, 13, 102)]
    with open(raw / "train.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["image", "chain", "hotel_id", "timestamp"])
        for image, chain, hotel in listing:
            stamp = f"20{rng.randint(15, 20)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} " \
                    f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
            out.writerow([image, chain, hotel, stamp])
            write_image(raw / "train_images" / str(chain) / image, rng)
    write_image(raw / "test_images" / "abc.jpg", rng)
    (raw / "sample_submission.csv").write_text("image,hotel_id\nabc.jpg,36363 53586 18807 64314 60181\n")
