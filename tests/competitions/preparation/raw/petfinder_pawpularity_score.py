"""petfinder-pawpularity-score raw data in small: Kaggle's train.csv (32-hex-digit Ids, some all
digits with a leading zero; twelve 0/1 photo features; Pawpularity 1 to 100 with its extremes)
and one tiny JPEG `train/<Id>.jpg` per row, plus the test photos and files MLE-bench ignores."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tests.competitions.preparation.images import hex_id, write_image

FEATURES = ["Subject Focus", "Eyes", "Face", "Near", "Action", "Accessory", "Group", "Collage", "Human",
            "Occlusion", "Info", "Blur"]


def make(raw: Path, rng: random.Random, rows: int = 60) -> None:
    ids = list(dict.fromkeys(hex_id(rng, 32) for _ in range(rows)))
    with open(raw / "train.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Id", *FEATURES, "Pawpularity"])
        for image_id in ids:
            out.writerow([image_id, *(int(rng.random() < 0.3) for _ in FEATURES), rng.choice([1, 100, rng.randint(1, 100)])])
            write_image(raw / "train" / f"{image_id}.jpg", rng)
    test = [hex_id(rng, 32) for _ in range(3)]
    (raw / "test.csv").write_text("Id," + ",".join(FEATURES) + "\n" + "".join(f"{i}" + ",0" * len(FEATURES) + "\n" for i in test))
    (raw / "sample_submission.csv").write_text("Id,Pawpularity\n" + "".join(f"{i},0.0\n" for i in test))
    for image_id in test:
        write_image(raw / "test" / f"{image_id}.jpg", rng)
