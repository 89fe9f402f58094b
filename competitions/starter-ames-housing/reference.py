"""Reference field of starter-ames-housing: the solutions whose scores make its leaderboard.

Each solution reads only the public files, trains, and returns a submission
frame (`id`, `Sale_Price`). They range from tuned models to deliberately
poor ones (constants, random prices, one feature, a handful of sales) so that
the RMSE-of-logs scores spread out like a real leaderboard. Entries are listed
roughly from strongest to weakest; every one is seeded and so deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
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
from sklearn.linear_model import Lasso, LinearRegression, Ridge
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


def _read(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    train = pd.read_csv(public / "train.csv", dtype={"id": str})
    test = pd.read_csv(public / "test.csv", dtype={"id": str})
    return train, test


def _submission(test: pd.DataFrame, price) -> pd.DataFrame:
    return pd.DataFrame({"id": test["id"], TARGET: np.maximum(np.asarray(price, dtype=float), MIN_PRICE)})


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
            ("logged", make_pipeline(SimpleImputer(strategy="median"), FunctionTransformer(np.log1p), *scaler), logged),
            ("categorical", make_pipeline(*categorical_steps), categorical),
        ]
    )


def _model(make_model: Callable[[], object], columns: list[str] | None = None, scale: bool = False,
           log_target: bool = True, rows: int | None = None, numeric_only: bool = False,
           log_counts: bool = False) -> Solution:
    """A solution that fits `make_model()` on the chosen columns (all by default) and rows.

    `log_target` fits log(price) and exponentiates back, which suits the metric;
    without it the model fits dollars. `rows` trains on a seeded random subset.
    Everything runs on one thread: steady timings however busy the machine is.
    """

    def solve(public: Path) -> pd.DataFrame:
        train, test = _read(public)
        if rows is not None:
            train = train.sample(n=rows, random_state=SEED)
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
