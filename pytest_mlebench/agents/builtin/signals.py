"""Signals and time series in long format (`id, t, channel...`): summary features per series.

Each series becomes one fixed-length row: per channel its level, spread,
range, trend and a coarse resampled shape (values at a few evenly spaced
moments), plus its length. Series of different lengths thus compare, and
tree ensembles or linear models take it from there.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import TransformedTargetRegressor
from sklearn.ensemble import ExtraTreesClassifier, ExtraTreesRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, RidgeCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from pytest_mlebench.agents.builtin.modeling import Candidate, svm_with_probabilities
from pytest_mlebench.agents.builtin.tabular import N_JOBS

SHAPE_POINTS = 8
TIME_NAMES = ("t", "time", "timestamp", "step", "frame", "position")


def _time_column(frame: pd.DataFrame, id_column: str) -> str | None:
    for column in frame.columns:
        if column != id_column and column.lower() in TIME_NAMES:
            return column
    return None


def _one_series(values: np.ndarray) -> np.ndarray:
    """Features of one series, values shaped (length, channels)."""
    length = len(values)
    position = np.linspace(0, 1, length) if length > 1 else np.zeros(1)
    centred = position - position.mean()
    slope = (centred @ (values - values.mean(axis=0))) / max(float(centred @ centred), 1e-12)
    diffs = np.abs(np.diff(values, axis=0)).mean(axis=0) if length > 1 else np.zeros(values.shape[1])
    grid = np.linspace(0, 1, SHAPE_POINTS)
    shape = np.stack([np.interp(grid, position, values[:, c]) for c in range(values.shape[1])], axis=1)
    summary = [
        values.mean(axis=0), values.std(axis=0), values.min(axis=0), values.max(axis=0),
        np.quantile(values, 0.1, axis=0), np.median(values, axis=0), np.quantile(values, 0.9, axis=0),
        values[0], values[-1], slope, diffs,
    ]
    return np.concatenate(summary + [shape.ravel(), [length]])


def series_features(path: Path, id_column: str, ids: pd.Series) -> tuple[np.ndarray, list[str]]:
    """One feature row per id (in the order of `ids`), and the channels used."""
    frame = pd.read_csv(path, dtype={id_column: str}, low_memory=False)
    time_column = _time_column(frame, id_column)
    if time_column:
        frame = frame.sort_values([id_column, time_column], kind="stable")
    channels = [c for c in frame.columns if c not in (id_column, time_column) and pd.api.types.is_numeric_dtype(frame[c])]
    if not channels:
        raise ValueError(f"{path.name} has no numeric channel columns")
    groups = {key: group[channels].to_numpy(dtype=float) for key, group in frame.groupby(id_column, sort=False)}
    width = len(_one_series(np.zeros((2, len(channels)))))
    rows = np.full((len(ids), width), np.nan)
    missing = 0
    for i, series_id in enumerate(ids.astype(str)):
        values = groups.get(series_id)
        if values is None or len(values) == 0:
            missing += 1
            continue
        values = pd.DataFrame(values).ffill().bfill().fillna(0.0).to_numpy()  # gaps inside a series
        rows[i] = _one_series(values)
    if missing:
        print(f"  {missing} id(s) have no series in {path.name}: their features are imputed", flush=True)
    return rows, channels


def signal_candidates(classify: bool, seed: int) -> list[Candidate]:
    def scaled(model):
        return make_pipeline(SimpleImputer(strategy="median"), StandardScaler(), model)

    if not classify:
        return [
            Candidate("extra trees", lambda: make_pipeline(SimpleImputer(strategy="median"), ExtraTreesRegressor(400, n_jobs=N_JOBS, random_state=seed))),
            Candidate("ridge (scaled)", lambda: TransformedTargetRegressor(scaled(RidgeCV(alphas=np.logspace(-2, 4, 13))), transformer=StandardScaler())),
        ]
    return [
        Candidate("extra trees", lambda: make_pipeline(SimpleImputer(strategy="median"), ExtraTreesClassifier(400, n_jobs=N_JOBS, random_state=seed))),
        Candidate("logistic regression (scaled)", lambda: scaled(LogisticRegression(C=0.5, max_iter=3000, random_state=seed))),
        Candidate("RBF SVM (scaled)", lambda: scaled(svm_with_probabilities(3.0, seed))),
    ]
