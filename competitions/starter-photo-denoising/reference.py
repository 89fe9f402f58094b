"""Reference field for starter-photo-denoising: classic filters and small learned models.

Solutions read only the public folder: noisy training patches, their clean
versions, and the noisy test patches. Hand-made filters (gaussian, median,
bilateral, total variation, non-local means) need no training; learned
entries regress each clean pixel on the noisy pixels around it. Constants,
random values, thresholding and coarse blurs fill the bottom of the field.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image
from scipy import ndimage
from skimage.restoration import denoise_bilateral, denoise_nl_means, denoise_tv_chambolle
from sklearn.ensemble import ExtraTreesRegressor, GradientBoostingRegressor, RandomForestRegressor
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import Ridge
from sklearn.neural_network import MLPRegressor

SEED = 0


def read_folder(public: Path, folder: str) -> dict[str, np.ndarray]:
    """Every PNG of a folder as a float image in [0, 1], by image name."""
    return {p.stem: np.asarray(Image.open(p), dtype=float) / 255 for p in sorted((public / folder).glob("*.png"))}


def submission(images: dict[str, np.ndarray]) -> pd.DataFrame:
    """The `id,value` table of predicted images (ids `<image>_<row>_<col>`, 1-based)."""
    parts = []
    for name, image in images.items():
        rows, cols = np.indices(image.shape) + 1
        ids = [f"{name}_{r}_{c}" for r, c in zip(rows.ravel(), cols.ravel())]
        parts.append(pd.DataFrame({"id": ids, "value": np.clip(image.ravel(), 0, 1)}))
    return pd.concat(parts, ignore_index=True)


def filtered(denoise: Callable[[np.ndarray], np.ndarray], public: Path) -> pd.DataFrame:
    """Apply a fixed filter to every test image (no training)."""
    return submission({name: denoise(image) for name, image in read_folder(public, "test").items()})


def constant(value: float | None, public: Path) -> pd.DataFrame:
    """Every pixel the same: `value`, or the mean clean intensity of the training images if None."""
    if value is None:
        value = float(np.mean([im.mean() for im in read_folder(public, "train_cleaned").values()]))
    return filtered(lambda image: np.full_like(image, value), public)


def random_values(public: Path) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    return filtered(lambda image: rng.random(image.shape), public)


def block_average(image: np.ndarray, block: int = 8) -> np.ndarray:
    """Average over block x block squares, then blown back up (a very coarse blur)."""
    h, w = image.shape
    small = image.reshape(h // block, block, w // block, block).mean(axis=(1, 3))
    return np.kron(small, np.ones((block, block)))


# --- learned models on pixel neighbourhoods ------------------------------------------------------


def neighbourhood(image: np.ndarray, radius: int) -> np.ndarray:
    """For every pixel, the (2r+1)^2 noisy values around it (edges mirrored), one row per pixel."""
    padded = np.pad(image, radius, mode="reflect")
    windows = np.lib.stride_tricks.sliding_window_view(padded, (2 * radius + 1, 2 * radius + 1))
    return windows.reshape(image.size, -1)


def rich_features(image: np.ndarray) -> np.ndarray:
    """A 3x3 neighbourhood plus median and gaussian smoothings at several scales."""
    extra = [
        ndimage.median_filter(image, 3, mode="reflect"),
        ndimage.median_filter(image, 5, mode="reflect"),
        ndimage.gaussian_filter(image, 1.0, mode="reflect"),
        ndimage.gaussian_filter(ndimage.median_filter(image, 3, mode="reflect"), 1.0, mode="reflect"),
        ndimage.gaussian_filter(image, 3.0, mode="reflect"),
        ndimage.gaussian_filter(image, 8.0, mode="reflect"),
    ]
    return np.column_stack([neighbourhood(image, 1)] + [e.ravel() for e in extra])


def learned(
    make_model: Callable,
    features: Callable[[np.ndarray], np.ndarray],
    public: Path,
    max_pixels: int | None = None,
    max_images: int | None = None,
) -> pd.DataFrame:
    """Regress clean pixels on features of the noisy image, on (a seeded sample of) the training pixels."""
    noisy, clean = read_folder(public, "train"), read_folder(public, "train_cleaned")
    names = sorted(noisy)
    rng = np.random.default_rng(SEED)
    if max_images is not None:
        names = sorted(rng.choice(names, size=max_images, replace=False))
    x = np.concatenate([features(noisy[n]) for n in names])
    y = np.concatenate([clean[n].ravel() for n in names])
    if max_pixels is not None and len(y) > max_pixels:
        keep = rng.choice(len(y), size=max_pixels, replace=False)
        x, y = x[keep], y[keep]
    with warnings.catch_warnings():  # capped iterations are deliberate
        warnings.simplefilter("ignore", category=UserWarning)
        model = make_model().fit(x, y)
    return filtered(lambda image: model.predict(features(image)).reshape(image.shape), public)


def own_value(image: np.ndarray) -> np.ndarray:
    return image.reshape(-1, 1)


SOLUTIONS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "random forest (40 trees) on neighbourhood + smoothed features, 40k pixels": partial(
        learned, lambda: RandomForestRegressor(40, min_samples_leaf=5, max_features=0.5, random_state=SEED, n_jobs=1),
        rich_features, max_pixels=40_000,
    ),
    "extra trees (60 trees) on neighbourhood + smoothed features, 60k pixels": partial(
        learned, lambda: ExtraTreesRegressor(60, min_samples_leaf=5, random_state=SEED, n_jobs=1),
        rich_features, max_pixels=60_000,
    ),
    "MLP (32 hidden) on 7x7 neighbourhoods, 80k pixels": partial(
        learned, lambda: MLPRegressor(hidden_layer_sizes=(32,), max_iter=30, random_state=SEED), partial(neighbourhood, radius=3),
        max_pixels=80_000,
    ),
    "gradient boosting (60 trees) on smoothed features, 30k pixels": partial(
        learned, lambda: GradientBoostingRegressor(n_estimators=60, max_depth=4, random_state=SEED),
        rich_features, max_pixels=30_000,
    ),
    "ridge regression on neighbourhood + smoothed features": partial(learned, lambda: Ridge(1e-3), rich_features),
    "ridge regression on 7x7 neighbourhoods": partial(learned, lambda: Ridge(1e-3), partial(neighbourhood, radius=3)),
    "ridge regression on 3x3 neighbourhoods": partial(learned, lambda: Ridge(1e-3), partial(neighbourhood, radius=1)),
    "ridge on 7x7 neighbourhoods, trained on 2 images": partial(
        learned, lambda: Ridge(1e-3), partial(neighbourhood, radius=3), max_images=2
    ),
    "median filter 3x3 then gaussian blur (sigma 1)": partial(
        filtered, lambda im: ndimage.gaussian_filter(ndimage.median_filter(im, 3, mode="reflect"), 1.0, mode="reflect")
    ),
    "non-local means (patch 5, distance 6)": partial(
        filtered, lambda im: denoise_nl_means(im, patch_size=5, patch_distance=6, h=0.08, fast_mode=True)
    ),
    "total-variation denoising, weight 0.1": partial(filtered, lambda im: denoise_tv_chambolle(im, weight=0.1)),
    "total-variation denoising, weight 0.3": partial(filtered, lambda im: denoise_tv_chambolle(im, weight=0.3)),
    "median filter 3x3": partial(filtered, lambda im: ndimage.median_filter(im, 3, mode="reflect")),
    "median filter 5x5": partial(filtered, lambda im: ndimage.median_filter(im, 5, mode="reflect")),
    "bilateral filter": partial(filtered, lambda im: denoise_bilateral(im, sigma_color=0.15, sigma_spatial=2)),
    "gaussian blur, sigma 1": partial(filtered, lambda im: ndimage.gaussian_filter(im, 1.0, mode="reflect")),
    "gaussian blur, sigma 0.6": partial(filtered, lambda im: ndimage.gaussian_filter(im, 0.6, mode="reflect")),
    "median filter 9x9": partial(filtered, lambda im: ndimage.median_filter(im, 9, mode="reflect")),
    "gaussian blur, sigma 3": partial(filtered, lambda im: ndimage.gaussian_filter(im, 3.0, mode="reflect")),
    "isotonic map of each pixel's own noisy value": partial(
        learned, lambda: IsotonicRegression(out_of_bounds="clip"), own_value
    ),
    "noisy image unchanged": partial(filtered, lambda im: im),
    "8x8 block averages": partial(filtered, block_average),
    "mean training intensity everywhere": partial(constant, None),
    "constant 0.5": partial(constant, 0.5),
    "threshold at 0.5 (black or white)": partial(filtered, lambda im: (im > 0.5).astype(float)),
    "constant 1.0 (white)": partial(constant, 1.0),
    "uniform random values (seeded)": random_values,
}
