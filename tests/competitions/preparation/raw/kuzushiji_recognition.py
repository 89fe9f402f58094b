"""kuzushiji-recognition raw data in small: Kaggle's train.csv (image_ids like "100241706_00004_2"
and "umgy001-010"; labels as "U+XXXX x y w h" groups, some pages with one box, some with many,
a few with none, blank), train_images.zip holding one tiny JPEG per page at the top level,
unicode_translation.csv (Unicode, char, with kana and kanji), plus the test images and sample
submission MLE-bench ignores. Blank-label pages are put only where the 10% hold-out keeps them
in train: MLE-bench's gold submission fails on a held-out page without labels."""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

from PIL import Image
from sklearn.model_selection import train_test_split

CHARS = {"U+306F": "は", "U+304C": "が", "U+3044": "い", "U+5DE5": "工", "U+01F0": "ǰ", "U+FF2F": "Ｏ", "U+003F": "?"}


def _jpeg(rng: random.Random) -> bytes:
    out = io.BytesIO()
    Image.frombytes("L", (3, 2), bytes(rng.randrange(256) for _ in range(6))).save(out, "JPEG")
    return out.getvalue()


def _labels(rng: random.Random) -> str:
    boxes = rng.choice([1, 2, 5, 12])
    return " ".join(f"{rng.choice(list(CHARS))} {rng.randint(0, 3000)} {rng.randint(0, 4000)} {rng.randint(5, 200)} "
                    f"{rng.randint(5, 200)}" for _ in range(boxes))


def make(raw: Path, rng: random.Random, rows: int = 45) -> None:
    ids = list(dict.fromkeys(rng.choice([f"{rng.randint(100241706, 200021869)}_{rng.randint(1, 99):05d}_{rng.randint(1, 2)}",
                                         f"umgy{rng.randint(1, 12):03d}-{rng.randint(1, 99):03d}",
                                         f"hnsd{rng.randint(1, 9):03d}-{rng.randint(1, 99):03d}"]) for _ in range(rows)))
    kept, _ = train_test_split(range(len(ids)), test_size=0.1, random_state=0)
    blank = set(rng.sample(list(kept), 3))
    with open(raw / "train.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["image_id", "labels"])
        out.writerows([image_id, "" if n in blank else _labels(rng)] for n, image_id in enumerate(ids))
    with zipfile.ZipFile(raw / "train_images.zip", "w") as archive:
        for image_id in ids:
            archive.writestr(f"{image_id}.jpg", _jpeg(rng))
    with open(raw / "unicode_translation.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["Unicode", "char"], *CHARS.items()])
    with zipfile.ZipFile(raw / "test_images.zip", "w") as archive:
        archive.writestr("test_00145af3.jpg", _jpeg(rng))
    (raw / "sample_submission.csv").write_text("image_id,labels\ntest_00145af3,U+003F 1 1 U+FF2F 2 2\n")
