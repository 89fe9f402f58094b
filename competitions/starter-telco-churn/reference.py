"""Reference field of starter-telco-churn: the solutions whose AUCs make its leaderboard.

Each solution reads only the public files, trains, and returns a submission
frame (`id`, `churn` probability). They range from tuned models to deliberately
poor ones (constant, random, one feature, a handful of rows) so that the
scores spread out like a real leaderboard. Entries are listed roughly from
strongest to weakest; every one is seeded and so deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import rankdata
from sklearn.compose import ColumnTransformer
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import (
    AdaBoostClassifier,
    ExtraTreesClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

SEED = 7
TARGET = "churn"

Solution = Callable[[Path], pd.DataFrame]


def _read(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    train = pd.read_csv(public / "train.csv", dtype={"id": str})
    test = pd.read_csv(public / "test.csv", dtype={"id": str})
    return train, test


def _submission(test: pd.DataFrame, probability) -> pd.DataFrame:
    return pd.DataFrame({"id": test["id"], TARGET: np.clip(np.asarray(probability, dtype=float), 0.0, 1.0)})


def _to_unit(scores) -> np.ndarray:
    """Map arbitrary scores into [0, 1] keeping their order (all AUC needs)."""
    scores = np.asarray(scores, dtype=float)
    return rankdata(scores) / len(scores)


def _preprocess(features: pd.DataFrame, scale: bool) -> ColumnTransformer:
    """Impute and (optionally) scale numbers, one-hot encode text columns."""
    numeric = list(features.select_dtypes("number").columns)
    categorical = [c for c in features.columns if c not in numeric]
    numeric_steps = [SimpleImputer(strategy="median")] + ([StandardScaler()] if scale else [])
    return ColumnTransformer(
        [
            ("numeric", make_pipeline(*numeric_steps), numeric),
            ("categorical", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
        ]
    )


def _model(make_model: Callable[[], object], columns: list[str] | None = None, scale: bool = False,
           rows: int | None = None, scores: bool = False) -> Solution:
    """A solution that fits `make_model()` on the chosen columns (all by default) and rows.

    `rows` trains on a seeded random subset of that many customers; `scores`
    ranks `decision_function` outputs for models without probabilities.
    Everything runs on one thread: steady timings however busy the machine is.
    """

    def solve(public: Path) -> pd.DataFrame:
        train, test = _read(public)
        if rows is not None:
            train = train.sample(n=rows, random_state=SEED)
        features = columns or [c for c in test.columns if c != "id"]
        pipeline = Pipeline([("prepare", _preprocess(train[features], scale)), ("model", make_model())])
        with threadpool_limits(1):
            pipeline.fit(train[features], train[TARGET])
            if scores:
                return _submission(test, _to_unit(pipeline.decision_function(test[features])))
            return _submission(test, pipeline.predict_proba(test[features])[:, 1])

    return solve


def _category_rate(column: str) -> Solution:
    """Churn rate of the customer's category in one column, nothing else."""

    def solve(public: Path) -> pd.DataFrame:
        train, test = _read(public)
        rates = train.groupby(column)[TARGET].mean()
        return _submission(test, test[column].map(rates).fillna(train[TARGET].mean()))

    return solve


def _one_number(column: str, sign: float) -> Solution:
    """Rank customers by one numeric column; `sign` says which end churns more."""

    def solve(public: Path) -> pd.DataFrame:
        _, test = _read(public)
        values = test[column].fillna(test[column].median())
        return _submission(test, _to_unit(sign * values))

    return solve


def _constant(public: Path) -> pd.DataFrame:
    train, test = _read(public)
    return _submission(test, np.full(len(test), train[TARGET].mean()))


def _random(public: Path) -> pd.DataFrame:
    _, test = _read(public)
    return _submission(test, np.random.default_rng(SEED).random(len(test)))


def _hand_rule(public: Path) -> pd.DataFrame:
    """A rule of thumb, no training: month-to-month contracts on fibre churn most."""
    _, test = _read(public)
    score = (
        2.0 * (test["contract"] == "Month-to-month")
        + 1.0 * (test["internet_service"] == "Fiber optic")
        + 0.5 * (test["payment_method"] == "Electronic check")
    )
    return _submission(test, score / 3.5)


SOLUTIONS: dict[str, Solution] = {
    "logistic regression, one-hot + scaled, all features": _model(
        lambda: LogisticRegression(C=0.5, max_iter=2000), scale=True),
    "gradient boosting (histogram), 300 shallow trees, learning rate 0.03": _model(
        lambda: HistGradientBoostingClassifier(max_iter=300, learning_rate=0.03, max_depth=3, random_state=SEED)),
    "linear discriminant analysis, all features": _model(LinearDiscriminantAnalysis, scale=True),
    "random forest, 300 trees, min 10 per leaf": _model(
        lambda: RandomForestClassifier(n_estimators=300, min_samples_leaf=10, random_state=SEED)),
    "AdaBoost, 200 stumps": _model(lambda: AdaBoostClassifier(n_estimators=200, random_state=SEED)),
    "linear SVM, ranked decision values": _model(lambda: LinearSVC(C=0.1), scale=True, scores=True),
    "gradient boosting (histogram), default settings": _model(
        lambda: HistGradientBoostingClassifier(random_state=SEED)),
    "small neural network (16 units), all features": _model(
        lambda: MLPClassifier(hidden_layer_sizes=(16,), alpha=1.0, max_iter=500, random_state=SEED), scale=True),
    "logistic regression, tenure + contract + internet service only": _model(
        lambda: LogisticRegression(max_iter=2000), columns=["tenure", "contract", "internet_service"], scale=True),
    "k nearest neighbours, k=50, scaled": _model(lambda: KNeighborsClassifier(n_neighbors=50), scale=True),
    "extra trees, 200 fully grown trees": _model(
        lambda: ExtraTreesClassifier(n_estimators=200, random_state=SEED)),
    "logistic regression trained on 200 customers": _model(
        lambda: LogisticRegression(max_iter=2000), scale=True, rows=200),
    "Gaussian naive Bayes, all features": _model(GaussianNB, scale=True),
    "decision tree, depth 4": _model(lambda: DecisionTreeClassifier(max_depth=4, random_state=SEED)),
    "hand-written rule: contract, fibre, electronic check": _hand_rule,
    "churn rate of the contract type only": _category_rate("contract"),
    "k nearest neighbours, k=5, scaled": _model(lambda: KNeighborsClassifier(n_neighbors=5), scale=True),
    "tenure only (shorter tenure, more churn)": _one_number("tenure", sign=-1.0),
    "gradient boosting trained on 60 customers": _model(
        lambda: HistGradientBoostingClassifier(min_samples_leaf=5, random_state=SEED), rows=60),
    "churn rate of the payment method only": _category_rate("payment_method"),
    "fully grown decision tree": _model(lambda: DecisionTreeClassifier(random_state=SEED)),
    "monthly charges only (higher bill, more churn)": _one_number("monthly_charges", sign=1.0),
    "churn rate by gender only": _category_rate("female"),
    "constant: the training churn rate": _constant,
    "random numbers (seeded)": _random,
}
