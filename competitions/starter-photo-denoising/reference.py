"""Reference field for starter-photo-denoising: classic filters and small learned models.

Solutions read only the public folder: noisy training patches, their clean
versions, and the noisy test patches. As on Kaggle's denoising competitions,
the top of the field regresses each clean pixel on engineered features of
the noisy image around it (neighbourhoods, median / gaussian / total-variation
smoothings, local spread) with tuned gradient boosting, forests, small
neural nets and blends of them; the middle is hand-made filters (gaussian,
median, bilateral, total variation, non-local means, Wiener) over a grid of
strengths, and learned models with too little data or too few features.
Constants, random values, thresholding and coarse blurs fill the bottom.
Every solution is seeded and deterministic.
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
from scipy.signal import wiener
from sklearn.ensemble import (
    ExtraTreesRegressor,
    GradientBoostingRegressor,
    HistGradientBoostingRegressor,
    RandomForestRegressor,
)
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import Ridge
from sklearn.neighbors import KNeighborsRegressor
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures
from threadpoolctl import threadpool_limits

SEED = 0


_FOLDERS: dict[tuple[Path, str], dict[str, np.ndarray]] = {}
_TABLES: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
_PREDICTIONS: dict[tuple, dict[str, np.ndarray]] = {}


def read_folder(public: Path, folder: str) -> dict[str, np.ndarray]:
    """Every PNG of a folder as a float image in [0, 1], by image name (read once; do not modify)."""
    if (public, folder) not in _FOLDERS:
        _FOLDERS[public, folder] = _read_pngs(public, folder)
    return _FOLDERS[public, folder]


def _read_pngs(public: Path, folder: str) -> dict[str, np.ndarray]:
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


def training_table(public: Path, features: Callable, max_pixels: int | None, max_images: int | None):
    """Features and clean targets of (a seeded sample of) the training pixels, built once per setting."""
    key = (public, features, max_pixels, max_images)
    if key not in _TABLES:
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
        _TABLES[key] = x, y
    return _TABLES[key]


def learned_images(make_model: Callable, features: Callable, public: Path, max_pixels: int | None = None,
                   max_images: int | None = None, reuse: bool = True) -> dict[str, np.ndarray]:
    """Test images cleaned by a model of clean pixels on features of the noisy image (kept for blends)."""
    key = (make_model, features, public, max_pixels, max_images)
    if key not in _PREDICTIONS or not reuse:
        x, y = training_table(public, features, max_pixels, max_images)
        with warnings.catch_warnings(), threadpool_limits(1):  # capped iterations are deliberate
            warnings.simplefilter("ignore", category=UserWarning)
            model = make_model().fit(x, y)
            _PREDICTIONS[key] = {
                name: np.clip(model.predict(features(image)).reshape(image.shape), 0, 1)
                for name, image in read_folder(public, "test").items()
            }
    return _PREDICTIONS[key]


def learned(make_model: Callable, features: Callable[[np.ndarray], np.ndarray], public: Path,
            max_pixels: int | None = None, max_images: int | None = None) -> pd.DataFrame:
    """Regress clean pixels on features of the noisy image, on (a seeded sample of) the training pixels."""
    return submission(learned_images(make_model, features, public, max_pixels, max_images, reuse=False))


def blend(members: list[tuple], public: Path) -> pd.DataFrame:
    """Pixel-wise average of several learned models' cleaned images."""
    images = [learned_images(*member[:2], public, *member[2:]) for member in members]
    return submission({name: np.mean([im[name] for im in images], axis=0) for name in images[0]})


def tv_features(image: np.ndarray) -> np.ndarray:
    """The rich features plus total-variation smoothings of the median image and the local spread."""
    median = ndimage.median_filter(image, 3, mode="reflect")
    extra = [
        denoise_tv_chambolle(median, weight=0.05),
        denoise_tv_chambolle(median, weight=0.15),
        np.sqrt(np.maximum(ndimage.uniform_filter(image**2, 5) - ndimage.uniform_filter(image, 5) ** 2, 0)),
        ndimage.median_filter(median, 3, mode="reflect"),
    ]
    return np.column_stack([rich_features(image)] + [e.ravel() for e in extra]).astype(np.float32)


def wide_features(image: np.ndarray) -> np.ndarray:
    """A 5x5 neighbourhood plus the smoothings of `rich_features`."""
    return np.column_stack([neighbourhood(image, 2), rich_features(image)[:, 9:]])


def smoothings_only(image: np.ndarray) -> np.ndarray:
    """The smoothed values alone, without the raw neighbourhood."""
    return rich_features(image)[:, 9:]


def with_image_level(image: np.ndarray) -> np.ndarray:
    """A 5x5 neighbourhood, two medians, two box means and the image's median level."""
    columns = [
        ndimage.median_filter(image, 3, mode="reflect"), ndimage.median_filter(image, 5, mode="reflect"),
        ndimage.uniform_filter(image, 9, mode="reflect"), ndimage.uniform_filter(image, 25, mode="reflect"),
        np.full_like(image, np.median(image)),
    ]
    return np.column_stack([neighbourhood(image, 2)] + [c.ravel() for c in columns])


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


FEATURES = {
    "3x3 neighbourhood + smoothings": rich_features,
    "5x5 neighbourhood + smoothings": wide_features,
    "smoothings + total variation + local spread": tv_features,
    "5x5 neighbourhood + medians + box means + image level": with_image_level,
}
for feature_name, features in FEATURES.items():
    for rate, leaves, rounds, pixels in ((0.1, 31, 200, 100_000), (0.05, 31, 400, 200_000), (0.1, 63, 300, 200_000),
                                         (0.2, 15, 100, 50_000), (0.1, 15, 150, 20_000)):
        SOLUTIONS[f"gradient boosting (histogram), {rounds} trees of {leaves} leaves, rate {rate}, on {feature_name}, "
                  f"{pixels // 1000}k pixels"] = partial(
            learned, lambda rate=rate, leaves=leaves, rounds=rounds: HistGradientBoostingRegressor(
                learning_rate=rate, max_leaf_nodes=leaves, max_iter=rounds, random_state=SEED),
            features, max_pixels=pixels)
    SOLUTIONS[f"ridge regression on {feature_name}"] = partial(learned, lambda: Ridge(1e-3), features)
    SOLUTIONS[f"MLP (64x32 hidden) on {feature_name}, 60k pixels"] = partial(
        learned, lambda: MLPRegressor(hidden_layer_sizes=(64, 32), max_iter=40, early_stopping=True, random_state=SEED),
        features, max_pixels=60_000)
    SOLUTIONS[f"extra trees (40 trees) on {feature_name}, 40k pixels"] = partial(
        learned, lambda: ExtraTreesRegressor(40, min_samples_leaf=5, max_features=0.5, random_state=SEED, n_jobs=1),
        features, max_pixels=40_000)
    SOLUTIONS[f"k nearest neighbours (k=20) on {feature_name}, 30k pixels"] = partial(
        learned, lambda: KNeighborsRegressor(20), features, max_pixels=30_000)

for images in (3, 10, 30):
    SOLUTIONS[f"gradient boosting (histogram), 200 trees of 31 leaves, on 3x3 neighbourhood + smoothings, {images} training images"] = partial(
        learned, lambda: HistGradientBoostingRegressor(max_iter=200, max_leaf_nodes=31, random_state=SEED),
        rich_features, max_images=images)
SOLUTIONS["gradient boosting (histogram) on smoothings only (no neighbourhood), 100k pixels"] = partial(
    learned, lambda: HistGradientBoostingRegressor(max_iter=200, random_state=SEED), smoothings_only, max_pixels=100_000)
SOLUTIONS["ridge regression on smoothings only (no neighbourhood)"] = partial(learned, lambda: Ridge(1e-3), smoothings_only)

_HGB_TV = (lambda: HistGradientBoostingRegressor(learning_rate=0.05, max_leaf_nodes=31, max_iter=400, random_state=SEED),
           tv_features, 200_000)
_HGB_RICH = (lambda: HistGradientBoostingRegressor(learning_rate=0.1, max_leaf_nodes=63, max_iter=300, random_state=SEED),
             rich_features, 200_000)
_MLP_WIDE = (lambda: MLPRegressor(hidden_layer_sizes=(64, 32), max_iter=40, early_stopping=True, random_state=SEED),
             wide_features, 60_000)
_TREES = (lambda: ExtraTreesRegressor(40, min_samples_leaf=5, max_features=0.5, random_state=SEED, n_jobs=1),
          tv_features, 40_000)
SOLUTIONS.update({
    "blend: boosting on two feature sets": partial(blend, [_HGB_TV, _HGB_RICH]),
    "blend: boosting + MLP + extra trees": partial(blend, [_HGB_TV, _MLP_WIDE, _TREES]),
    "blend: boosting + extra trees": partial(blend, [_HGB_TV, _TREES]),
})

for sigma in (0.5, 0.8, 1.5, 2.0):
    SOLUTIONS[f"gaussian blur, sigma {sigma}"] = partial(filtered, lambda im, sigma=sigma: ndimage.gaussian_filter(im, sigma, mode="reflect"))
for weight in (0.05, 0.2, 0.5):
    SOLUTIONS[f"total-variation denoising, weight {weight}"] = partial(filtered, lambda im, weight=weight: denoise_tv_chambolle(im, weight=weight))
for weight in (0.05, 0.1, 0.2):
    SOLUTIONS[f"median filter 3x3, then total-variation denoising, weight {weight}"] = partial(
        filtered, lambda im, weight=weight: denoise_tv_chambolle(ndimage.median_filter(im, 3, mode="reflect"), weight=weight))
for h in (0.05, 0.12):
    SOLUTIONS[f"non-local means (patch 5, distance 6, h {h})"] = partial(
        filtered, lambda im, h=h: denoise_nl_means(im, patch_size=5, patch_distance=6, h=h, fast_mode=True))
SOLUTIONS["median filter 3x3, then non-local means (h 0.05)"] = partial(
    filtered, lambda im: denoise_nl_means(ndimage.median_filter(im, 3, mode="reflect"), patch_size=5, patch_distance=6, h=0.05, fast_mode=True))
for sigma_color in (0.05, 0.3):
    SOLUTIONS[f"bilateral filter, colour sigma {sigma_color}"] = partial(
        filtered, lambda im, sigma_color=sigma_color: denoise_bilateral(im, sigma_color=sigma_color, sigma_spatial=2))
for size in (3, 5):
    SOLUTIONS[f"Wiener filter {size}x{size}"] = partial(filtered, lambda im, size=size: wiener(im, size))
SOLUTIONS["median filter 3x3 twice"] = partial(
    filtered, lambda im: ndimage.median_filter(ndimage.median_filter(im, 3, mode="reflect"), 3, mode="reflect"))
SOLUTIONS["median filter 7x7"] = partial(filtered, lambda im: ndimage.median_filter(im, 7, mode="reflect"))
SOLUTIONS["4x4 block averages"] = partial(filtered, partial(block_average, block=4))
SOLUTIONS["median filter 5x5, then gaussian blur (sigma 1)"] = partial(
    filtered, lambda im: ndimage.gaussian_filter(ndimage.median_filter(im, 5, mode="reflect"), 1.0, mode="reflect"))
SOLUTIONS["median filter 5x5, then total-variation denoising, weight 0.1"] = partial(
    filtered, lambda im: denoise_tv_chambolle(ndimage.median_filter(im, 5, mode="reflect"), weight=0.1))

# More learned variants: other losses, forests, bigger nets, polynomial and monotone maps.
SOLUTIONS.update({
    "random forest (40 trees) on smoothings + total variation + local spread, 40k pixels": partial(
        learned, lambda: RandomForestRegressor(40, min_samples_leaf=5, max_features=0.5, random_state=SEED, n_jobs=1),
        tv_features, max_pixels=40_000),
    "gradient boosting (sklearn, 100 depth-4 trees) on smoothings + total variation + local spread, 30k pixels": partial(
        learned, lambda: GradientBoostingRegressor(n_estimators=100, max_depth=4, random_state=SEED), tv_features,
        max_pixels=30_000),
    "MLP (128 hidden) on smoothings + total variation + local spread, 100k pixels": partial(
        learned, lambda: MLPRegressor(hidden_layer_sizes=(128,), max_iter=30, early_stopping=True, random_state=SEED),
        tv_features, max_pixels=100_000),
    "gradient boosting (histogram, absolute-error loss) on smoothings + total variation + local spread, 100k pixels": partial(
        learned, lambda: HistGradientBoostingRegressor(loss="absolute_error", max_iter=200, random_state=SEED),
        tv_features, max_pixels=100_000),
    "gradient boosting (histogram, min 500 pixels per leaf) on smoothings + total variation + local spread, 100k pixels": partial(
        learned, lambda: HistGradientBoostingRegressor(max_iter=200, min_samples_leaf=500, random_state=SEED),
        tv_features, max_pixels=100_000),
    "ridge regression on squares and products of the smoothings": partial(
        learned, lambda: make_pipeline(PolynomialFeatures(2), Ridge(1e-3)), smoothings_only, max_pixels=100_000),
    "isotonic map of the 3x3 median value": partial(
        learned, lambda: IsotonicRegression(out_of_bounds="clip"),
        lambda im: ndimage.median_filter(im, 3, mode="reflect").reshape(-1, 1)),
    "k nearest neighbours (k=5) on smoothings + total variation + local spread, 30k pixels": partial(
        learned, lambda: KNeighborsRegressor(5), tv_features, max_pixels=30_000),
    "MLP (32 hidden) on 7x7 neighbourhoods, 10 epochs, 20k pixels": partial(
        learned, lambda: MLPRegressor(hidden_layer_sizes=(32,), max_iter=10, random_state=SEED), partial(neighbourhood, radius=3),
        max_pixels=20_000),
})
