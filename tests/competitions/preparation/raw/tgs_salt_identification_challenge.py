"""tgs-salt-identification-challenge raw data in small: Kaggle's competition_data.zip (a
competition_data/ folder with train.csv of 10-hex-digit ids, a few all digits with a leading
zero, and run-length masks, empty where an image has no salt; train/images, train/masks and
test/images PNGs, with folder entries) beside depths.csv (train and test ids, integer z, in
no particular order) and the top-level files MLE-bench ignores."""

from __future__ import annotations

import csv
import io
import random
import tempfile
import zipfile
from pathlib import Path

from tests.competitions.preparation.images import hex_id, run_lengths, write_image


def _png(rng: random.Random, mode: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_image(Path(folder) / "x.png", rng, mode=mode).read_bytes()


def _rle(rng: random.Random) -> str:
    if rng.random() < 0.35:
        return ""  # no salt: an empty field, read as NaN
    return run_lengths(rng, runs=(1, 4), start=(1, 50), length=(1, 30), gap=(1, 40))


def make(raw: Path, rng: random.Random, rows: int = 40) -> None:
    train = list(dict.fromkeys(hex_id(rng, 10) for _ in range(rows)))
    test = [hex_id(rng, 10) for _ in range(6)]
    table = io.StringIO()
    out = csv.writer(table, lineterminator="\n")
    out.writerow(["id", "rle_mask"])
    for image_id in train:
        out.writerow([image_id, _rle(rng)])
    with zipfile.ZipFile(raw / "competition_data.zip", "w") as archive:
        for folder in ("", "train/", "train/images/", "train/masks/", "test/", "test/images/"):
            archive.writestr(f"competition_data/{folder}", b"")
        archive.writestr("competition_data/train.csv", table.getvalue())
        for image_id in train:
            archive.writestr(f"competition_data/train/images/{image_id}.png", _png(rng, "RGB"))
            archive.writestr(f"competition_data/train/masks/{image_id}.png", _png(rng, "L"))
        for image_id in test:
            archive.writestr(f"competition_data/test/images/{image_id}.png", _png(rng, "RGB"))
    depths = [(image_id, rng.randint(51, 959)) for image_id in train + test]
    rng.shuffle(depths)
    (raw / "depths.csv").write_text("id,z\n" + "".join(f"{i},{z}\n" for i, z in depths))
    (raw / "sample_submission.csv").write_text("id,rle_mask\n" + "".join(f"{i},1 1\n" for i in test))
    (raw / "train.csv").write_text(table.getvalue())
