"""whale-categorization-playground raw data in small: Kaggle's train.csv (Image, Id) with many
"new_whale" rows, whales of one photo (each goes to train or test by a random draw), whales of
two and of several photos, Ids like "w_1287fbc", and one tiny JPEG `train/<Image>` per row, plus
the test photo and sample submission MLE-bench ignores."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tests.competitions.preparation.images import hex_id, write_image


def make(raw: Path, rng: random.Random, rows: int = 90) -> None:
    whales = [f"w_{hex_id(rng, 7)}" for _ in range(30)]
    weights = [rng.choice([1, 1, 1, 2, 4]) for _ in whales]
    labels = ["new_whale"] * (rows // 4) + rng.choices(whales, weights, k=rows - rows // 4)
    rng.shuffle(labels)
    with open(raw / "train.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Image", "Id"])
        for label in labels:
            image = f"{hex_id(rng, 8)}.jpg"
            out.writerow([image, label])
            write_image(raw / "train" / image, rng, mode=rng.choice(["RGB", "L"]))
    write_image(raw / "test" / "00029b3a.jpg", rng)
    (raw / "sample_submission.csv").write_text("Image,Id\n00029b3a.jpg,new_whale w_1287fbc w_98baff9 w_7554f44 w_1eafe46\n")
