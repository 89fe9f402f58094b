"""rsna-miccai-brain-tumor-radiogenomic-classification raw data in small: Kaggle's
train_labels.csv (five-digit BraTS21IDs with leading zeros, not consecutive, MGMT_value 0/1),
train/<id>/{FLAIR,T1w,T1wCE,T2w}/Image-<n>.dcm study folders (a sequence may hold a single
slice; slice numbers skip), a training folder the CSV does not list (ignored), and the test/
folders and sample_submission.csv that MLE-bench ignores. The slices are a few random bytes
behind DICOM's 128-byte preamble and "DICM" magic, so a copy that alters bytes shows."""

from __future__ import annotations

import random
from pathlib import Path

from tests.competitions.preparation.images import dicom_bytes

SEQUENCES = ("FLAIR", "T1w", "T1wCE", "T2w")


def _study(folder: Path, rng: random.Random) -> None:
    for sequence in SEQUENCES:
        (folder / sequence).mkdir(parents=True)
        for n in rng.sample(range(1, 400), rng.randint(1, 3)):
            (folder / sequence / f"Image-{n}.dcm").write_bytes(dicom_bytes(rng))


def make(raw: Path, rng: random.Random, patients: int = 45) -> None:
    ids = sorted(rng.sample(range(1000), patients + 1))
    listed = ids[:]
    listed.remove(rng.choice(ids))  # its folder is there, its row is not
    (raw / "train_labels.csv").write_text(
        "BraTS21ID,MGMT_value\n" + "".join(f"{i:05d},{rng.randint(0, 1)}\n" for i in listed))
    for i in ids:
        _study(raw / "train" / f"{i:05d}", rng)
    tests = sorted(rng.sample(range(1000, 1100), 4))
    for i in tests:
        _study(raw / "test" / f"{i:05d}", rng)
    (raw / "sample_submission.csv").write_text("BraTS21ID,MGMT_value\n" + "".join(f"{i:05d},0.5\n" for i in tests))
