"""siim-covid19-detection raw data in small: Kaggle's train_study_level.csv ("<study>_study" ids, four
0/1 label columns, mostly one-hot, a few rows with no class or two, which MLE-bench's first-largest
rule decides), train_image_level.csv (one to three images per study, shuffled; boxes as Kaggle's
quoted Python lists or empty, labels "opacity 1 x0 y0 x1 y1 ..." or "none 1 0 0 1 1"; study uids of
12 hex digits, a few all digits with a leading zero or looking like a float), DICOM-like files
train/<study>/<series>/<image>.dcm (a study may hold a second series), Kaggle's test/ folder and
the sample submission MLE-bench ignores."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tests.competitions.preparation.images import hex_id

LABELS = ["Negative for Pneumonia", "Typical Appearance", "Indeterminate Appearance", "Atypical Appearance"]


def _uid(rng: random.Random, taken: set[str]) -> str:
    while True:
        uid = rng.choice([hex_id(rng, 12), hex_id(rng, 12), "12345e" + "".join(rng.choice("0123456789") for _ in range(6))])
        if uid not in taken:
            taken.add(uid)
            return uid


def _dicom(path: Path, rng: random.Random) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * 128 + b"DICM" + bytes(rng.randrange(256) for _ in range(rng.randint(8, 40))))


def _boxes(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.35:
        return "", "none 1 0 0 1 1"
    boxes, label = [], []
    for _ in range(rng.randint(1, 3)):
        x, y = round(rng.uniform(0, 3000), 5), round(rng.uniform(0, 3000), 5)
        w, h = round(rng.uniform(50, 1500), 5), round(rng.uniform(50, 1500), 5)
        boxes.append(f"{{'x': {x}, 'y': {y}, 'width': {w}, 'height': {h}}}")
        label.append(f"opacity 1 {x} {y} {round(x + w, 5)} {round(y + h, 5)}")
    return "[" + ", ".join(boxes) + "]", " ".join(label)


def make(raw: Path, rng: random.Random, studies: int = 50) -> None:
    taken: set[str] = set()
    study_rows, image_rows = [], []
    for _ in range(studies):
        study = _uid(rng, taken)
        flags = [0, 0, 0, 0]
        roll = rng.random()
        if roll < 0.6:
            flags[rng.choice([0, 1, 1, 2, 3])] = 1
        elif roll < 0.8:
            flags[rng.randrange(2)] = flags[rng.randrange(2, 4)] = 1
        study_rows.append([f"{study}_study", *flags])
        series = [_uid(rng, taken) for _ in range(rng.choice([1, 1, 1, 2]))]
        for _ in range(rng.randint(1, 3)):
            image = _uid(rng, taken)
            boxes, label = _boxes(rng)
            image_rows.append([f"{image}_image", boxes, label, study])
            _dicom(raw / "train" / study / rng.choice(series) / f"{image}.dcm", rng)
    rng.shuffle(image_rows)
    with open(raw / "train_study_level.csv", "w", newline="") as handle:
        csv.writer(handle).writerows([["id", *LABELS], *study_rows])
    with open(raw / "train_image_level.csv", "w", newline="") as handle:
        csv.writer(handle).writerows([["id", "boxes", "label", "StudyInstanceUID"], *image_rows])
    test_study, test_image = _uid(rng, taken), _uid(rng, taken)
    _dicom(raw / "test" / test_study / _uid(rng, taken) / f"{test_image}.dcm", rng)
    (raw / "sample_submission.csv").write_text(f"id,PredictionString\n{test_study}_study,negative 1 0 0 1 1\n"
                                               f"{test_image}_image,none 1 0 0 1 1\n")
