"""uw-madison-gi-tract-image-segmentation raw data in small: Kaggle's train.csv (ids
"case<N>_day<M>_slice_<SSSS>", one row per slice and organ: large_bowel, small_bowel, stomach;
run-length segmentations, mostly empty) over a dozen cases in no sorted order, some with more
than four days whose numbers sort differently as text ("day13" before "day2") and a case whose
day is listed apart from its other days; scans `train/<case>/<case>_<day>/scans/
slice_<SSSS>_<w>_<h>_<pw>_<ph>.png` (tiny PNGs: the size is in the name), plus a day folder and
a whole case folder that train.csv does not list, and the sample submission MLE-bench ignores."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tests.competitions.preparation.images import run_lengths, write_image

ORGANS = ("large_bowel", "small_bowel", "stomach")
SIZES = ((266, 266, "1.50"), (310, 360, "1.50"), (276, 276, "1.63"), (234, 234, "1.50"))


def _scans(folder: Path, rng: random.Random, slices: list[int]) -> None:
    width, height, spacing = rng.choice(SIZES)
    for number in slices:
        write_image(folder / "scans" / f"slice_{number:04d}_{width}_{height}_{spacing}_{spacing}.png", rng,
                    size=(2, 2), mode="L")


def make(raw: Path, rng: random.Random, cases: int = 12) -> None:
    numbers = rng.sample(range(2, 160), cases)
    rows: list[list[str]] = []
    late: list[list[str]] = []
    for case in (f"case{n}" for n in numbers):
        day_count = rng.choice([1, 2, 3, 4, 5, 6, 6])
        days = [f"day{d}" for d in rng.sample([0, 1, 2, 3, 7, 10, 13, 19, 20, 22, 25], day_count)]
        slices = sorted(rng.sample(range(1, 145), rng.randint(1, 3)))
        for index, day in enumerate(days):
            _scans(raw / "train" / case / f"{case}_{day}", rng, slices)
            block = [[f"{case}_{day}_slice_{s:04d}", organ,
                      run_lengths(rng, runs=(1, 4), start=(1, 60000), length=(1, 40), gap=(1, 300))
                      if rng.random() < 0.3 else ""] for s in slices for organ in ORGANS]
            (late if index == len(days) - 1 and day_count > 4 and not late else rows).extend(block)
        if rng.random() < 0.25:
            _scans(raw / "train" / case / f"{case}_day99", rng, slices)  # a day folder train.csv leaves out
    rows.extend(late)
    _scans(raw / "train" / "case777" / "case777_day1", rng, [1])  # a case train.csv leaves out
    with open(raw / "train.csv", "w", newline="") as handle:
        csv.writer(handle).writerows([["id", "class", "segmentation"], *rows])
    (raw / "sample_submission.csv").write_text("id,class,predicted\n")
