"""Reference field for starter-mnist-digits: how far different approaches get.

Each solution reads only the public folder (train.csv, the PNGs) and returns a
submission frame. The field runs from near-perfect (SVM, kNN on all pixels)
through deliberately handicapped models (tiny training sets, coarse images,
a single feature) down to a constant and a random guess, so that the medal
thresholds sit where a real leaderboard would put them.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image
from sklearn.decomposition import PCA
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import ExtraTreesClassifier, GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression, Perceptron
from sklearn.naive_bayes import BernoulliNB, GaussianNB
from sklearn.neighbors import KNeighborsClassifier, NearestCentroid
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

SEED = 0
LABELS = [str(d) for d in range(10)]


def load(public: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Series]:
    """Train pixels (scaled to [0, 1], one row per image), train labels, test pixels, test ids."""
    train = pd.read_csv(public / "train.csv", dtype=str)
    test = pd.read_csv(public / "test.csv", dtype=str)

    def pixels(folder: str, ids) -> np.ndarray:
        return np.stack([np.asarray(Image.open(public / folder / f"{i}.png"), dtype=np.float32).ravel() / 255 for i in ids])

    return pixels("train", train["id"]), train["label"].to_numpy(), pixels("test", test["id"]), test["id"]


def submission(ids: pd.Series, labels) -> pd.DataFrame:
    return pd.DataFrame({"id": ids.to_numpy(), "label": np.asarray(labels).astype(str)})


def downsample(x: np.ndarray, side: int) -> np.ndarray:
    """Average-pool 28x28 images to side x side (side must divide 28)."""
    k = 28 // side
    return x.reshape(-1, side, k, side, k).mean(axis=(2, 4)).reshape(len(x), -1)


def fit_predict(make_model: Callable, public: Path, n_train: int | None = None, transform: Callable | None = None) -> pd.DataFrame:
    """Fit a fresh model on (a seeded subset of) the training images and label the test images."""
    x, y, x_test, ids = load(public)
    if n_train is not None:
        keep = np.random.default_rng(SEED).choice(len(x), size=n_train, replace=False)
        x, y = x[keep], y[keep]
    if transform is not None:
        x, x_test = transform(x), transform(x_test)
    with warnings.catch_warnings():  # capped epochs and constant border pixels are deliberate here
        warnings.simplefilter("ignore", category=UserWarning)
        model = make_model().fit(x, y)
    return submission(ids, model.predict(x_test))


def ink(x: np.ndarray) -> np.ndarray:
    """A single feature: how much ink the digit uses."""
    return x.sum(axis=1, keepdims=True)


def constant(public: Path) -> pd.DataFrame:
    _, y, _, ids = load(public)
    return submission(ids, [pd.Series(y).mode()[0]] * len(ids))


def random_guess(public: Path) -> pd.DataFrame:
    ids = pd.read_csv(public / "test.csv", dtype=str)["id"]
    return submission(ids, np.random.default_rng(SEED).choice(LABELS, size=len(ids)))


def binary(x: np.ndarray) -> np.ndarray:
    return (x > 0.5).astype(np.float32)


SOLUTIONS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "SVM (RBF kernel, C=5) on all pixels": partial(fit_predict, lambda: SVC(C=5, gamma="scale")),
    "PCA to 40 components + RBF SVM": partial(fit_predict, lambda: make_pipeline(PCA(40, random_state=SEED), SVC(C=5))),
    "kNN, k=1, all pixels": partial(fit_predict, lambda: KNeighborsClassifier(1)),
    "kNN, k=4, distance-weighted": partial(fit_predict, lambda: KNeighborsClassifier(4, weights="distance")),
    "kNN, k=25": partial(fit_predict, lambda: KNeighborsClassifier(25)),
    "MLP, one hidden layer of 128, 30 epochs": partial(
        fit_predict, lambda: MLPClassifier(hidden_layer_sizes=(128,), max_iter=30, random_state=SEED)
    ),
    "random forest, 200 trees": partial(fit_predict, lambda: RandomForestClassifier(200, random_state=SEED, n_jobs=1)),
    "extra trees, 100 trees": partial(fit_predict, lambda: ExtraTreesClassifier(100, random_state=SEED, n_jobs=1)),
    "gradient boosting (40 depth-3 trees) on 20 PCA components": partial(
        fit_predict,
        lambda: make_pipeline(PCA(20, random_state=SEED), GradientBoostingClassifier(n_estimators=40, random_state=SEED)),
    ),
    "logistic regression, all pixels": partial(fit_predict, lambda: LogisticRegression(C=0.1, max_iter=300)),
    "logistic regression on 300 training images": partial(fit_predict, lambda: LogisticRegression(C=0.1, max_iter=300), n_train=300),
    "logistic regression on 7x7 downsampled images": partial(
        fit_predict, lambda: LogisticRegression(max_iter=500), transform=partial(downsample, side=7)
    ),
    "linear discriminant analysis": partial(fit_predict, lambda: LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto")),
    "Bernoulli naive Bayes on binarised pixels": partial(fit_predict, BernoulliNB, transform=binary),
    "perceptron, 20 epochs": partial(fit_predict, lambda: Perceptron(max_iter=20, tol=None, random_state=SEED)),
    "nearest class centroid": partial(fit_predict, NearestCentroid),
    "kNN, k=1, on 100 training images": partial(fit_predict, lambda: KNeighborsClassifier(1), n_train=100),
    "decision tree, depth 8": partial(fit_predict, lambda: DecisionTreeClassifier(max_depth=8, random_state=SEED)),
    "Gaussian naive Bayes": partial(fit_predict, GaussianNB),
    "kNN, k=5, on 4x4 downsampled images": partial(
        fit_predict, lambda: KNeighborsClassifier(5), transform=partial(downsample, side=4)
    ),
    "decision tree, depth 3": partial(fit_predict, lambda: DecisionTreeClassifier(max_depth=3, random_state=SEED)),
    "kNN, k=1, on 20 training images": partial(fit_predict, lambda: KNeighborsClassifier(1), n_train=20),
    "kNN on 2 PCA components": partial(fit_predict, lambda: make_pipeline(PCA(2, random_state=SEED), KNeighborsClassifier(15))),
    "decision tree on total ink only": partial(fit_predict, lambda: DecisionTreeClassifier(max_depth=4, random_state=SEED), transform=ink),
    "random digit (seeded)": random_guess,
    "most frequent training label for every image": constant,
}
