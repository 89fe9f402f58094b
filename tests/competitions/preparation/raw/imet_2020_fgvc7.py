"""imet-2020-fgvc7 raw data in small: Kaggle's train.csv (32-hex-digit ids, some all digits with a
leading zero; attribute_ids: one or more space-separated numbers, one of them alone so it reads as
an integer column cell), labels.csv (attribute_id, attribute_name with "::" and commas, quoted)
and one tiny PNG `train/<id>.png` per row, plus the test image MLE-bench ignores."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tests.competitions.preparation.images import hex_id, write_image

NAMES = ["country::afghanistan", "culture::american, modern", "tag::men", 'tag::"lions"', "medium::ink on paper",
         "culture::français", "dimension::size"]


def make(raw: Path, rng: random.Random, rows: int = 60) -> None:
    with open(raw / "labels.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["attribute_id", "attribute_name"])
        for number, name in enumerate(NAMES * 3):
            out.writerow([number, f"{name} {number}" if number >= len(NAMES) else name])
    ids = list(dict.fromkeys(hex_id(rng, 32) for _ in range(rows)))
    with open(raw / "train.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "attribute_ids"])
        for image_id in ids:
            chosen = sorted(rng.sample(range(len(NAMES) * 3), rng.randint(1, 5)))
            out.writerow([image_id, " ".join(map(str, chosen))])
            write_image(raw / "train" / f"{image_id}.png", rng, mode=rng.choice(["RGB", "L"]))
    write_image(raw / "test" / "10023b2cc4ed5f68.png", rng)
    (raw / "sample_submission.csv").write_text("id,attribute_ids\n10023b2cc4ed5f68,0 1 2\n")
