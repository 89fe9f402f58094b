"""alaska2-image-steganalysis raw data in small: Kaggle's four training folders `Cover/`,
`JMiPOD/`, `JUNIWARD/`, `UERD/` (the same five-digit names `00001.jpg`... in each), its unlabelled
`Test/0001.jpg`... and sample_submission.csv.

MLE-bench holds out exactly 5,000 covers and trains on the rest, so this is the smallest raw data
that satisfies it: 5,001 covers for one seed (one training image), a few dozen more for the
other, their names a sorted random subset of Kaggle's 00001-75000 (the renumbering shows).
Each file is a few bytes, not a real JPEG (neither preparation decodes them), and different in
every folder, so a test image taken from the wrong folder or a wrong name differs."""

from __future__ import annotations

import random
from pathlib import Path

FOLDERS = ("Cover", "JMiPOD", "JUNIWARD", "UERD")


def make(raw: Path, rng: random.Random) -> None:
    count = 5001 if rng.random() < 0.5 else 5001 + rng.randint(20, 60)
    names = [f"{number:05d}.jpg" for number in sorted(rng.sample(range(1, 75001), count))]
    for folder in FOLDERS:
        (raw / folder).mkdir()
        for name in names:
            (raw / folder / name).write_bytes(b"\xff\xd8" + f"{folder}/{name}".encode() + rng.randbytes(2))
    (raw / "Test").mkdir()
    for number in range(1, 4):
        (raw / "Test" / f"{number:04d}.jpg").write_bytes(b"\xff\xd8test" + rng.randbytes(2))
    (raw / "sample_submission.csv").write_text("Id,Label\n" + "".join(f"{n:04d}.jpg,0\n" for n in range(1, 4)))
