"""plant-pathology-2021-fgvc8 raw data in small: Kaggle's train.csv (image, labels: one or more
space-separated diseases, "healthy" most common, a rare combination or two) and one tiny JPEG
`train_images/<image>` per row, plus the test image and sample submission MLE-bench ignores."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tests.competitions.preparation.images import hex_id, write_image

LABELS = ["healthy", "scab", "frog_eye_leaf_spot", "rust", "complex", "powdery_mildew", "scab frog_eye_leaf_spot",
          "scab frog_eye_leaf_spot complex", "frog_eye_leaf_spot complex", "rust frog_eye_leaf_spot"]


def make(raw: Path, rng: random.Random, rows: int = 60) -> None:
    images = list(dict.fromkeys(f"{hex_id(rng, 16)}.jpg" for _ in range(rows)))
    with open(raw / "train.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["image", "labels"])
        for image in images:
            out.writerow([image, rng.choice(LABELS[:3] * 4 + LABELS)])
            write_image(raw / "train_images" / image, rng)
    write_image(raw / "test_images" / "85f8cb619c66b863.jpg", rng)
    (raw / "sample_submission.csv").write_text("image,labels\n85f8cb619c66b863.jpg,healthy\n")
