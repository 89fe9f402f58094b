"""Denoising dirty documents: hold out 20% of Kaggle's 144 training pages as the test set.

Kaggle's own test pages have no published clean versions, so MLE-bench splits
the 144 noisy/clean training pairs (train_test_split of the file names in
sorted order, test_size 0.2, random_state 0: 115 train, 29 test). The agent
gets the noisy test pages; the clean versions become `private/answers.csv`,
one row per pixel (`<page>_<row>_<col>`, 1-based, rows then columns) with the
grey level scaled to [0, 1]. Both CSV files are byte-identical to MLE-bench's
(checked by md5 in the tests).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from pytest_mlebench.data.authoring import train_test_split

TEST_SIZE = 0.2
RANDOM_STATE = 0


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    noisy = _pngs(raw_dir / "train.zip", "train")
    clean = _pngs(raw_dir / "train_cleaned.zip", "train_cleaned")
    # File names sorted as strings ("10.png" before "2.png"), the order MLE-bench splits in.
    names = sorted(noisy)
    _, test_names = train_test_split(names, test_size=TEST_SIZE, random_state=RANDOM_STATE)
    held_out = set(test_names)

    private.mkdir(parents=True, exist_ok=True)
    for folder, images, keep in (("train", noisy, False), ("test", noisy, True), ("train_cleaned", clean, False)):
        (public / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            if (name in held_out) == keep:
                (public / folder / name).write_bytes(images[name])

    answers = pd.concat([_pixels(Path(name).stem, clean[name]) for name in sorted(held_out)], ignore_index=True)
    answers.to_csv(private / "answers.csv", index=False)
    sample = answers.copy()
    sample["value"] = 1  # an all-white page, written as the integer 1
    sample.to_csv(public / "sampleSubmission.csv", index=False)


def _pngs(archive: Path, folder: str) -> dict[str, bytes]:
    """The PNG files of `folder/` inside a raw zip, by file name, as their original bytes."""
    with zipfile.ZipFile(archive) as source:
        return {
            Path(member).name: source.read(member)
            for member in source.namelist()
            if member.startswith(f"{folder}/") and member.endswith(".png")
        }


def _pixels(stem: str, png: bytes) -> pd.DataFrame:
    """One row per pixel of a clean page: id `<stem>_<row>_<col>` (1-based, row-major), grey level / 255."""
    grey = np.array(Image.open(io.BytesIO(png)).convert("L")) / 255.0
    rows, cols = grey.shape
    ids = [f"{stem}_{r}_{c}" for r in range(1, rows + 1) for c in range(1, cols + 1)]
    return pd.DataFrame({"id": ids, "value": grey.ravel()})
