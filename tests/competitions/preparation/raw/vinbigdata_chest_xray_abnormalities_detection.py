"""vinbigdata-chest-xray-abnormalities-detection raw data, as small as MLE-bench allows: its split
asserts exactly 13,500 training and 1,500 test images, so train.csv names exactly 15,000 distinct
32-hex-digit image_ids (a few all digits) and train/ holds 15,000 `<image_id>.dicom` files of a
few bytes each. The rows (one per radiologist's finding, in no particular order) are mostly
"No finding" (class 14, blank box) from one to three radiologists; the others carry boxes from
several radiologists, the same class drawn twice, a radiologist who saw nothing beside one who
saw something, box values integral ("691.0") or not, and now and then a blank coordinate in a
finding (so "the first row per image and class" and pandas' per-column first non-blank differ).
Kaggle's test/ images and sample_submission.csv, which MLE-bench ignores, are there in small."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

IMAGES = 15_000  # MLE-bench's TRAIN_IMAGES + TEST_IMAGES: fewer or more and its prepare fails
CLASSES = ["Aortic enlargement", "Atelectasis", "Calcification", "Cardiomegaly", "Consolidation", "ILD", "Infiltration",
           "Lung Opacity", "Nodule/Mass", "Other lesion", "Pleural effusion", "Pleural thickening", "Pneumothorax",
           "Pulmonary fibrosis", "No finding"]


def _image_id(rng: random.Random) -> str:
    if rng.random() < 0.01:
        return "".join(rng.choice("0123456789") for _ in range(32))
    return f"{rng.getrandbits(128):032x}"


def _number(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high)}.0" if rng.random() < 0.7 else repr(round(rng.uniform(low, high), rng.randint(1, 3)))


def _findings(rng: random.Random, image: str) -> list[list]:
    radiologists = rng.sample(range(1, 18), 3)
    if rng.random() < 0.85:
        return [[image, "No finding", 14, f"R{r}", "", "", "", ""] for r in radiologists[:rng.randint(1, 3)]]
    rows = []
    for n, radiologist in enumerate(radiologists):
        if n == 2 and rng.random() < 0.3:
            rows.append([image, "No finding", 14, f"R{radiologist}", "", "", "", ""])
            continue
        for class_id in rng.sample(range(14), rng.randint(1, 2)) + ([0] if rng.random() < 0.2 else []):
            x, y = _number(rng, 0, 1500), _number(rng, 0, 1500)
            box = [x, y, _number(rng, 1500, 3000), _number(rng, 1500, 3000)]
            if rng.random() < 0.05:
                box[rng.randrange(4)] = ""
            rows.append([image, CLASSES[class_id], class_id, f"R{radiologist}", *box])
    return rows


def make(raw: Path, rng: random.Random) -> None:
    images = list(dict.fromkeys(_image_id(rng) for _ in range(IMAGES)))
    assert len(images) == IMAGES, "a repeated random image_id: 128 random bits should never collide"
    rows = [row for image in images for row in _findings(rng, image)]
    rng.shuffle(rows)
    table = io.StringIO()
    out = csv.writer(table, lineterminator="\n")
    out.writerow(["image_id", "class_name", "class_id", "rad_id", "x_min", "y_min", "x_max", "y_max"])
    out.writerows(rows)
    (raw / "train.csv").write_text(table.getvalue())
    (raw / "train").mkdir()
    for image in images:
        (raw / "train" / f"{image}.dicom").write_bytes(b"DICM" + rng.getrandbits(32).to_bytes(4, "little"))
    (raw / "test").mkdir()
    tests = [_image_id(rng) for _ in range(3)]
    for image in tests:
        (raw / "test" / f"{image}.dicom").write_bytes(b"DICM" + rng.getrandbits(32).to_bytes(4, "little"))
    (raw / "sample_submission.csv").write_text("image_id,PredictionString\n" + "".join(f"{i},14 1 0 0 1 1\n" for i in tests))
