"""Reference field of starter-telco-churn: the solutions whose AUCs make its leaderboard.

A Kaggle field of a hundred-odd teams has a crowded top (tuned boosting,
careful linear models, blends), a long middle (defaults, small samples,
partial features) and a tail (one rule, one column, a constant). The
solutions below are that field: each reads only the public files, trains,
and returns a submission frame (`id`, `churn` probability). Families come
as small grids of real settings (regularisation, depth, learning rate,
feature set), each named for what it does; every one is seeded and runs on
one thread, so it is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import rankdata
from sklearn.compose import ColumnTransformer
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import (
    AdaBoostClassifier,
    ExtraTreesClassifier,
    GradientBoostingClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, SplineTransformer, StandardScaler
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

SEED = 7
TARGET = "churn"
SERVICES = ["online_security", "online_backup", "device_protection", "tech_support", "streaming_tv", "streaming_movies"]

Solution = Callable[[Path], pd.DataFrame]


@lru_cache(maxsize=4)
def _read(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The public tables, read once per folder (callers must not modify them)."""
    train = pd.read_csv(public / "train.csv", dtype={"id": str})
    test = pd.read_csv(public / "test.csv", dtype={"id": str})
    return train, test


def _submission(test: pd.DataFrame, probability) -> pd.DataFrame:
    return pd.DataFrame({"id": test["id"], TARGET: np.clip(np.asarray(probability, dtype=float), 0.0, 1.0)})


def _to_unit(scores) -> np.ndarray:
    """Map arbitrary scores into [0, 1] keeping their order (all AUC needs)."""
    scores = np.asarray(scores, dtype=float)
    return rankdata(scores) / len(scores)


# --- feature sets ----------------------------------------------------------------------------


def _engineered(frame: pd.DataFrame) -> pd.DataFrame:
    """What a thoughtful competitor adds: tenure shape, bill per month, service counts, key crosses."""
    out = frame.copy()
    out["total_charges"] = out["total_charges"].fillna(out["monthly_charges"] * out["tenure"])
    out["log_tenure"] = np.log1p(out["tenure"])
    out["new_customer"] = (out["tenure"] <= 6).astype(int)
    out["average_bill"] = out["total_charges"] / out["tenure"].clip(lower=1)
    out["bill_change"] = out["monthly_charges"] - out["average_bill"]
    out["services"] = sum((out[c] == "Yes").astype(int) for c in SERVICES)
    out["contract_internet"] = out["contract"] + "/" + out["internet_service"]
    out["contract_payment"] = out["contract"] + "/" + out["payment_method"]
    out["fibre_no_support"] = ((out["internet_service"] == "Fiber optic") & (out["tech_support"] == "No")).astype(int)
    return out


FEATURE_SETS: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "raw": lambda frame: frame,
    "engineered": _engineered,
}


def _columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in ("id", TARGET)]


def _preprocess(features: pd.DataFrame, scale: bool, splines: bool = False) -> ColumnTransformer:
    """Impute and (optionally) scale or spline-expand numbers, one-hot encode text columns."""
    numeric = list(features.select_dtypes("number").columns)
    categorical = [c for c in features.columns if c not in numeric]
    numeric_steps = [SimpleImputer(strategy="median")]
    if splines:
        numeric_steps.append(SplineTransformer(n_knots=5, degree=3))
    if scale:
        numeric_steps.append(StandardScaler())
    return ColumnTransformer(
        [
            ("numeric", make_pipeline(*numeric_steps), numeric),
            ("categorical", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
        ]
    )


_FITTED: dict[tuple, np.ndarray] = {}  # test scores by (folder, setting): blends reuse their members' fits


def _fitted_scores(public: Path, key: tuple) -> np.ndarray:
    """Test scores of one model setting, fitted afresh (and kept for blends)."""
    make_model, features, scale, splines, rows, columns, scores = key
    train, test = _read(public)
    if rows is not None:
        train = train.sample(n=rows, random_state=SEED)
    train, test = FEATURE_SETS[features](train), FEATURE_SETS[features](test)
    chosen = list(columns) if columns else _columns(test)
    pipeline = Pipeline([("prepare", _preprocess(train[chosen], scale, splines)), ("model", make_model())])
    with threadpool_limits(1):
        pipeline.fit(train[chosen], train[TARGET])
        if scores:
            values = _to_unit(pipeline.decision_function(test[chosen]))
        else:
            values = pipeline.predict_proba(test[chosen])[:, 1]
    values.setflags(write=False)
    _FITTED[public, key] = values
    return values


class _Model:
    """A hashable model setting: a factory of fresh estimators plus how its data is prepared."""

    def __init__(self, make_model: Callable[[], object], features: str = "raw", scale: bool = False,
                 splines: bool = False, rows: int | None = None, columns: tuple[str, ...] | None = None,
                 scores: bool = False):
        self.key = (make_model, features, scale, splines, rows, columns, scores)

    def predict(self, public: Path) -> np.ndarray:
        """The test scores, reusing an earlier fit of this setting (what blends need)."""
        return _FITTED[public, self.key] if (public, self.key) in _FITTED else _fitted_scores(public, self.key)

    def __call__(self, public: Path) -> pd.DataFrame:
        return _submission(_read(public)[1], _fitted_scores(public, self.key))


def _model(make_model, **options) -> _Model:
    return _Model(make_model, **options)


def _rank_blend(*members: tuple[_Model, float]) -> Solution:
    """Weighted average of the members' ranks: the classic AUC ensemble."""

    def solve(public: Path) -> pd.DataFrame:
        total = sum(weight * _to_unit(member.predict(public)) for member, weight in members)
        return _submission(_read(public)[1], total / sum(weight for _, weight in members))

    return solve


def _stacked(members: list[Callable[[], object]], features: str) -> Solution:
    """Out-of-fold probabilities of the members, combined by a logistic regression."""

    def solve(public: Path) -> pd.DataFrame:
        train, test = _read(public)
        train, test = FEATURE_SETS[features](train), FEATURE_SETS[features](test)
        chosen = _columns(test)
        y = train[TARGET].to_numpy()
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
        oof = np.zeros((len(train), len(members)))
        level_one = np.zeros((len(test), len(members)))
        with threadpool_limits(1):
            for j, make in enumerate(members):
                for fit_rows, held_rows in folds.split(train, y):
                    part = train.iloc[fit_rows]
                    pipe = Pipeline([("prepare", _preprocess(part[chosen], True)), ("model", make())])
                    pipe.fit(part[chosen], y[fit_rows])
                    oof[held_rows, j] = pipe.predict_proba(train.iloc[held_rows][chosen])[:, 1]
                pipe = Pipeline([("prepare", _preprocess(train[chosen], True)), ("model", make())])
                pipe.fit(train[chosen], y)
                level_one[:, j] = pipe.predict_proba(test[chosen])[:, 1]
            combiner = LogisticRegression(max_iter=1000).fit(oof, y)
        return _submission(test, combiner.predict_proba(level_one)[:, 1])

    return solve


# --- the naive end ---------------------------------------------------------------------------


def _category_rate(column: str) -> Solution:
    """Churn rate of the customer's category in one column, nothing else."""

    def solve(public: Path) -> pd.DataFrame:
        train, test = _read(public)
        rates = train.groupby(column)[TARGET].mean()
        return _submission(test, test[column].map(rates).fillna(train[TARGET].mean()))

    return solve


def _two_way_rate(first: str, second: str, smoothing: float) -> Solution:
    """Smoothed churn rate of the customer's cell in a two-column table (a lookup, no model)."""

    def solve(public: Path) -> pd.DataFrame:
        train, test = _read(public)
        prior = train[TARGET].mean()
        cells = train.groupby([first, second])[TARGET].agg(["sum", "count"])
        rate = (cells["sum"] + smoothing * prior) / (cells["count"] + smoothing)
        keys = pd.MultiIndex.from_frame(test[[first, second]])
        return _submission(test, rate.reindex(keys).fillna(prior).to_numpy())

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


def _hand_rule(weights: tuple[float, float, float]) -> Solution:
    """A rule of thumb, no training: month-to-month contracts, fibre, electronic checks churn most."""

    def solve(public: Path) -> pd.DataFrame:
        _, test = _read(public)
        score = (
            weights[0] * (test["contract"] == "Month-to-month")
            + weights[1] * (test["internet_service"] == "Fiber optic")
            + weights[2] * (test["payment_method"] == "Electronic check")
            - 0.01 * test["tenure"]
        )
        return _submission(test, _to_unit(score))

    return solve


# --- the field -------------------------------------------------------------------------------

SOLUTIONS: dict[str, Solution] = {}

FEATURE_NAMES = {"raw": "one-hot features", "engineered": "engineered features (tenure shape, bill change, services, crosses)"}

for features, described in FEATURE_NAMES.items():
    for c in (0.003, 0.03, 0.3, 3.0):
        SOLUTIONS[f"logistic regression, C={c}, {described}"] = _model(
            lambda c=c: LogisticRegression(C=c, max_iter=3000), features=features, scale=True)
    SOLUTIONS[f"logistic regression on spline-expanded numbers, C=0.1, {described}"] = _model(
        lambda: LogisticRegression(C=0.1, max_iter=3000), features=features, scale=True, splines=True)
    SOLUTIONS[f"L1 logistic regression, C=0.05, {described}"] = _model(
        lambda: LogisticRegression(C=0.05, penalty="l1", solver="liblinear", random_state=SEED), features=features, scale=True)
    for rate, leaves, rounds in ((0.02, 4, 400), (0.05, 4, 200), (0.05, 15, 150), (0.1, 31, 100), (0.1, 8, 300), (0.3, 31, 200)):
        SOLUTIONS[f"gradient boosting (histogram), {rounds} trees of {leaves} leaves, learning rate {rate}, {described}"] = _model(
            lambda rate=rate, leaves=leaves, rounds=rounds: HistGradientBoostingClassifier(
                learning_rate=rate, max_leaf_nodes=leaves, max_iter=rounds, min_samples_leaf=40,
                l2_regularization=1.0, random_state=SEED), features=features)
    for hidden, alpha in (((8,), 3.0), ((32,), 1.0), ((64, 32), 3.0), ((64,), 0.01)):
        layers = "x".join(map(str, hidden))
        SOLUTIONS[f"neural network ({layers} units), weight decay {alpha}, {described}"] = _model(
            lambda hidden=hidden, alpha=alpha: MLPClassifier(hidden_layer_sizes=hidden, alpha=alpha, max_iter=600,
                                                             early_stopping=True, random_state=SEED),
            features=features, scale=True)
    for leaf in (5, 20, 60):
        SOLUTIONS[f"random forest, 300 trees, min {leaf} per leaf, {described}"] = _model(
            lambda leaf=leaf: RandomForestClassifier(n_estimators=300, min_samples_leaf=leaf, max_features=0.3,
                                                     random_state=SEED), features=features)
    for k in (15, 75, 250):
        SOLUTIONS[f"k nearest neighbours, k={k}, distance-weighted, scaled {described}"] = _model(
            lambda k=k: KNeighborsClassifier(n_neighbors=k, weights="distance"), features=features, scale=True)
    SOLUTIONS[f"linear discriminant analysis, {described}"] = _model(LinearDiscriminantAnalysis, features=features, scale=True)
    SOLUTIONS[f"RBF SVM, C=0.3, ranked decision values, {described}"] = _model(
        lambda: SVC(C=0.3, gamma="scale"), features=features, scale=True, scores=True)
    SOLUTIONS[f"linear SVM, C=0.01, ranked decision values, {described}"] = _model(
        lambda: LinearSVC(C=0.01, random_state=SEED), features=features, scale=True, scores=True)
    SOLUTIONS[f"AdaBoost, 300 stumps, learning rate 0.5, {described}"] = _model(
        lambda: AdaBoostClassifier(n_estimators=300, learning_rate=0.5, random_state=SEED), features=features)
    SOLUTIONS[f"gradient boosting (sklearn), 200 depth-2 trees, subsample 0.8, {described}"] = _model(
        lambda: GradientBoostingClassifier(n_estimators=200, max_depth=2, subsample=0.8, learning_rate=0.05,
                                           random_state=SEED), features=features)
    SOLUTIONS[f"extra trees, 300 trees, min 10 per leaf, {described}"] = _model(
        lambda: ExtraTreesClassifier(n_estimators=300, min_samples_leaf=10, random_state=SEED), features=features)
    SOLUTIONS[f"SGD logistic model, 5 epochs, {described}"] = _model(
        lambda: SGDClassifier(loss="log_loss", alpha=1e-3, max_iter=5, tol=None, random_state=SEED),
        features=features, scale=True)
    for depth in (3, 5, 8):
        SOLUTIONS[f"decision tree, depth {depth}, {described}"] = _model(
            lambda depth=depth: DecisionTreeClassifier(max_depth=depth, min_samples_leaf=20, random_state=SEED),
            features=features)

# Defaults and classic mistakes: what a quick first submission looks like.
SOLUTIONS.update({
    "gradient boosting (histogram), default settings": _model(lambda: HistGradientBoostingClassifier(random_state=SEED)),
    "gradient boosting (histogram), 1000 deep trees, learning rate 0.3 (overfits)": _model(
        lambda: HistGradientBoostingClassifier(max_iter=1000, learning_rate=0.3, max_leaf_nodes=63, random_state=SEED)),
    "random forest, default settings": _model(lambda: RandomForestClassifier(random_state=SEED)),
    "extra trees, fully grown": _model(lambda: ExtraTreesClassifier(n_estimators=200, random_state=SEED)),
    "fully grown decision tree": _model(lambda: DecisionTreeClassifier(random_state=SEED)),
    "k nearest neighbours, k=5, unscaled numbers": _model(lambda: KNeighborsClassifier(n_neighbors=5)),
    "k nearest neighbours, k=5, scaled": _model(lambda: KNeighborsClassifier(n_neighbors=5), scale=True),
    "Gaussian naive Bayes, one-hot features": _model(GaussianNB, scale=True),
    "Gaussian naive Bayes, engineered features": _model(GaussianNB, features="engineered", scale=True),
    "neural network (256x256 units), no weight decay, unscaled (fails to learn)": _model(
        lambda: MLPClassifier(hidden_layer_sizes=(256, 256), alpha=0.0, max_iter=30, random_state=SEED)),
    "RBF SVM, C=30, ranked decision values (overfits)": _model(lambda: SVC(C=30.0), scale=True, scores=True),
})

# Less data: the team that trained on a sample to iterate faster, and never went back.
for rows in (60, 200, 600, 2000):
    SOLUTIONS[f"logistic regression, C=0.3, trained on {rows} customers"] = _model(
        lambda: LogisticRegression(C=0.3, max_iter=3000), scale=True, rows=rows)
    SOLUTIONS[f"gradient boosting (histogram), 200 trees of 4 leaves, trained on {rows} customers"] = _model(
        lambda: HistGradientBoostingClassifier(max_iter=200, max_leaf_nodes=4, learning_rate=0.05,
                                               min_samples_leaf=10, random_state=SEED), rows=rows)

# Fewer columns: partial feature sets.
for columns in (("tenure", "contract"), ("tenure", "contract", "internet_service"),
                ("tenure", "contract", "internet_service", "payment_method", "monthly_charges"),
                ("monthly_charges", "total_charges"), ("senior_citizen", "partner", "dependents", "female")):
    SOLUTIONS[f"logistic regression on {', '.join(columns)} only"] = _model(
        lambda: LogisticRegression(C=1.0, max_iter=3000), scale=True, columns=columns)

# Blends and stacks: where a leaderboard's top usually comes from.
LR_ENG = SOLUTIONS["logistic regression, C=0.03, engineered features (tenure shape, bill change, services, crosses)"]
LR_SPLINE = SOLUTIONS["logistic regression on spline-expanded numbers, C=0.1, engineered features (tenure shape, bill change, services, crosses)"]
HGB_SLOW = SOLUTIONS["gradient boosting (histogram), 400 trees of 4 leaves, learning rate 0.02, engineered features (tenure shape, bill change, services, crosses)"]
HGB_RAW = SOLUTIONS["gradient boosting (histogram), 400 trees of 4 leaves, learning rate 0.02, one-hot features"]
MLP = SOLUTIONS["neural network (8 units), weight decay 3.0, engineered features (tenure shape, bill change, services, crosses)"]
FOREST = SOLUTIONS["random forest, 300 trees, min 20 per leaf, engineered features (tenure shape, bill change, services, crosses)"]
GBM = SOLUTIONS["gradient boosting (sklearn), 200 depth-2 trees, subsample 0.8, engineered features (tenure shape, bill change, services, crosses)"]
ADA = SOLUTIONS["AdaBoost, 300 stumps, learning rate 0.5, engineered features (tenure shape, bill change, services, crosses)"]
SOLUTIONS.update({
    "rank blend: logistic + boosting (engineered), equal weights": _rank_blend((LR_ENG, 1), (HGB_SLOW, 1)),
    "rank blend: logistic + boosting (engineered), 3:1 toward logistic": _rank_blend((LR_ENG, 3), (HGB_SLOW, 1)),
    "rank blend: spline logistic + boosting + neural network": _rank_blend((LR_SPLINE, 1), (HGB_SLOW, 1), (MLP, 1)),
    "rank blend: logistic + boosting + forest + neural network": _rank_blend((LR_ENG, 1), (HGB_SLOW, 1), (FOREST, 1), (MLP, 1)),
    "rank blend: sklearn boosting + AdaBoost + logistic": _rank_blend((GBM, 1), (ADA, 1), (LR_ENG, 1)),
    "rank blend: boosting on raw + boosting on engineered features": _rank_blend((HGB_RAW, 1), (HGB_SLOW, 1)),
    "rank blend: forest + AdaBoost (no linear model)": _rank_blend((FOREST, 1), (ADA, 1)),
    "stacking: out-of-fold logistic + boosting + neural network into logistic regression": _stacked(
        [lambda: LogisticRegression(C=0.03, max_iter=3000),
         lambda: HistGradientBoostingClassifier(learning_rate=0.05, max_leaf_nodes=4, max_iter=200,
                                                min_samples_leaf=40, random_state=SEED),
         lambda: MLPClassifier(hidden_layer_sizes=(8,), alpha=3.0, max_iter=600, early_stopping=True, random_state=SEED)],
        "engineered"),
})

# Rules, lookups, single columns and no-skill answers: the tail every leaderboard has.
SOLUTIONS.update({
    "hand-written rule: contract, fibre, electronic check, tenure": _hand_rule((2.0, 1.0, 0.5)),
    "hand-written rule: contract first, then tenure": _hand_rule((3.0, 0.0, 0.0)),
    "smoothed churn rate of contract x internet service": _two_way_rate("contract", "internet_service", 10.0),
    "smoothed churn rate of contract x payment method": _two_way_rate("contract", "payment_method", 10.0),
    "churn rate of the contract type only": _category_rate("contract"),
    "churn rate of the payment method only": _category_rate("payment_method"),
    "churn rate of the internet service only": _category_rate("internet_service"),
    "churn rate of tech support only": _category_rate("tech_support"),
    "churn rate by gender only": _category_rate("female"),
    "tenure only (shorter tenure, more churn)": _one_number("tenure", sign=-1.0),
    "monthly charges only (higher bill, more churn)": _one_number("monthly_charges", sign=1.0),
    "total charges only (smaller total, more churn)": _one_number("total_charges", sign=-1.0),
    "constant: the training churn rate": _constant,
    "random numbers (seeded)": _random,
})
