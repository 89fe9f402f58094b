"""Tiny real image files for the raw-data generators of image competitions: a few pixels of
seeded noise, written by PIL in the real file format, so a copy that alters bytes shows."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image


def write_image(path: Path, rng: random.Random, size: tuple[int, int] = (3, 2), mode: str = "RGB") -> Path:
    """A `size` image of random pixels at `path` (folders created), its format from the suffix."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    bands = len(mode)
    pixels = bytes(rng.randrange(256) for _ in range(size[0] * size[1] * bands))
    Image.frombytes(mode, size, pixels).save(path)
    return path


def hex_id(rng: random.Random, width: int) -> str:
    """A Kaggle-style hex id; about one in ten is all digits (numeric-looking, with a leading zero)."""
    if rng.random() < 0.1:
        return "0" + "".join(rng.choice("0123456789") for _ in range(width - 1))
    return "".join(rng.choice("0123456789abcdef") for _ in range(width))
