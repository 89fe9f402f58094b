"""Pick a model on a holdout split, refit it on all the data, predict the test rows.

Every task family turns its data into a feature table and a short list of
candidate models; this module does the rest the same way for all of them:
encode the target, score each candidate (and weighted blends of the best
two) on a holdout with the metric the description hints at, then refit the
winner on all rows and predict. Classifiers are compared through their probabilities, so a
label, a binary probability and a class distribution are all handled alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from sklearn import metrics as skm
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

from pytest_mlebench.agents.builtin.detect import Target

HOLDOUT_FRACTION = 0.2
MIN_ROWS_FOR_HOLDOUT = 20
BLEND_WEIGHTS = (0.25, 0.5, 0.75)  # share of the better model when blending the best two
PROBABILITY_FLOOR = 1e-4  # never claim certainty: one confident mistake would cost a log loss of 35


def log(message: str) -> None:
    print(message, flush=True)


class Clock:
    """Seconds left of the agent's own budget (a share of the harness time limit)."""

    def __init__(self, budget: float):
        self.start = time.monotonic()
        self.budget = budget

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def left(self) -> float:
        return self.budget - self.elapsed()


@dataclass(frozen=True)
class Candidate:
    name: str
    make: Callable[[], Any]  # returns a fresh, unfitted scikit-learn estimator


def svm_with_probabilities(c: float, seed: int) -> CalibratedClassifierCV:
    """An RBF SVM whose decision values are calibrated into probabilities by cross-validation."""
    return CalibratedClassifierCV(SVC(C=c, random_state=seed), ensemble=False, cv=3)


@dataclass
class Encoded:
    """A target ready for scikit-learn: y, and the class order of probability outputs."""

    target: Target
    y: np.ndarray
    rows: np.ndarray  # the training rows that have a target value
    classes: np.ndarray | None  # None for regression

    @property
    def is_classification(self) -> bool:
        return self.classes is not None


def encode_target(target: Target, train: pd.DataFrame) -> Encoded:
    """The target column(s) of train.csv as a vector y (labels as strings, numbers as floats)."""
    if target.kind == "probabilities" and len(target.source) > 1:
        onehot = train[list(target.source)].apply(pd.to_numeric, errors="coerce")
        rows = np.flatnonzero(onehot.notna().all(axis=1).to_numpy())
        y = np.asarray(target.classes)[onehot.to_numpy()[rows].argmax(axis=1)]
        return Encoded(target, y, rows, np.asarray(target.classes))
    raw = train[target.source[0]]
    rows = np.flatnonzero(raw.notna().to_numpy() & (raw.astype(str).str.strip() != "").to_numpy())
    values = raw.iloc[rows].astype(str).str.strip().to_numpy()
    if target.kind == "number":
        y = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
        finite = np.isfinite(y)
        y, rows = y[finite], rows[finite]
        if target.log and (y <= 0).any():  # detection saw only the first rows of a big file
            log(f"  {target.source[0]} has values <= 0: fitting it on its own scale, not logs")
            target = replace(target, log=False)
        return Encoded(target, np.log(y) if target.log else y, rows, None)
    if target.kind == "probability":
        y = (values == target.positive).astype(int)
        return Encoded(target, y, rows, np.array([0, 1]))
    if target.kind == "probabilities":
        known = np.isin(values, target.classes)  # a label with no submission column cannot be predicted
        return Encoded(target, values[known], rows[known], np.asarray(target.classes))
    return Encoded(target, values, rows, np.unique(values))


def _take(x, rows: np.ndarray):
    return x.iloc[rows] if isinstance(x, pd.DataFrame) else x[rows]


def _scores(model, x, encoded: Encoded) -> np.ndarray:
    """Class probabilities in `encoded.classes` order, or regression outputs (fit scale)."""
    if not encoded.is_classification:
        return np.asarray(model.predict(x), dtype=float)
    probabilities = np.zeros((x.shape[0], len(encoded.classes)))
    known = {c: i for i, c in enumerate(encoded.classes)}
    fitted = model.predict_proba(x)
    for j, cls in enumerate(model.classes_):
        probabilities[:, known[cls]] = fitted[:, j]
    return probabilities


def _regression_values(scores: np.ndarray, encoded: Encoded) -> np.ndarray:
    return np.exp(np.clip(scores, -50, 50)) if encoded.target.log else scores


def validation_loss(encoded: Encoded, y: np.ndarray, scores: np.ndarray, metric: str | None) -> tuple[float, str]:
    """(loss, description): lower is better; the metric the description names where it fits."""
    kind = encoded.target.kind
    if not encoded.is_classification:
        truth, guess = _regression_values(y, encoded), _regression_values(scores, encoded)
        if metric == "rmse_log" and (truth > 0).all():
            return float(np.sqrt(np.mean((np.log(truth) - np.log(np.maximum(guess, 1e-9))) ** 2))), "rmse of logs"
        if metric == "mae":
            return float(np.mean(np.abs(truth - guess))), "mae"
        return float(np.sqrt(np.mean((truth - guess) ** 2))), "rmse"
    probabilities = np.clip(scores, PROBABILITY_FLOOR, 1)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    if kind == "probability" and metric == "auc" and len(np.unique(y)) == 2:
        return -float(skm.roc_auc_score(y, scores[:, 1])), "-auc"
    if kind == "label":
        predicted = encoded.classes[scores.argmax(axis=1)]
        if metric == "f1":
            return -float(skm.f1_score(y, predicted, average="macro")), "-macro f1"
        return -float(np.mean(predicted == y)), "-accuracy"
    return float(skm.log_loss(y, probabilities, labels=encoded.classes)), "log loss"


def _shown(loss: float, name: str) -> str:
    """A validation result as people read it: accuracy 0.93, not -accuracy -0.93."""
    return f"{name[1:]} = {-loss:.5g}" if name.startswith("-") else f"{name} = {loss:.5g}"


def _fit(candidate: Candidate, x, y):
    started = time.monotonic()
    model = candidate.make().fit(x, y)
    return model, time.monotonic() - started


def _split(y: np.ndarray, classify: bool, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Fit and holdout row numbers; stratified by class when every class can appear in both."""
    stratify = None
    if classify:
        _, counts = np.unique(y, return_counts=True)
        if counts.min() >= 2 and len(counts) <= HOLDOUT_FRACTION * len(y):
            stratify = y
    return train_test_split(np.arange(len(y)), test_size=HOLDOUT_FRACTION, random_state=seed, stratify=stratify)


def fit_predict(
    encoded: Encoded,
    x_train,
    x_test,
    candidates: list[Candidate],
    clock: Clock,
    metric: str | None,
    seed: int = 0,
    max_rows: int | None = None,
) -> tuple[np.ndarray, dict]:
    """Predictions for the test rows (fit-scale scores) and a report of what was tried.

    `x_train` holds only the rows of `encoded.rows`. Candidates are tried in
    order while the clock allows; the first one is always fitted, so list the
    cheapest sound choice first.
    """
    n = len(encoded.y)
    rng = np.random.default_rng(seed)
    use = np.sort(rng.choice(n, size=max_rows, replace=False)) if max_rows and n > max_rows else np.arange(n)
    if len(use) < n:
        log(f"  training on a random {len(use):,} of {n:,} rows (row cap {max_rows:,})")
    x_all, y_all = _take(x_train, use), encoded.y[use]

    report: dict = {"validation": {}, "chosen": None}
    fitted: dict = {}
    if len(use) < MIN_ROWS_FOR_HOLDOUT or len(candidates) == 1:
        mix = ((candidates[0], 1.0),)
    else:
        mix, fitted, report["holdout_loss"] = _choose_on_holdout(encoded, x_all, y_all, candidates, clock, metric, seed, report)

    report["chosen"] = " + ".join(f"{weight:g} x {c.name}" if weight != 1 else c.name for c, weight in mix)
    log(f"  chosen: {report['chosen']}")
    prediction = 0.0
    for candidate, weight in mix:
        model, seconds = fitted.get(candidate.name, (None, 0.0))
        if model is None or clock.left() > 2 * seconds / (1 - HOLDOUT_FRACTION):
            model, seconds = _fit(candidate, x_all, y_all)
            log(f"  refitted {candidate.name} on all {len(y_all):,} rows ({seconds:.1f}s)")
        else:
            log(f"  no time to refit {candidate.name}: using the holdout fit")
        prediction = prediction + weight * _scores(model, x_test, encoded)
    return prediction, report


def _choose_on_holdout(encoded: Encoded, x_all, y_all, candidates, clock: Clock, metric, seed: int, report: dict):
    """The best candidate or weighted blend of the best two: (mix, fitted models, holdout loss)."""
    fit_rows, valid_rows = _split(y_all, encoded.is_classification, seed)
    x_fit, x_valid = _take(x_all, fit_rows), _take(x_all, valid_rows)
    y_fit, y_valid = y_all[fit_rows], y_all[valid_rows]
    fitted, results = {}, []  # results: (loss, mix, holdout scores)
    for index, candidate in enumerate(candidates):
        if index > 0 and clock.left() < 0.5 * clock.budget:
            log(f"  skipping {candidate.name}: half of the time budget is gone")
            continue
        try:
            model, seconds = _fit(candidate, x_fit, y_fit)
            scores = _scores(model, x_valid, encoded)
        except Exception as exc:  # one failing candidate must not sink the others
            log(f"  {candidate.name}: failed ({type(exc).__name__}: {exc})")
            continue
        loss, name = validation_loss(encoded, y_valid, scores, metric)
        log(f"  {candidate.name}: holdout {_shown(loss, name)} ({seconds:.1f}s)")
        fitted[candidate.name] = (model, seconds)
        results.append((loss, ((candidate, 1.0),), scores))
        report["validation"][candidate.name] = loss
    if not results:
        raise RuntimeError("every candidate model failed on the holdout")
    results.sort(key=lambda r: r[0])
    if len(results) >= 2:
        (_, ((first, _),), a), (_, ((second, _),), b) = results[0], results[1]
        for weight in BLEND_WEIGHTS:
            loss, name = validation_loss(encoded, y_valid, weight * a + (1 - weight) * b, metric)
            label = f"{weight:g} x {first.name} + {1 - weight:g} x {second.name}"
            log(f"  {label}: holdout {_shown(loss, name)}")
            report["validation"][label] = loss
            results.append((loss, ((first, weight), (second, 1 - weight)), None))
    best = min(results, key=lambda r: r[0])
    return best[1], fitted, best[0]


def to_submission_values(encoded: Encoded, scores: np.ndarray) -> dict[str, np.ndarray]:
    """Fit-scale scores as the values of the target's submission column(s)."""
    target = encoded.target
    if target.kind == "number":
        values = _regression_values(scores, encoded)
        if target.log:
            values = np.maximum(values, 1e-9)
        elif (encoded.y >= 0).all():
            values = np.maximum(values, 0.0)  # a target never negative in training stays so
        return {target.columns[0]: values}
    probabilities = np.clip(scores, PROBABILITY_FLOOR, 1)
    probabilities = probabilities / probabilities.sum(axis=1, keepdims=True)
    if target.kind == "probability":
        return {target.columns[0]: np.clip(probabilities[:, 1], PROBABILITY_FLOOR, 1 - PROBABILITY_FLOOR)}
    if target.kind == "probabilities":
        return {column: probabilities[:, i] for i, column in enumerate(target.columns)}
    return {target.columns[0]: encoded.classes[scores.argmax(axis=1)]}
