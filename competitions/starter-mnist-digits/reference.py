"""Reference field for starter-mnist-digits: how far different approaches get.

Each solution reads only the public folder (train.csv, the PNGs) and returns a
submission frame. Like a Kaggle field, the top is crowded with work that
goes beyond the pixels: deskewed digits, histograms of oriented gradients,
small convolutional feature extractors (fixed random or Gabor filters,
rectified and max-pooled, written in numpy), shifted copies of the training
images, then RBF SVMs, kNN, neural nets and soft-vote ensembles on top. The
middle holds the usual first attempts on raw pixels (linear models, forests,
default MLPs, PCA), and the tail deliberately handicapped ones (tiny training
sets, coarse images, one feature) down to a constant and a random guess.
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
from skimage.feature import hog
from sklearn.calibration import CalibratedClassifierCV
from sklearn.decomposition import PCA
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import ExtraTreesClassifier, HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression, Perceptron, RidgeClassifier
from sklearn.naive_bayes import BernoulliNB, GaussianNB
from sklearn.neighbors import KNeighborsClassifier, NearestCentroid
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

SEED = 0
LABELS = [str(d) for d in range(10)]
SIDE = 28

_LOADED: dict[Path, tuple] = {}
_VIEWS: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}


def load(public: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Series]:
    """Train pixels (scaled to [0, 1], one row per image), train labels, test pixels, test ids; read once per folder."""
    if public not in _LOADED:
        train = pd.read_csv(public / "train.csv", dtype=str)
        test = pd.read_csv(public / "test.csv", dtype=str)

        def pixels(folder: str, ids) -> np.ndarray:
            return np.stack([np.asarray(Image.open(public / folder / f"{i}.png"), dtype=np.float32).ravel() / 255 for i in ids])

        _LOADED[public] = pixels("train", train["id"]), train["label"].to_numpy(), pixels("test", test["id"]), test["id"]
    return _LOADED[public]


def submission(ids: pd.Series, labels) -> pd.DataFrame:
    return pd.DataFrame({"id": ids.to_numpy(), "label": np.asarray(labels).astype(str)})


# --- views of the images: each maps a (n, 784) pixel array to features ----------------------------


def downsample(x: np.ndarray, side: int) -> np.ndarray:
    """Average-pool 28x28 images to side x side (side must divide 28)."""
    k = SIDE // side
    return x.reshape(-1, side, k, side, k).mean(axis=(2, 4)).reshape(len(x), -1)


def deskew(x: np.ndarray) -> np.ndarray:
    """Undo each digit's slant: shear it so that its ink has no row-column covariance, centred."""
    rows, cols = np.mgrid[:SIDE, :SIDE].astype(np.float64)
    out = np.empty_like(x)
    for k, flat in enumerate(x):
        image = flat.reshape(SIDE, SIDE).astype(np.float64)
        total = image.sum() or 1.0
        mean_r, mean_c = (rows * image).sum() / total, (cols * image).sum() / total
        var_r = ((rows - mean_r) ** 2 * image).sum() / total
        cov = ((rows - mean_r) * (cols - mean_c) * image).sum() / total
        shear = cov / var_r if var_r > 0 else 0.0
        matrix = np.array([[1.0, 0.0], [shear, 1.0]])
        centre = np.array([SIDE / 2, SIDE / 2])
        offset = np.array([mean_r, mean_c]) - matrix @ centre
        out[k] = ndimage.affine_transform(image, matrix, offset=offset, order=1).ravel()
    return np.clip(out, 0, 1)


def gradients(x: np.ndarray, cell: int) -> np.ndarray:
    """Histograms of oriented gradients (9 orientations, `cell`-pixel cells, 2x2 blocks)."""
    return np.stack([
        hog(flat.reshape(SIDE, SIDE), orientations=9, pixels_per_cell=(cell, cell), cells_per_block=(2, 2),
            block_norm="L2-Hys", feature_vector=True)
        for flat in x
    ]).astype(np.float32)


def random_filters(count: int, size: int) -> np.ndarray:
    """Fixed random filters, zero-mean and unit-norm (an untrained convolutional layer)."""
    filters = np.random.default_rng(SEED).standard_normal((count, size, size))
    filters -= filters.mean(axis=(1, 2), keepdims=True)
    return filters / np.linalg.norm(filters, axis=(1, 2), keepdims=True)


def gabor_filters(orientations: int, size: int = 7) -> np.ndarray:
    """A bank of oriented edge detectors (Gabor filters, two wavelengths), like a first CNN layer."""
    half = size // 2
    yy, xx = np.mgrid[-half:half + 1, -half:half + 1].astype(float)
    bank = []
    for wavelength in (4.0, 7.0):
        for k in range(orientations):
            theta = np.pi * k / orientations
            along = xx * np.cos(theta) + yy * np.sin(theta)
            across = -xx * np.sin(theta) + yy * np.cos(theta)
            kernel = np.exp(-(along**2 + across**2) / (2 * (wavelength / 2) ** 2)) * np.cos(2 * np.pi * along / wavelength)
            kernel -= kernel.mean()
            bank.append(kernel / np.linalg.norm(kernel))
    return np.stack(bank)


def convolved(x: np.ndarray, filters: np.ndarray, pool: int) -> np.ndarray:
    """One convolutional layer in numpy: valid convolution, ReLU, `pool` x `pool` max pooling."""
    size = filters.shape[1]
    images = x.reshape(-1, SIDE, SIDE)
    side = SIDE - size + 1
    keep = (side // pool) * pool
    parts = []
    for start in range(0, len(images), 500):
        patches = np.lib.stride_tricks.sliding_window_view(images[start:start + 500], (size, size), axis=(1, 2))
        maps = np.maximum(np.einsum("nijab,fab->nijf", patches, filters, optimize=True), 0)[:, :keep, :keep]
        n, f = len(maps), filters.shape[0]
        pooled = maps.reshape(n, keep // pool, pool, keep // pool, pool, f).max(axis=(2, 4))
        parts.append(pooled.reshape(n, -1))
    return np.concatenate(parts).astype(np.float32)


def shifted_copies(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The training images plus copies shifted one pixel up, down, left and right (data augmentation)."""
    images = x.reshape(-1, SIDE, SIDE)
    copies = [images] + [np.roll(images, shift, axis=axis) for axis in (1, 2) for shift in (-1, 1)]
    return np.concatenate(copies).reshape(-1, SIDE * SIDE), np.tile(y, len(copies))


def ink(x: np.ndarray) -> np.ndarray:
    """A single feature: how much ink the digit uses."""
    return x.sum(axis=1, keepdims=True)


def binary(x: np.ndarray) -> np.ndarray:
    return (x > 0.5).astype(np.float32)


def raw(x: np.ndarray) -> np.ndarray:
    return x


def deskewed_gradients(x: np.ndarray) -> np.ndarray:
    return gradients(deskew(x), 4)


def deskewed_random_conv(x: np.ndarray) -> np.ndarray:
    return convolved(deskew(x), random_filters(16, 5), pool=4)


def deskewed_gabor(x: np.ndarray) -> np.ndarray:
    return convolved(deskew(x), gabor_filters(6), pool=4)


VIEWS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "raw pixels": raw,
    "deskewed pixels": deskew,
    "gradient histograms (HOG, 4-pixel cells) of deskewed digits": deskewed_gradients,
    "random-filter convolution features (16 5x5 filters, ReLU, 4x4 max pool) of deskewed digits": deskewed_random_conv,
    "Gabor-filter convolution features (12 filters, ReLU, 4x4 max pool) of deskewed digits": deskewed_gabor,
}


def view(public: Path, transform: Callable[[np.ndarray], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Train and test features of one view, computed once per folder."""
    key = (public, transform)
    if key not in _VIEWS:
        x, _, x_test, _ = load(public)
        _VIEWS[key] = transform(x), transform(x_test)
    return _VIEWS[key]


def fitted(make_model: Callable, public: Path, transform: Callable, n_train: int | None = None, augment: bool = False):
    """A fresh model fitted on (a seeded subset of, or shifted copies of) one view of the training images."""
    _, y, _, _ = load(public)
    if augment:
        x, _, _, _ = load(public)
        x, y = shifted_copies(x, y)
        x_test = view(public, transform)[1]
        x = transform(x) if transform is not raw else x
    else:
        x, x_test = view(public, transform)
    if n_train is not None:
        keep = np.random.default_rng(SEED).choice(len(x), size=n_train, replace=False)
        x, y = x[keep], y[keep]
    with warnings.catch_warnings(), threadpool_limits(1):  # capped epochs, constant border pixels: deliberate
        warnings.simplefilter("ignore", category=UserWarning)
        model = make_model().fit(x, y)
    return model, x_test


def fit_predict(make_model: Callable, public: Path, n_train: int | None = None, transform: Callable = raw,
                augment: bool = False) -> pd.DataFrame:
    """Fit a fresh model on one view of the training images and label the test images."""
    model, x_test = fitted(make_model, public, transform, n_train, augment)
    with threadpool_limits(1):
        return submission(load(public)[3], model.predict(x_test))


def soft_vote(members: list[tuple[Callable, Callable]], public: Path) -> pd.DataFrame:
    """Average the class probabilities of several (model, view) pairs."""
    total = 0.0
    for make_model, transform in members:
        model, x_test = fitted(make_model, public, transform)
        with threadpool_limits(1):
            total = total + model.predict_proba(x_test)
    return submission(load(public)[3], model.classes_[np.argmax(total, axis=1)])


def constant(public: Path) -> pd.DataFrame:
    _, y, _, ids = load(public)
    return submission(ids, [pd.Series(y).mode()[0]] * len(ids))


def random_guess(public: Path) -> pd.DataFrame:
    ids = pd.read_csv(public / "test.csv", dtype=str)["id"]
    return submission(ids, np.random.default_rng(SEED).choice(LABELS, size=len(ids)))


def scaled(make: Callable) -> Callable:
    return lambda: make_pipeline(StandardScaler(), make())


def _model_grid() -> dict[str, Callable]:
    """The models every view is tried with."""
    return {
        "RBF SVM (C=5)": lambda: SVC(C=5, gamma="scale"),
        "RBF SVM (C=1)": lambda: SVC(C=1, gamma="scale"),
        "kNN (k=1)": lambda: KNeighborsClassifier(1),
        "kNN (k=5, distance-weighted)": lambda: KNeighborsClassifier(5, weights="distance"),
        "logistic regression (C=0.1)": scaled(lambda: LogisticRegression(C=0.1, max_iter=200)),
        "ridge classifier (alpha 1)": scaled(lambda: RidgeClassifier(alpha=1.0)),
        "MLP (256 hidden, 40 epochs)": scaled(
            lambda: MLPClassifier(hidden_layer_sizes=(256,), alpha=1e-3, max_iter=40, random_state=SEED)),
        "extra trees (200 trees)": lambda: ExtraTreesClassifier(200, random_state=SEED, n_jobs=1),
        "PCA 40 + RBF SVM (C=5)": lambda: make_pipeline(PCA(40, random_state=SEED), SVC(C=5)),
        "shrinkage LDA": lambda: LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto"),
    }


SOLUTIONS: dict[str, Callable[[Path], pd.DataFrame]] = {}
for view_name, transform in VIEWS.items():
    for model_name, make in _model_grid().items():
        SOLUTIONS[f"{model_name} on {view_name}"] = partial(fit_predict, make, transform=transform)

def calibrated_svm() -> CalibratedClassifierCV:
    """An RBF SVM with probabilities (cross-validated sigmoid), for soft votes."""
    return CalibratedClassifierCV(SVC(C=5), ensemble=False, cv=3)


def coarse_gradients(x: np.ndarray) -> np.ndarray:
    return gradients(deskew(x), 7)


def wide_random_conv(x: np.ndarray) -> np.ndarray:
    return convolved(deskew(x), random_filters(32, 5), pool=6)


SVM_DESKEW = (calibrated_svm, deskew)
SVM_HOG = (calibrated_svm, deskewed_gradients)
LR_CONV = (scaled(lambda: LogisticRegression(C=0.1, max_iter=200)), deskewed_random_conv)
MLP_GABOR = (scaled(lambda: MLPClassifier(hidden_layer_sizes=(256,), alpha=1e-3, max_iter=40, random_state=SEED)), deskewed_gabor)
SOLUTIONS.update({
    "soft vote: SVM on deskewed pixels + SVM on HOG": partial(soft_vote, [SVM_DESKEW, SVM_HOG]),
    "soft vote: SVM on HOG + logistic on random convolutions + MLP on Gabor features": partial(soft_vote, [SVM_HOG, LR_CONV, MLP_GABOR]),
    "soft vote: four models on four views": partial(soft_vote, [SVM_DESKEW, SVM_HOG, LR_CONV, MLP_GABOR]),
    "kNN (k=1) on deskewed pixels + shifted training copies": partial(
        fit_predict, lambda: KNeighborsClassifier(1), transform=deskew, augment=True),
    "kNN (k=1) on raw pixels + shifted training copies": partial(fit_predict, lambda: KNeighborsClassifier(1), augment=True),
    "PCA 40 + RBF SVM on raw pixels + shifted training copies": partial(
        fit_predict, lambda: make_pipeline(PCA(40, random_state=SEED), SVC(C=5)), augment=True),
})
for c in (0.01, 1.0):
    SOLUTIONS[f"logistic regression (C={c}) on HOG of deskewed digits"] = partial(
        fit_predict, scaled(lambda c=c: LogisticRegression(C=c, max_iter=200)), transform=deskewed_gradients)
SOLUTIONS["RBF SVM (C=5) on coarse HOG (7-pixel cells) of deskewed digits"] = partial(
    fit_predict, lambda: SVC(C=5), transform=coarse_gradients)
SOLUTIONS["logistic regression (C=0.1) on coarse HOG (7-pixel cells) of deskewed digits"] = partial(
    fit_predict, scaled(lambda: LogisticRegression(C=0.1, max_iter=200)), transform=coarse_gradients)
SOLUTIONS["RBF SVM (C=5) on wide random-filter convolutions (32 filters, 6x6 max pool) of deskewed digits"] = partial(
    fit_predict, scaled(lambda: SVC(C=5)), transform=wide_random_conv)
SOLUTIONS["logistic regression (C=0.1) on wide random-filter convolutions (32 filters, 6x6 max pool) of deskewed digits"] = partial(
    fit_predict, scaled(lambda: LogisticRegression(C=0.1, max_iter=200)), transform=wide_random_conv)
SOLUTIONS["kNN (k=3, cosine distance) on HOG of deskewed digits"] = partial(
    fit_predict, lambda: KNeighborsClassifier(3, metric="cosine"), transform=deskewed_gradients)
SOLUTIONS["nearest class centroid on HOG of deskewed digits"] = partial(fit_predict, NearestCentroid, transform=deskewed_gradients)
for components in (10, 20, 80):
    SOLUTIONS[f"PCA {components} + RBF SVM (C=5) on deskewed pixels"] = partial(
        fit_predict, lambda components=components: make_pipeline(PCA(components, random_state=SEED), SVC(C=5)),
        transform=deskew)
for k in (3, 9, 25):
    SOLUTIONS[f"PCA 40 + kNN (k={k}) on deskewed pixels"] = partial(
        fit_predict, lambda k=k: make_pipeline(PCA(40, random_state=SEED), KNeighborsClassifier(k)), transform=deskew)
for hidden, epochs in (((64,), 30), ((256, 128), 30), ((32,), 15)):
    layers = "x".join(map(str, hidden))
    SOLUTIONS[f"MLP ({layers} hidden, {epochs} epochs) on raw pixels"] = partial(
        fit_predict, lambda hidden=hidden, epochs=epochs: MLPClassifier(hidden_layer_sizes=hidden, max_iter=epochs,
                                                                         random_state=SEED))
for side in (14, 7):
    SOLUTIONS[f"RBF SVM (C=5) on {side}x{side} downsampled images"] = partial(
        fit_predict, lambda: SVC(C=5), transform=partial(downsample, side=side))
for n_train in (2000, 1000, 300):
    SOLUTIONS[f"RBF SVM (C=5) on deskewed pixels, {n_train} training images"] = partial(
        fit_predict, lambda: SVC(C=5), n_train=n_train, transform=deskew)

# First attempts, careless settings and handicaps: the middle and the tail.
SOLUTIONS.update({
    "random forest, 200 trees, raw pixels": partial(fit_predict, lambda: RandomForestClassifier(200, random_state=SEED, n_jobs=1)),
    "random forest, 100 trees, HOG of deskewed digits": partial(
        fit_predict, lambda: RandomForestClassifier(100, random_state=SEED, n_jobs=1), transform=deskewed_gradients),
    "gradient boosting (histogram, 30 rounds) on 20 PCA components": partial(
        fit_predict, lambda: make_pipeline(PCA(20, random_state=SEED), HistGradientBoostingClassifier(
            max_iter=30, learning_rate=0.2, random_state=SEED))),
    "logistic regression on 300 training images": partial(fit_predict, lambda: LogisticRegression(C=0.1, max_iter=300), n_train=300),
    "logistic regression on 7x7 downsampled images": partial(
        fit_predict, lambda: LogisticRegression(max_iter=500), transform=partial(downsample, side=7)),
    "ridge classifier on raw pixels": partial(fit_predict, lambda: RidgeClassifier(alpha=10.0)),
    "Bernoulli naive Bayes on binarised pixels": partial(fit_predict, BernoulliNB, transform=binary),
    "perceptron, 20 epochs": partial(fit_predict, lambda: Perceptron(max_iter=20, tol=None, random_state=SEED)),
    "nearest class centroid": partial(fit_predict, NearestCentroid),
    "nearest class centroid on deskewed pixels": partial(fit_predict, NearestCentroid, transform=deskew),
    "kNN, k=25, raw pixels": partial(fit_predict, lambda: KNeighborsClassifier(25)),
    "kNN, k=1, on 100 training images": partial(fit_predict, lambda: KNeighborsClassifier(1), n_train=100),
    "decision tree, depth 8": partial(fit_predict, lambda: DecisionTreeClassifier(max_depth=8, random_state=SEED)),
    "decision tree, depth 8, on HOG of deskewed digits": partial(
        fit_predict, lambda: DecisionTreeClassifier(max_depth=8, random_state=SEED), transform=deskewed_gradients),
    "Gaussian naive Bayes": partial(fit_predict, GaussianNB),
    "kNN, k=5, on 4x4 downsampled images": partial(fit_predict, lambda: KNeighborsClassifier(5), transform=partial(downsample, side=4)),
    "RBF SVM (C=0.01) on raw pixels (underfits)": partial(fit_predict, lambda: SVC(C=0.01)),
    "MLP (512 hidden, 3 epochs) on raw pixels (stopped too early)": partial(
        fit_predict, lambda: MLPClassifier(hidden_layer_sizes=(512,), max_iter=3, random_state=SEED)),
    "decision tree, depth 3": partial(fit_predict, lambda: DecisionTreeClassifier(max_depth=3, random_state=SEED)),
    "kNN, k=1, on 20 training images": partial(fit_predict, lambda: KNeighborsClassifier(1), n_train=20),
    "kNN on 2 PCA components": partial(fit_predict, lambda: make_pipeline(PCA(2, random_state=SEED), KNeighborsClassifier(15))),
    "decision tree on total ink only": partial(fit_predict, lambda: DecisionTreeClassifier(max_depth=4, random_state=SEED), transform=ink),
    "random digit (seeded)": random_guess,
    "most frequent training label for every image": constant,
})
