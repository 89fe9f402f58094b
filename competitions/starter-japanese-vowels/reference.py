"""Reference field for starter-japanese-vowels: speaker identification from cepstra.

Solutions read only the public files. Most turn each variable-length utterance
into a fixed-length vector (per-channel statistics, or the series resampled to
a few frames) and fit a standard classifier; one compares whole series with
dynamic time warping. Weak entries (one channel, the length only, one example
per speaker, constant, random) spread the field downwards.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import ExtraTreesClassifier, GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression, RidgeClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, NearestCentroid
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

SEED = 0


def read_series(path: Path) -> dict[str, np.ndarray]:
    """Series by id, each a (frames, channels) array in time order."""
    frame = pd.read_csv(path, dtype={"id": str}).sort_values(["id", "t"])
    channels = [c for c in frame.columns if c not in ("id", "t")]
    return {key: group[channels].to_numpy(dtype=float) for key, group in frame.groupby("id", sort=False)}


def load(public: Path) -> tuple[list[np.ndarray], np.ndarray, list[np.ndarray], pd.Series]:
    """Train series, train speakers, test series, test ids (series in the order of the csv files)."""
    train = pd.read_csv(public / "train.csv", dtype=str)
    test = pd.read_csv(public / "test.csv", dtype=str)
    train_series, test_series = read_series(public / "train_series.csv"), read_series(public / "test_series.csv")
    return [train_series[i] for i in train["id"]], train["speaker"].to_numpy(), [test_series[i] for i in test["id"]], test["id"]


def submission(ids: pd.Series, speakers) -> pd.DataFrame:
    return pd.DataFrame({"id": ids.to_numpy(), "speaker": np.asarray(speakers).astype(str)})


# --- fixed-length views of a series -------------------------------------------------------------

def means(s: np.ndarray) -> np.ndarray:
    return s.mean(axis=0)


def stats(s: np.ndarray) -> np.ndarray:
    """Per-channel mean, spread, extremes, start and end, plus the length."""
    return np.concatenate([s.mean(0), s.std(0), s.min(0), s.max(0), s[0], s[-1], [len(s)]])


def covariance(s: np.ndarray) -> np.ndarray:
    """Channel means plus the upper triangle of the channel covariance (a speaker's 'timbre')."""
    cov = np.cov(s, rowvar=False)
    return np.concatenate([s.mean(0), cov[np.triu_indices(len(cov))]])


def resampled(s: np.ndarray, frames: int = 10) -> np.ndarray:
    """The series linearly interpolated onto `frames` evenly spaced time points, flattened."""
    old, new = np.linspace(0, 1, len(s)), np.linspace(0, 1, frames)
    return np.column_stack([np.interp(new, old, s[:, c]) for c in range(s.shape[1])]).ravel()


def first_frame(s: np.ndarray) -> np.ndarray:
    return s[0]


def length(s: np.ndarray) -> np.ndarray:
    return np.array([len(s)], dtype=float)


def first_channel_mean(s: np.ndarray) -> np.ndarray:
    return np.array([s[:, 0].mean()])


def fit_predict(
    make_model: Callable, features: Callable[[np.ndarray], np.ndarray], public: Path, per_speaker: int | None = None
) -> pd.DataFrame:
    """Featurise every series, fit on (a seeded few utterances per speaker of) the training set, predict the test set."""
    train, y, test, ids = load(public)
    x, x_test = np.stack([features(s) for s in train]), np.stack([features(s) for s in test])
    if per_speaker is not None:
        rng = np.random.default_rng(SEED)
        keep = np.concatenate([rng.choice(np.flatnonzero(y == k), per_speaker, replace=False) for k in np.unique(y)])
        x, y = x[keep], y[keep]
    with warnings.catch_warnings():  # capped iterations are deliberate in some entries
        warnings.simplefilter("ignore", category=UserWarning)
        model = make_model().fit(x, y)
    return submission(ids, model.predict(x_test))


def dtw_distances(queries: list[np.ndarray], references: list[np.ndarray]) -> np.ndarray:
    """Dynamic-time-warping distance of every query to every reference, vectorised over all pairs.

    Series are zero-padded to a common length and the warping table is filled
    row by row for all pairs at once. A pair's distance is read at its own end
    cell, which padding cannot have influenced (a cell depends only on earlier
    cells); only the current row of the table is kept in memory.
    """

    def pad(series: list[np.ndarray], n: int) -> np.ndarray:
        out = np.zeros((len(series), n, series[0].shape[1]))
        for k, s in enumerate(series):
            out[k, : len(s)] = s
        return out

    n = max(len(s) for s in queries + references)
    a, b = pad(queries, n), pad(references, n)
    qlen, rlen = np.array([len(s) for s in queries]), np.array([len(s) for s in references])
    result = np.zeros((len(queries), len(references)))
    previous = np.full((len(queries), len(references), n + 1), np.inf)
    previous[:, :, 0] = 0.0
    b_sq = (b**2).sum(-1)
    for i in range(1, n + 1):
        frame = a[:, i - 1]  # (q, channels)
        squared = (frame**2).sum(-1)[:, None, None] + b_sq[None] - 2 * np.einsum("qc,rnc->qrn", frame, b)
        step = np.sqrt(np.maximum(squared, 0))
        current = np.full_like(previous, np.inf)
        for j in range(1, n + 1):
            best = np.minimum(np.minimum(previous[:, :, j], current[:, :, j - 1]), previous[:, :, j - 1])
            current[:, :, j] = step[:, :, j - 1] + best
        ending = qlen == i
        result[ending] = current[ending][:, np.arange(len(references)), rlen]
        previous = current
    return result


def dtw_nearest_neighbour(public: Path) -> pd.DataFrame:
    train, y, test, ids = load(public)
    distances = dtw_distances(test, train)
    return submission(ids, y[distances.argmin(axis=1)])


def constant(public: Path) -> pd.DataFrame:
    _, y, _, ids = load(public)
    return submission(ids, [pd.Series(y).mode()[0]] * len(ids))


def random_guess(public: Path) -> pd.DataFrame:
    train = pd.read_csv(public / "train.csv", dtype=str)
    ids = pd.read_csv(public / "test.csv", dtype=str)["id"]
    return submission(ids, np.random.default_rng(SEED).choice(sorted(train["speaker"].unique()), size=len(ids)))


def scaled(model: Callable) -> Callable:
    return lambda: make_pipeline(StandardScaler(), model())


SOLUTIONS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "RBF SVM on standardised per-channel statistics": partial(fit_predict, scaled(lambda: SVC(C=10)), stats),
    "logistic regression on channel means + covariance": partial(fit_predict, scaled(lambda: LogisticRegression(C=1, max_iter=2000)), covariance),
    "logistic regression on series resampled to 10 frames": partial(fit_predict, scaled(lambda: LogisticRegression(C=0.1, max_iter=2000)), resampled),
    "1-nearest neighbour with dynamic time warping": dtw_nearest_neighbour,
    "MLP (64 hidden) on per-channel statistics": partial(
        fit_predict, scaled(lambda: MLPClassifier(hidden_layer_sizes=(64,), max_iter=500, random_state=SEED)), stats
    ),
    "ridge classifier on series resampled to 20 frames": partial(fit_predict, scaled(RidgeClassifier), partial(resampled, frames=20)),
    "random forest, 300 trees, per-channel statistics": partial(
        fit_predict, lambda: RandomForestClassifier(300, random_state=SEED, n_jobs=1), stats
    ),
    "extra trees, 300 trees, per-channel statistics": partial(
        fit_predict, lambda: ExtraTreesClassifier(300, random_state=SEED, n_jobs=1), stats
    ),
    "linear discriminant analysis on channel means": partial(fit_predict, LinearDiscriminantAnalysis, means),
    "kNN (k=1) on resampled series": partial(fit_predict, lambda: KNeighborsClassifier(1), resampled),
    "gradient boosting (100 depth-2 trees) on per-channel statistics": partial(
        fit_predict, lambda: GradientBoostingClassifier(n_estimators=100, max_depth=2, random_state=SEED), stats
    ),
    "kNN (k=5) on channel means": partial(fit_predict, lambda: KNeighborsClassifier(5), means),
    "Gaussian naive Bayes on channel means": partial(fit_predict, GaussianNB, means),
    "nearest class centroid on channel means": partial(fit_predict, NearestCentroid, means),
    "logistic regression on the first frame only": partial(fit_predict, scaled(lambda: LogisticRegression(max_iter=2000)), first_frame),
    "logistic regression on statistics, 3 utterances per speaker": partial(
        fit_predict, scaled(lambda: LogisticRegression(max_iter=2000)), stats, per_speaker=3
    ),
    "decision tree (depth 4) on channel means": partial(fit_predict, lambda: DecisionTreeClassifier(max_depth=4, random_state=SEED), means),
    "1-nearest neighbour on means, 1 utterance per speaker": partial(fit_predict, lambda: KNeighborsClassifier(1), means, per_speaker=1),
    "decision tree (depth 2) on channel means": partial(fit_predict, lambda: DecisionTreeClassifier(max_depth=2, random_state=SEED), means),
    "kNN (k=15) on the mean of channel 1 only": partial(fit_predict, lambda: KNeighborsClassifier(15), first_channel_mean),
    "decision tree on the utterance length only": partial(fit_predict, lambda: DecisionTreeClassifier(max_depth=3, random_state=SEED), length),
    "random speaker (seeded)": random_guess,
    "most frequent training speaker for every utterance": constant,
}
