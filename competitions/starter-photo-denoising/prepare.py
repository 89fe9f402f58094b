"""Prepare the photo-denoising starter: restore clean patches from noisy, stained ones.

Source photos are the sample images that ship inside scikit-image and
scikit-learn (no download). Each is turned to grayscale, cut into a grid of
64x64 tiles, and a few textured tiles are drawn at random. Every tile then gets
its own seeded damage: dark blotches (like coffee stains), gaussian noise and a
sprinkle of black/white impulse pixels. The train/test split is by source
photo, so no test photo is ever seen during training.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

SEED = 9090
TILE = 64
TILES_PER_PHOTO = {"train": 6, "test": 8}
MIN_TILE_STD = 0.04  # skip nearly flat tiles (black sky, blank paper)
TEST_PHOTOS = ("coffee", "coins", "gravel", "page")
SKIMAGE_PHOTOS = (
    "astronaut", "brick", "camera", "cell", "chelsea", "clock", "coffee", "coins", "grass", "gravel",
    "hubble_deep_field", "immunohistochemistry", "moon", "page", "retina", "rocket", "text",
)  # fmt: skip
SKLEARN_PHOTOS = ("china", "flower")


def load_photos() -> dict[str, np.ndarray]:
    """Every source photo as 2-D uint8 grayscale, by name."""
    import skimage.data
    from skimage.color import rgb2gray
    from sklearn.datasets import load_sample_images

    photos = {name: getattr(skimage.data, name)() for name in SKIMAGE_PHOTOS}
    samples = load_sample_images()
    for filename, image in zip(samples.filenames, samples.images):
        photos[Path(filename).stem] = image
    assert sorted(photos) == sorted(SKIMAGE_PHOTOS + SKLEARN_PHOTOS)

    def gray(image: np.ndarray) -> np.ndarray:
        if image.ndim == 3:
            image = np.rint(rgb2gray(image[..., :3]) * 255)
        return image.astype(np.uint8)

    return {name: gray(photos[name]) for name in sorted(photos)}


def pick_tiles(photo: np.ndarray, count: int, rng: np.random.Generator) -> list[np.ndarray]:
    """`count` random non-overlapping grid tiles that are not almost flat."""
    rows, cols = photo.shape[0] // TILE, photo.shape[1] // TILE
    tiles = [photo[r * TILE : (r + 1) * TILE, c * TILE : (c + 1) * TILE] for r in range(rows) for c in range(cols)]
    textured = [t for t in tiles if (t / 255).std() > MIN_TILE_STD]
    chosen = rng.choice(len(textured), size=min(count, len(textured)), replace=False)
    return [textured[k] for k in sorted(chosen)]


def damage(clean: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A noisy uint8 copy: dark stains, then gaussian noise, then impulse pixels."""
    image = clean / 255.0
    yy, xx = np.mgrid[0:TILE, 0:TILE]
    stain = np.zeros_like(image)
    for _ in range(rng.integers(0, 4)):
        cy, cx = rng.uniform(0, TILE, size=2)
        radius, depth = rng.uniform(6, 20), rng.uniform(0.2, 0.5)
        stain += depth * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * radius**2))
    image = image * (1 - np.minimum(stain, 0.7))
    image = image + rng.normal(0, rng.uniform(0.03, 0.10), size=image.shape)
    impulses = rng.random(image.shape) < rng.uniform(0, 0.02)
    image[impulses] = rng.integers(0, 2, size=int(impulses.sum()))
    return np.rint(np.clip(image, 0, 1) * 255).astype(np.uint8)


def pixel_table(image_id: str, noisy: np.ndarray, clean: np.ndarray | None) -> pd.DataFrame:
    """One row per pixel: id `<image>_<row>_<col>` (1-based), noisy intensity, clean intensity."""
    rows, cols = np.indices(noisy.shape) + 1
    table = {
        "id": [f"{image_id}_{r}_{c}" for r, c in zip(rows.ravel(), cols.ravel())],
        "noisy": noisy.ravel() / 255,
    }
    if clean is not None:
        table["value"] = clean.ravel() / 255
    return pd.DataFrame(table)


def prepare(raw_dir: Path | None, public: Path, private: Path) -> None:
    rng = np.random.default_rng(SEED)
    patches = []  # (split, clean tile)
    for name, photo in load_photos().items():
        split = "test" if name in TEST_PHOTOS else "train"
        patches += [(split, tile) for tile in pick_tiles(photo, TILES_PER_PHOTO[split], rng)]
    noisy = [damage(tile, rng) for _, tile in patches]
    ids = [f"p{n:03d}" for n in rng.permutation(len(patches))]

    for folder in ("train", "train_cleaned", "test"):
        (public / folder).mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    tables = {"train": [], "test": []}
    for k in np.argsort(ids):
        split, clean = patches[k]
        Image.fromarray(noisy[k]).save(public / split / f"{ids[k]}.png")
        if split == "train":
            Image.fromarray(clean).save(public / "train_cleaned" / f"{ids[k]}.png")
        tables[split].append(pixel_table(ids[k], noisy[k], clean))

    fmt = "%.4f"
    train, test = pd.concat(tables["train"], ignore_index=True), pd.concat(tables["test"], ignore_index=True)
    train.to_csv(public / "train.csv", index=False, float_format=fmt)
    test[["id", "noisy"]].to_csv(public / "test.csv", index=False, float_format=fmt)
    test[["id"]].assign(value=0.5).to_csv(public / "sample_submission.csv", index=False, float_format=fmt)
    test[["id", "value"]].to_csv(private / "answers.csv", index=False, float_format=fmt)
