"""Reference field of starter-ames-housing: the solutions whose scores make its leaderboard.

Each solution reads only the public files, trains, and returns a submission
frame (`id`, `Sale_Price`). As on Kaggle's house-prices playground, the top
is feature work (total floor area, ages, bathrooms, quality grades as
ordered numbers, logs of skewed areas) under well-regularised linear models,
tuned gradient boosting, kernel and neural models, and blends of them; the
middle is defaults, partial features and dollars instead of log prices; the
tail is deliberately poor (constants, random prices, one feature, a handful
of sales). Every solution is seeded and so deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (
    ExtraTreesRegressor,
    GradientBoostingRegressor,
    HistGradientBoostingRegressor,
    RandomForestRegressor,
)
from sklearn.impute import SimpleImputer
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import ElasticNet, HuberRegressor, Lasso, LinearRegression, Ridge
from sklearn.neighbors import KNeighborsRegressor
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
from sklearn.svm import SVR
from sklearn.tree import DecisionTreeRegressor
from threadpoolctl import threadpool_limits

SEED = 11
TARGET = "Sale_Price"
MIN_PRICE = 1_000.0  # floor for every prediction: the metric takes logarithms

Solution = Callable[[Path], pd.DataFrame]


@lru_cache(maxsize=4)
def _read(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The public tables, read once per folder (callers must not modify them)."""
    train = pd.read_csv(public / "train.csv", dtype={"id": str})
    test = pd.read_csv(public / "test.csv", dtype={"id": str})
    return train, test


def _submission(test: pd.DataFrame, price) -> pd.DataFrame:
    return pd.DataFrame({"id": test["id"], TARGET: np.maximum(np.asarray(price, dtype=float), MIN_PRICE)})


def _log1p_clipped(values):
    """log(1 + x) of a column that is non-negative in training; a negative test value (a house sold
    before its recorded build year) counts as 0 instead of breaking the model with -inf."""
    return np.log1p(np.maximum(values, 0))


def _preprocess(features: pd.DataFrame, scale: bool, log_counts: bool) -> ColumnTransformer:
    """Impute and (optionally) scale numbers, one-hot encode text columns (blank = its own category).

    `log_counts` takes log(1 + x) of the non-negative numbers (areas, counts,
    years), which tames the long right tails that hurt linear models.
    """
    numeric = list(features.select_dtypes("number").columns)
    logged = [c for c in numeric if log_counts and (features[c] >= 0).all()]
    plain = [c for c in numeric if c not in logged]
    categorical = [c for c in features.columns if c not in numeric]
    scaler = [StandardScaler()] if scale else []
    categorical_steps = [
        SimpleImputer(strategy="constant", fill_value="none"),
        OneHotEncoder(handle_unknown="ignore", sparse_output=False),
    ]
    return ColumnTransformer(
        [
            ("plain", make_pipeline(SimpleImputer(strategy="median"), *scaler), plain),
            ("logged", make_pipeline(SimpleImputer(strategy="median"), FunctionTransformer(_log1p_clipped), *scaler), logged),
            ("categorical", make_pipeline(*categorical_steps), categorical),
        ]
    )


def _model(make_model: Callable[[], object], columns: list[str] | None = None, scale: bool = False,
           log_target: bool = True, rows: int | None = None, numeric_only: bool = False,
           log_counts: bool = False, engineered: bool = False) -> Solution:
    """A solution that fits `make_model()` on the chosen columns (all by default) and rows.

    `log_target` fits log(price) and exponentiates back, which suits the metric;
    without it the model fits dollars. `rows` trains on a seeded random subset.
    Everything runs on one thread: steady timings however busy the machine is.
    """

    def solve(public: Path) -> pd.DataFrame:
        train, test = _read(public)
        if rows is not None:
            train = train.sample(n=rows, random_state=SEED)
        if engineered:
            train, test = _engineer(train), _engineer(test)
        features = columns or [c for c in test.columns if c != "id"]
        if numeric_only:
            features = list(test[features].select_dtypes("number").columns)
        target = np.log(train[TARGET]) if log_target else train[TARGET]
        pipeline = Pipeline([("prepare", _preprocess(train[features], scale, log_counts)), ("model", make_model())])
        with threadpool_limits(1):
            pipeline.fit(train[features], target)
            predicted = pipeline.predict(test[features])
        return _submission(test, np.exp(predicted) if log_target else predicted)

    return solve


# Kaggle-style quality and condition grades, as ordered numbers (text in the data).
GRADES = {"Very_Poor": 1, "Poor": 2, "Fair": 3, "Below_Average": 4, "Average": 5, "Typical": 5, "Above_Average": 6,
          "Good": 7, "Very_Good": 8, "Excellent": 9, "Very_Excellent": 10}
GRADED = ["Overall_Cond", "Exter_Cond", "Bsmt_Cond", "Heating_QC", "Kitchen_Qual", "Garage_Qual", "Garage_Cond",
          "Fireplace_Qu", "Pool_QC", "Bsmt_Qual", "Exter_Qual", "Overall_Qual"]


def _engineer(frame: pd.DataFrame) -> pd.DataFrame:
    """What a competitor derives: total area, ages, bathrooms, porch area, grades as numbers."""
    out = frame.copy()
    for column in GRADED:
        if column in out.columns and out[column].dtype == object:
            out[f"{column}_grade"] = out[column].map(GRADES).fillna(0)
    area = out[["Total_Bsmt_SF", "First_Flr_SF", "Second_Flr_SF"]].fillna(0).sum(axis=1)
    out["total_area"] = area
    out["log_total_area"] = np.log1p(area)
    out["log_living_area"] = np.log1p(out["Gr_Liv_Area"])
    out["log_lot_area"] = np.log1p(out["Lot_Area"])
    out["age"] = out["Year_Sold"] - out["Year_Built"]
    out["since_remodel"] = out["Year_Sold"] - out["Year_Remod_Add"]
    out["bathrooms"] = (out["Full_Bath"] + 0.5 * out["Half_Bath"] + out["Bsmt_Full_Bath"].fillna(0)
                        + 0.5 * out["Bsmt_Half_Bath"].fillna(0))
    porches = [c for c in ("Open_Porch_SF", "Enclosed_Porch", "Three_season_porch", "Screen_Porch", "Wood_Deck_SF")
               if c in out.columns]
    out["porch_area"] = out[porches].sum(axis=1)
    out["has_garage"] = (out["Garage_Area"].fillna(0) > 0).astype(int)
    return out


def _group_median(column: str) -> Solution:
    """Median price of the house's group in one column (training median for unseen groups)."""

    def solve(public: Path) -> pd.DataFrame:
        train, test = _read(public)
        medians = train.groupby(column)[TARGET].median()
        return _submission(test, test[column].map(medians).fillna(train[TARGET].median()))

    return solve


def _neighbourhood_price_per_area(public: Path) -> pd.DataFrame:
    """Living area times the neighbourhood's median price per square foot: an appraiser's shortcut."""
    train, test = _read(public)
    per_area = (train[TARGET] / train["Gr_Liv_Area"]).groupby(train["Neighborhood"]).median()
    overall = (train[TARGET] / train["Gr_Liv_Area"]).median()
    return _submission(test, test["Gr_Liv_Area"] * test["Neighborhood"].map(per_area).fillna(overall))


def _constant(statistic: Callable[[pd.Series], float]) -> Solution:
    def solve(public: Path) -> pd.DataFrame:
        train, test = _read(public)
        return _submission(test, np.full(len(test), statistic(train[TARGET])))

    return solve


def _random(public: Path) -> pd.DataFrame:
    """Prices drawn uniformly between the cheapest and dearest training sale."""
    train, test = _read(public)
    rng = np.random.default_rng(SEED)
    return _submission(test, rng.uniform(train[TARGET].min(), train[TARGET].max(), len(test)))


SIZE = ["Gr_Liv_Area", "Total_Bsmt_SF", "Garage_Cars", "Year_Built", "Neighborhood"]

SOLUTIONS: dict[str, Solution] = {
    "gradient boosting (histogram) on log price, 400 trees, learning rate 0.05": _model(
        lambda: HistGradientBoostingRegressor(max_iter=400, learning_rate=0.05, random_state=SEED)),
    "gradient boosting (sklearn) on log price, 400 trees of depth 3": _model(
        lambda: GradientBoostingRegressor(n_estimators=400, learning_rate=0.05, max_depth=3, subsample=0.8,
                                          random_state=SEED)),
    "ridge regression on log price, log of areas and counts, one-hot, alpha 100": _model(
        lambda: Ridge(alpha=100.0), scale=True, log_counts=True),
    "ridge regression on log price, raw numbers, one-hot, alpha 10": _model(lambda: Ridge(alpha=10.0), scale=True),
    "lasso on log price, one-hot + scaled, alpha 0.003": _model(
        lambda: Lasso(alpha=0.003, max_iter=20000), scale=True),
    "random forest on log price, 300 trees": _model(
        lambda: RandomForestRegressor(n_estimators=300, max_features=0.3, random_state=SEED)),
    "gradient boosting (histogram) on dollars, default settings": _model(
        lambda: HistGradientBoostingRegressor(random_state=SEED), log_target=False),
    "extra trees on log price, 200 trees": _model(
        lambda: ExtraTreesRegressor(n_estimators=200, max_features=0.5, random_state=SEED)),
    "support vector regression (RBF) on log price, numeric features": _model(
        lambda: SVR(C=3.0, epsilon=0.05), scale=True, numeric_only=True),
    "ridge on log price, five features (area, basement, garage, year, neighbourhood)": _model(
        lambda: Ridge(alpha=1.0), columns=SIZE, scale=True),
    "small neural network (32 units) on log price, numeric features": _model(
        lambda: MLPRegressor(hidden_layer_sizes=(32,), alpha=1.0, max_iter=2000, random_state=SEED),
        scale=True, numeric_only=True),
    "k nearest neighbours (k=10) on log price, scaled numeric features": _model(
        lambda: KNeighborsRegressor(n_neighbors=10), scale=True, numeric_only=True),
    "linear regression on dollars, numeric features": _model(
        LinearRegression, log_target=False, numeric_only=True),
    "neighbourhood price per square foot times living area": _neighbourhood_price_per_area,
    "decision tree on log price, depth 5": _model(lambda: DecisionTreeRegressor(max_depth=5, random_state=SEED)),
    "ridge on log price trained on 40 sales": _model(lambda: Ridge(alpha=10.0), scale=True, rows=40),
    "gradient boosting trained on 60 sales": _model(
        lambda: HistGradientBoostingRegressor(min_samples_leaf=5, random_state=SEED), rows=60),
    "living area only (log-log line)": _model(LinearRegression, columns=["Gr_Liv_Area"]),
    "median price of the neighbourhood only": _group_median("Neighborhood"),
    "k nearest neighbours (k=1) on dollars, unscaled numeric features": _model(
        lambda: KNeighborsRegressor(n_neighbors=1), log_target=False, numeric_only=True),
    "median price by number of garage places only": _group_median("Garage_Cars"),
    "year built only (log-linear)": _model(LinearRegression, columns=["Year_Built"]),
    "median price by overall condition only": _group_median("Overall_Cond"),
    "constant: geometric mean of training prices": _constant(lambda price: float(np.exp(np.log(price).mean()))),
    "constant: mean training price": _constant(lambda price: float(price.mean())),
    "constant: a round 100,000 dollars": _constant(lambda price: 100_000.0),
    "random prices between the training minimum and maximum (seeded)": _random,
}


# --- the crowded top: tuned models on engineered features, and blends ---------------------------


@lru_cache(maxsize=None)
def _log_predictions(public: Path, make_model: Callable[[], object], engineered: bool, scale: bool,
                     log_counts: bool) -> np.ndarray:
    """Test log-price predictions of one setting on all columns; cached so that blends reuse fits."""
    train, test = _read(public)
    if engineered:
        train, test = _engineer(train), _engineer(test)
    features = [c for c in test.columns if c != "id"]
    pipeline = Pipeline([("prepare", _preprocess(train[features], scale, log_counts)), ("model", make_model())])
    with threadpool_limits(1):
        pipeline.fit(train[features], np.log(train[TARGET]))
        values = pipeline.predict(test[features])
    values.setflags(write=False)
    return values


class _Setting:
    """One model setting on log prices: a solution, and a member that blends can average."""

    def __init__(self, make_model: Callable[[], object], engineered: bool, scale: bool = False, log_counts: bool = False):
        self.key = (make_model, engineered, scale, log_counts)

    def predict(self, public: Path) -> np.ndarray:
        return _log_predictions(public, *self.key)

    def __call__(self, public: Path) -> pd.DataFrame:
        return _submission(_read(public)[1], np.exp(self.predict(public)))


def _blend(*members: tuple[_Setting, float]) -> Solution:
    """Weighted average of the members' log-price predictions."""

    def solve(public: Path) -> pd.DataFrame:
        total = sum(weight * member.predict(public) for member, weight in members)
        return _submission(_read(public)[1], np.exp(total / sum(weight for _, weight in members)))

    return solve


FEATURE_SETS = {False: "all columns", True: "engineered features (areas, ages, baths, grades)"}
for engineered, described in FEATURE_SETS.items():
    for alpha in (3.0, 30.0, 300.0):
        SOLUTIONS[f"ridge regression, alpha {alpha}, logged areas, on {described}"] = _Setting(
            lambda alpha=alpha: Ridge(alpha=alpha), engineered, scale=True, log_counts=True)
    for alpha in (0.0005, 0.002):
        SOLUTIONS[f"lasso, alpha {alpha}, logged areas, on {described}"] = _Setting(
            lambda alpha=alpha: Lasso(alpha=alpha, max_iter=50_000), engineered, scale=True, log_counts=True)
    SOLUTIONS[f"elastic net (alpha 0.002, l1 ratio 0.5), logged areas, on {described}"] = _Setting(
        lambda: ElasticNet(alpha=0.002, l1_ratio=0.5, max_iter=50_000), engineered, scale=True, log_counts=True)
    SOLUTIONS[f"Huber regression (robust to outliers), logged areas, on {described}"] = _Setting(
        lambda: HuberRegressor(alpha=30.0, max_iter=2000), engineered, scale=True, log_counts=True)
    SOLUTIONS[f"kernel ridge (RBF), logged areas, on {described}"] = _Setting(
        lambda: KernelRidge(alpha=0.3, kernel="rbf", gamma=0.002), engineered, scale=True, log_counts=True)
    for c in (1.0, 10.0):
        SOLUTIONS[f"support vector regression (RBF, C={c}), logged areas, on {described}"] = _Setting(
            lambda c=c: SVR(C=c, epsilon=0.02, gamma=0.002), engineered, scale=True, log_counts=True)
    for rate, leaves, rounds in ((0.02, 15, 1500), (0.05, 7, 800), (0.05, 31, 400), (0.1, 15, 300), (0.3, 31, 300)):
        SOLUTIONS[f"gradient boosting (histogram), {rounds} trees of {leaves} leaves, rate {rate}, on {described}"] = _Setting(
            lambda rate=rate, leaves=leaves, rounds=rounds: HistGradientBoostingRegressor(
                learning_rate=rate, max_leaf_nodes=leaves, max_iter=rounds, min_samples_leaf=10,
                l2_regularization=1.0, random_state=SEED), engineered)
    for depth, rounds in ((2, 1500), (4, 600)):
        SOLUTIONS[f"gradient boosting (sklearn), {rounds} depth-{depth} trees, subsample 0.7, on {described}"] = _Setting(
            lambda depth=depth, rounds=rounds: GradientBoostingRegressor(
                n_estimators=rounds, learning_rate=0.03, max_depth=depth, subsample=0.7, max_features=0.5,
                random_state=SEED), engineered)
    SOLUTIONS[f"gradient boosting (sklearn, Huber loss), 600 depth-3 trees, on {described}"] = _Setting(
        lambda: GradientBoostingRegressor(n_estimators=600, learning_rate=0.05, max_depth=3, loss="huber",
                                          subsample=0.8, random_state=SEED), engineered)
    for leaf in (1, 5):
        SOLUTIONS[f"random forest, 300 trees, min {leaf} per leaf, on {described}"] = _Setting(
            lambda leaf=leaf: RandomForestRegressor(n_estimators=300, max_features=0.3, min_samples_leaf=leaf,
                                                    random_state=SEED), engineered)
    SOLUTIONS[f"extra trees, 300 trees, on {described}"] = _Setting(
        lambda: ExtraTreesRegressor(n_estimators=300, max_features=0.4, min_samples_leaf=2, random_state=SEED), engineered)
    for hidden, alpha in (((64,), 3.0), ((128, 64), 10.0)):
        layers = "x".join(map(str, hidden))
        SOLUTIONS[f"neural network ({layers} units), weight decay {alpha}, logged areas, on {described}"] = _Setting(
            lambda hidden=hidden, alpha=alpha: MLPRegressor(hidden_layer_sizes=hidden, alpha=alpha, max_iter=3000,
                                                            early_stopping=True, random_state=SEED),
            engineered, scale=True, log_counts=True)
    for k in (5, 20):
        SOLUTIONS[f"k nearest neighbours (k={k}, distance-weighted), logged areas, on {described}"] = _Setting(
            lambda k=k: KNeighborsRegressor(n_neighbors=k, weights="distance"), engineered, scale=True, log_counts=True)
    for depth in (4, 8):
        SOLUTIONS[f"decision tree, depth {depth}, on {described}"] = _Setting(
            lambda depth=depth: DecisionTreeRegressor(max_depth=depth, min_samples_leaf=5, random_state=SEED), engineered)

_E = FEATURE_SETS[True]
_RIDGE = SOLUTIONS[f"ridge regression, alpha 30.0, logged areas, on {_E}"]
_LASSO = SOLUTIONS[f"lasso, alpha 0.0005, logged areas, on {_E}"]
_GBR = SOLUTIONS[f"gradient boosting (sklearn), 1500 depth-2 trees, subsample 0.7, on {_E}"]
_HGB = SOLUTIONS[f"gradient boosting (histogram), 1500 trees of 15 leaves, rate 0.02, on {_E}"]
_SVR = SOLUTIONS[f"support vector regression (RBF, C=10.0), logged areas, on {_E}"]
_FOREST = SOLUTIONS[f"random forest, 300 trees, min 1 per leaf, on {_E}"]
_MLP = SOLUTIONS[f"neural network (64 units), weight decay 3.0, logged areas, on {_E}"]
SOLUTIONS.update({
    "blend: lasso + sklearn boosting (engineered), equal weights": _blend((_LASSO, 1), (_GBR, 1)),
    "blend: ridge + histogram boosting (engineered), equal weights": _blend((_RIDGE, 1), (_HGB, 1)),
    "blend: lasso + ridge + two boosting models + SVR": _blend((_LASSO, 1), (_RIDGE, 1), (_GBR, 1), (_HGB, 1), (_SVR, 1)),
    "blend: lasso 2 : boosting 2 : forest 1": _blend((_LASSO, 2), (_GBR, 2), (_FOREST, 1)),
    "blend: boosting + neural network": _blend((_GBR, 1), (_MLP, 1)),
    "blend: histogram boosting + random forest": _blend((_HGB, 1), (_FOREST, 1)),
})
for rows in (150, 500):
    SOLUTIONS[f"ridge regression, alpha 30, logged areas, engineered features, trained on {rows} sales"] = _model(
        lambda: Ridge(alpha=30.0), scale=True, log_counts=True, engineered=True, rows=rows)
    SOLUTIONS[f"gradient boosting (histogram), engineered features, trained on {rows} sales"] = _model(
        lambda: HistGradientBoostingRegressor(min_samples_leaf=5, random_state=SEED), engineered=True, rows=rows)
SOLUTIONS.update({
    "linear regression on dollars, engineered numeric features": _model(
        LinearRegression, log_target=False, numeric_only=True, engineered=True),
    "ridge on log price, total area + age + neighbourhood only": _model(
        lambda: Ridge(alpha=1.0), columns=["log_total_area", "age", "Neighborhood"], scale=True, engineered=True),
    "total area only (log-log line)": _model(LinearRegression, columns=["log_total_area"], engineered=True),
    "median price by building type only": _group_median("Bldg_Type"),
})
# Careless variants: raw skewed areas, dollars instead of log prices.
for engineered, described in FEATURE_SETS.items():
    SOLUTIONS[f"ridge regression, alpha 10, raw (unlogged) areas, on {described}"] = _Setting(
        lambda: Ridge(alpha=10.0), engineered, scale=True)
    SOLUTIONS[f"lasso, alpha 0.001, raw (unlogged) areas, on {described}"] = _Setting(
        lambda: Lasso(alpha=0.001, max_iter=50_000), engineered, scale=True)
    SOLUTIONS[f"gradient boosting (histogram) on dollars, 300 trees, on {described}"] = _model(
        lambda: HistGradientBoostingRegressor(max_iter=300, learning_rate=0.05, random_state=SEED),
        log_target=False, engineered=engineered)
    SOLUTIONS[f"random forest on dollars, 200 trees, on {described}"] = _model(
        lambda: RandomForestRegressor(n_estimators=200, max_features=0.3, random_state=SEED),
        log_target=False, engineered=engineered)
