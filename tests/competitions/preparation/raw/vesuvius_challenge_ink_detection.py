"""vesuvius-challenge-ink-detection raw data in small: Kaggle's train/1, train/2 and train/3, each a
fragment with surface_volume/00.tif, 01.tif, ... (a few tiny 16-bit TIFF slices, their count
varying), mask.png, ir.png (whose size MLE-bench reads), inklabels.png and inklabels_rle.csv
(Id the fragment's number, a numeric-looking id, and a run-length Predicted); fragment 3 also
holds an extra .csv and a nested folder, which MLE-bench passes on; test/a and test/b without
labels, and the sample submission MLE-bench ignores."""

from __future__ import annotations

import random
from pathlib import Path

from tests.competitions.preparation.images import run_lengths, write_image


def _fragment(folder: Path, rng: random.Random, number: str | None) -> None:
    size = (rng.randint(4, 9), rng.randint(3, 8))
    for index in range(rng.randint(2, 4)):
        write_image(folder / "surface_volume" / f"{index:02d}.tif", rng, size=size, mode="I;16")
    write_image(folder / "mask.png", rng, size=size, mode="1")
    if number is not None:
        write_image(folder / "ir.png", rng, size=size, mode="L")
        write_image(folder / "inklabels.png", rng, size=size, mode="1")
        (folder / "inklabels_rle.csv").write_text(f"Id,Predicted\n{number},{run_lengths(rng, runs=(1, 5), start=(1, 40), length=(1, 9), gap=(1, 30))}\n")


def make(raw: Path, rng: random.Random) -> None:
    for number in ("1", "2", "3"):
        _fragment(raw / "train" / number, rng, number)
    held_out = raw / "train" / "3"
    (held_out / "notes.csv").write_text("slice,depth\n00,0.5\n01,1.25\n")
    write_image(held_out / "extra" / "deeper" / "ir_copy.png", rng)
    for name in ("a", "b"):
        _fragment(raw / "test" / name, rng, None)
    (raw / "sample_submission.csv").write_text("Id,Predicted\na,1 1 5 1\nb,1 1 5 1\n")
