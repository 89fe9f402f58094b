"""Tables and text: gradient boosting and linear models over the CSV columns.

Numeric columns are used as they are, low-cardinality columns as
categories, free-text columns through TF-IDF; columns that are neither
(row-unique strings such as names) are dropped. A text task is a table
whose main feature is prose, so it shares this code with a TF-IDF-heavy
set of candidates.
"""

from __future__ import annotations

import os
import warnings

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
)
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, RidgeCV
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    OneHotEncoder,
    OrdinalEncoder,
    StandardScaler,
)

from pytest_mlebench.agents.builtin.modeling import Candidate

MAX_CATEGORIES = 250  # gradient boosting bins: rarer levels are pooled into one
RARE_LEVEL = 10  # a category level seen fewer times than this joins the pooled rare levels
RARE = "__rare__"
N_JOBS = min(4, os.cpu_count() or 1)


DATE_PARTS = ("year", "month", "day", "dayofweek", "hour", "minute")
TEXT_STATS = {
    "chars": lambda t: t.str.len(),
    "words": lambda t: t.str.split().str.len(),
    "upper_share": lambda t: t.str.count(r"[A-Z]") / t.str.len().clip(lower=1),
    "digit_share": lambda t: t.str.count(r"[0-9]") / t.str.len().clip(lower=1),
    "exclamations": lambda t: t.str.count("!"),
    "questions": lambda t: t.str.count(r"\?"),
    "mentions": lambda t: t.str.count("@"),
    "hashtags": lambda t: t.str.count("#"),
    "links": lambda t: t.str.count("http"),
    "quotes": lambda t: t.str.count('"'),
}


def _looks_like_dates(values: pd.Series) -> bool:
    """Text that is mostly timestamps (e.g. `2016-06-22T19:00:47Z`), worth taking apart."""
    sample = values.dropna().astype(str).head(200)
    if sample.empty or not sample.str.contains(r"\d[-/:.]\d|\d{4}").mean() > 0.9:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(sample, errors="coerce", utc=True, format="mixed")
    return parsed.notna().mean() > 0.95


def split_columns(train: pd.DataFrame, features: list[str], text_columns: tuple[str, ...]) -> dict[str, list[str]]:
    """Sort feature columns into numeric, categorical, text and date; drop row-unique strings.

    Dates and texts also contribute derived numeric columns (`<col>_hour`,
    `<col>_chars`, ...), listed under "numeric" and computed by `prepare_frame`.
    """
    groups: dict[str, list[str]] = {"numeric": [], "categorical": [], "text": [], "date": [], "dropped": []}
    for column in features:
        values = train[column]
        if column in text_columns:
            groups["text"].append(column)
            groups["numeric"] += [f"{column}_{name}" for name in TEXT_STATS]
        elif pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            groups["numeric"].append(column)
        elif _looks_like_dates(values):
            groups["date"].append(column)
            groups["numeric"] += [f"{column}_{part}" for part in DATE_PARTS] + [f"{column}_days"]
        elif values.nunique() <= max(MAX_CATEGORIES, 0.05 * len(values)) or values.nunique() < 0.5 * len(values):
            groups["categorical"].append(column)
        else:
            groups["dropped"].append(column)
    return groups


def prepare_frame(frame: pd.DataFrame, groups: dict[str, list[str]]) -> pd.DataFrame:
    """The feature columns with one dtype per group (numbers as float, the rest as text)."""
    derived: dict[str, pd.Series] = {}
    for column in groups["date"]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            when = pd.to_datetime(frame[column], errors="coerce", utc=True, format="mixed")
        for part in DATE_PARTS:
            derived[f"{column}_{part}"] = getattr(when.dt, part)
        derived[f"{column}_days"] = (when - pd.Timestamp("2000-01-01", tz="UTC")).dt.total_seconds() / 86400
    for column in groups["text"]:
        text = frame[column].fillna("").astype(str)
        for name, statistic in TEXT_STATS.items():
            derived[f"{column}_{name}"] = statistic(text)
    out = pd.DataFrame(index=frame.index)
    for column in groups["numeric"]:
        source = derived[column] if column in derived else frame[column]
        out[column] = pd.to_numeric(source, errors="coerce").astype(float)
    for column in groups["categorical"]:
        out[column] = frame[column].astype(object).where(frame[column].notna(), "__missing__").astype(str)
    for column in groups["text"]:
        out[column] = frame[column].fillna("").astype(str)
    return out


def _joined_text(frame: pd.DataFrame) -> np.ndarray:
    return frame.astype(str).agg(" ".join, axis=1).to_numpy()


def _text_features(columns: list[str]) -> list:
    """Word and character n-gram TF-IDF over all text columns joined."""
    if not columns:
        return []
    vectorizers = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=100_000, sublinear_tf=True)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), min_df=3, max_features=100_000, sublinear_tf=True)),
    ])
    return [("text", make_pipeline(FunctionTransformer(_joined_text), vectorizers), columns)]


def linear_features(groups: dict[str, list[str]]) -> ColumnTransformer:
    """Scaled numbers (+ missing flags), one-hot categories, TF-IDF text: input for linear models."""
    parts = []
    if groups["numeric"]:
        parts.append(("numeric", make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()), groups["numeric"]))
    if groups["categorical"]:
        parts.append(("categorical", OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=3), groups["categorical"]))
    parts += _text_features(groups["text"])
    return ColumnTransformer(parts, sparse_threshold=1.0)


class PoolRareLevels(BaseEstimator, TransformerMixin):
    """Replace the category levels seen fewer than `min_count` times in training, and unseen ones, by one level.

    Gradient boosting ignores levels with under ~10 rows when it splits, so
    rare levels would otherwise say nothing; pooled, "some rare value" can be
    telling on its own (e.g. a helper's name, filled in only on success).
    """

    def __init__(self, min_count: int = RARE_LEVEL):
        self.min_count = min_count

    def fit(self, x: pd.DataFrame, y=None):
        self.common_ = {}
        for column in x.columns:
            counts = x[column].value_counts()
            self.common_[column] = set(counts.index[counts >= self.min_count])
        return self

    def transform(self, x: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({c: x[c].where(x[c].isin(self.common_[c]), RARE) for c in x.columns}, index=x.index)


def tree_features(groups: dict[str, list[str]]) -> ColumnTransformer:
    """Raw numbers and ordinal-coded categories (unknown levels -> missing): input for boosting."""
    parts = []
    if groups["numeric"]:
        parts.append(("numeric", "passthrough", groups["numeric"]))
    if groups["categorical"]:
        encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan, max_categories=MAX_CATEGORIES)
        parts.append(("categorical", make_pipeline(PoolRareLevels(), encoder), groups["categorical"]))
    return ColumnTransformer(parts, sparse_threshold=0.0)


def _boosting(groups, classify: bool, seed: int):
    n_numeric, n_categorical = len(groups["numeric"]), len(groups["categorical"])
    categorical = [False] * n_numeric + [True] * n_categorical
    model = HistGradientBoostingClassifier if classify else HistGradientBoostingRegressor
    booster = model(
        learning_rate=0.05, max_iter=600, max_leaf_nodes=15, min_samples_leaf=20, l2_regularization=1.0,
        categorical_features=categorical if any(categorical) else None,
        early_stopping=True, validation_fraction=0.15, n_iter_no_change=30, random_state=seed,
    )
    return make_pipeline(tree_features(groups), booster)


def _text_only(groups: dict[str, list[str]]) -> dict[str, list[str]]:
    return {**groups, "numeric": [], "categorical": []}


def _linear_model(classify: bool, seed: int, c: float = 1.0, sparse_text: bool = False):
    if classify:
        # saga is several times faster than lbfgs on wide sparse TF-IDF input, and as accurate at this tolerance
        return LogisticRegression(C=c, solver="saga" if sparse_text else "lbfgs", tol=1e-3, max_iter=3000, random_state=seed)
    return RidgeCV(alphas=np.logspace(-2, 4, 13))


def _linear(groups, classify: bool, seed: int, c: float = 1.0):
    return make_pipeline(linear_features(groups), _linear_model(classify, seed, c, sparse_text=bool(groups["text"])))


class TextThenBoosting(BaseEstimator):
    """Gradient boosting on the non-text columns plus a TF-IDF linear model's out-of-fold predictions.

    Stacking lets the boosting weigh what the words say against the other
    columns (dates, counts, categories) instead of a fixed blend. The TF-IDF
    vocabulary is fitted once on all rows (it uses no labels); the linear
    model's predictions for the boosting's training rows come from folds
    that did not see those rows.
    """

    def __init__(self, groups: dict, classify: bool, seed: int = 0, c: float = 4.0, folds: int = 3):
        self.groups, self.classify, self.seed, self.c, self.folds = groups, classify, seed, c, folds

    def _with_text_predictions(self, x: pd.DataFrame, predictions: np.ndarray) -> pd.DataFrame:
        predictions = predictions.reshape(len(x), -1)
        extra = pd.DataFrame(predictions, index=x.index, columns=self.text_columns_)
        return pd.concat([x, extra], axis=1)

    def fit(self, x: pd.DataFrame, y):
        self.vectorizer_ = linear_features(_text_only(self.groups)).fit(x)
        words = self.vectorizer_.transform(x)
        linear = _linear_model(self.classify, self.seed, self.c, sparse_text=True)
        if self.classify:
            folds = StratifiedKFold(self.folds, shuffle=True, random_state=self.seed)
            out_of_fold = cross_val_predict(linear, words, y, cv=folds, method="predict_proba")
        else:
            folds = KFold(self.folds, shuffle=True, random_state=self.seed)
            out_of_fold = cross_val_predict(linear, words, y, cv=folds)
        self.linear_ = clone(linear).fit(words, y)
        self.text_columns_ = [f"__text_model_{i}" for i in range(out_of_fold.reshape(len(x), -1).shape[1])]
        boosted_groups = {**self.groups, "numeric": self.groups["numeric"] + self.text_columns_}
        self.booster_ = _boosting(boosted_groups, self.classify, self.seed).fit(self._with_text_predictions(x, out_of_fold), y)
        self.classes_ = getattr(self.booster_, "classes_", None)
        return self

    def _booster_input(self, x: pd.DataFrame) -> pd.DataFrame:
        words = self.vectorizer_.transform(x)
        predictions = self.linear_.predict_proba(words) if self.classify else self.linear_.predict(words)
        return self._with_text_predictions(x, predictions)

    def predict_proba(self, x: pd.DataFrame) -> np.ndarray:
        return self.booster_.predict_proba(self._booster_input(x))

    def predict(self, x: pd.DataFrame) -> np.ndarray:
        return self.booster_.predict(self._booster_input(x))


def tabular_candidates(groups: dict[str, list[str]], classify: bool, seed: int) -> list[Candidate]:
    candidates = []
    if groups["numeric"] or groups["categorical"]:
        candidates.append(Candidate("gradient boosting", lambda: _boosting(groups, classify, seed)))
    candidates.append(Candidate("linear model (one-hot + scaled)", lambda: _linear(groups, classify, seed, c=0.5)))
    return candidates


def text_candidates(groups: dict[str, list[str]], classify: bool, seed: int) -> list[Candidate]:
    """TF-IDF + a linear model on the text alone, and boosting over everything else plus that model."""
    linear_name = "tf-idf + logistic regression" if classify else "tf-idf + ridge"
    return [
        Candidate(linear_name, lambda: _linear(_text_only(groups), classify, seed, c=4.0)),
        Candidate(f"gradient boosting on the other columns + out-of-fold {linear_name}", lambda: TextThenBoosting(groups, classify, seed)),
    ]
