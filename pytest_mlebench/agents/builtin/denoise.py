"""Image-to-image denoising: learn each clean pixel from the noisy pixels around it.

Training pairs are `train/<img>` (noisy) and `train_cleaned/<img>` (clean).
Every pixel becomes a row: its 5x5 noisy neighbourhood, a few smoothed
versions of it (medians, local means) and the image's overall level. On
held-out training images we compare leaving the image as it is, a median
filter, a learned linear filter (ridge) and gradient boosting, then clean
the test images with the best. The submission has one row per test pixel,
`<img>_<row>_<col>` (1-based), valued in [0, 1].
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import ndimage
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import RidgeCV

from pytest_mlebench.agents.builtin.detect import find_images
from pytest_mlebench.agents.builtin.images import load_gray
from pytest_mlebench.agents.builtin.modeling import Candidate, Clock, log

RADIUS = 2
MAX_TRAIN_PIXELS = 200_000
MAX_VALID_PIXELS = 100_000


def pixel_features(noisy: np.ndarray) -> np.ndarray:
    """(height * width, features) for one noisy image; column 0 is the pixel itself."""
    padded = np.pad(noisy, RADIUS, mode="reflect")
    height, width = noisy.shape
    offsets = [(0, 0)] + [(dy, dx) for dy in range(-RADIUS, RADIUS + 1) for dx in range(-RADIUS, RADIUS + 1) if (dy, dx) != (0, 0)]
    columns = [padded[RADIUS + dy : RADIUS + dy + height, RADIUS + dx : RADIUS + dx + width] for dy, dx in offsets]
    columns += [
        ndimage.median_filter(noisy, size=3, mode="reflect"),
        ndimage.median_filter(noisy, size=5, mode="reflect"),
        ndimage.uniform_filter(noisy, size=9, mode="reflect"),
        ndimage.uniform_filter(noisy, size=25, mode="reflect"),
        np.full_like(noisy, np.median(noisy)),
    ]
    return np.stack([c.ravel() for c in columns], axis=1).astype(np.float32)


MEDIAN3_COLUMN = (2 * RADIUS + 1) ** 2  # the first smoothed column, right after the patch


class UseColumn(BaseEstimator, RegressorMixin):
    """A fixed filter posing as a model: predicts one feature column unchanged."""

    def __init__(self, column: int = 0):
        self.column = column

    def fit(self, x, y):
        return self

    def predict(self, x):
        return np.asarray(x)[:, self.column]


def candidates(seed: int) -> list[Candidate]:
    return [
        Candidate("noisy image unchanged", lambda: UseColumn(0)),
        Candidate("3x3 median filter", lambda: UseColumn(MEDIAN3_COLUMN)),
        Candidate("ridge on the neighbourhood (learned linear filter)", lambda: RidgeCV(alphas=np.logspace(-4, 2, 7))),
        Candidate(
            "gradient boosting on the neighbourhood",
            lambda: HistGradientBoostingRegressor(max_iter=200, learning_rate=0.1, max_leaf_nodes=31, random_state=seed),
        ),
    ]


def _training_pairs(data_dir: Path) -> list[tuple[str, np.ndarray, np.ndarray]]:
    noisy, clean = find_images(data_dir / "train"), find_images(data_dir / "train_cleaned")
    pairs = []
    for name, path in noisy.items():
        if name != path.stem or name not in clean:
            continue
        x, y = load_gray(path), load_gray(clean[name])
        if x.shape == y.shape:
            pairs.append((name, x, y))
    if not pairs:
        raise ValueError("no train/ image has a same-named, same-sized image in train_cleaned/")
    return pairs


def _sample_pixels(pairs, budget: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A random subset of pixels (features, clean value), at most `budget`, spread over the images."""
    total = sum(x.size for _, x, _ in pairs)
    xs, ys = [], []
    for _, noisy, clean in pairs:
        take = min(noisy.size, max(1, round(budget * noisy.size / total)))
        rows = rng.choice(noisy.size, size=take, replace=False)
        xs.append(pixel_features(noisy)[rows])
        ys.append(clean.ravel()[rows])
    return np.concatenate(xs), np.concatenate(ys)


def _rmse(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sqrt(np.mean((np.clip(a, 0, 1) - b) ** 2)))


def solve(data_dir: Path, sample: pd.DataFrame, id_column: str, value_column: str, clock: Clock, seed: int) -> dict[str, np.ndarray]:
    """Clean-pixel predictions for every row of the sample submission."""
    rng = np.random.default_rng(seed)
    pairs = _training_pairs(data_dir)
    log(f"  {len(pairs)} training image pair(s)")
    order = rng.permutation(len(pairs))
    n_valid = max(1, round(0.2 * len(pairs))) if len(pairs) >= 3 else 0
    valid, fit = [pairs[i] for i in order[:n_valid]], [pairs[i] for i in order[n_valid:]]
    if n_valid:
        x_fit, y_fit = _sample_pixels(fit, MAX_TRAIN_PIXELS, rng)
        x_valid, y_valid = _sample_pixels(valid, MAX_VALID_PIXELS, rng)
    else:  # too few images to hold one out: hold out pixels instead
        x_all, y_all = _sample_pixels(pairs, MAX_TRAIN_PIXELS + MAX_VALID_PIXELS, rng)
        split = rng.random(len(y_all)) < 0.2
        x_fit, y_fit, x_valid, y_valid = x_all[~split], y_all[~split], x_all[split], y_all[split]

    best = None
    for candidate in candidates(seed):
        if best is not None and clock.left() < 0.5 * clock.budget:
            log(f"  skipping {candidate.name}: half of the time budget is gone")
            continue
        started = time.monotonic()
        model = candidate.make().fit(x_fit, y_fit)
        loss = _rmse(model.predict(x_valid), y_valid)
        log(f"  {candidate.name}: holdout rmse = {loss:.5f} ({time.monotonic() - started:.1f}s)")
        if best is None or loss < best[0]:
            best = (loss, candidate, model)
    loss, candidate, model = best
    log(f"  chosen: {candidate.name} (holdout rmse {loss:.5f})")
    if n_valid and clock.left() > 0.2 * clock.budget:
        x_all, y_all = _sample_pixels(pairs, MAX_TRAIN_PIXELS, rng)
        model = candidate.make().fit(x_all, y_all)
        log("  refitted on pixels of all training images")

    parts = sample[id_column].str.rsplit("_", n=2, expand=True)
    if parts.shape[1] != 3:
        raise ValueError(f"ids like {sample[id_column].iloc[0]!r} are not <image>_<row>_<col>")
    rows, cols = parts[1].astype(int).to_numpy() - 1, parts[2].astype(int).to_numpy() - 1
    tests = find_images(data_dir / "test")
    values = np.full(len(sample), np.nan)
    for name, where in pd.Series(np.arange(len(sample))).groupby(parts[0].to_numpy()):
        if name not in tests:
            raise ValueError(f"submission ids name image {name!r} but test/ has no such image")
        noisy = load_gray(tests[name])
        cleaned = np.clip(model.predict(pixel_features(noisy)), 0, 1).reshape(noisy.shape)
        index = where.to_numpy()
        values[index] = cleaned[rows[index], cols[index]]
    return {value_column: values}
