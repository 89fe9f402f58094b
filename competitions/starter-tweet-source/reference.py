"""Reference field of starter-tweet-source: the solutions whose log losses make its leaderboard.

Each solution reads only the public files, trains, and returns a submission
frame (`id` plus one probability column per app). The top of a real field
for this task is feature work: when the tweet was sent (the apps were used
in different years and hours), how it is written (links, quotes, manual
retweets, capitals), and what it says, the words entering as out-of-fold
probabilities of text models; then tuned gradient boosting, forests and
small neural nets on that table, and blends of them. The middle is text-only
or time-only models with default settings, and the tail deliberately poor
ones (uniform, random, hard 0/1 answers, one feature, a few tweets). Every
solution is seeded and so deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import ExtraTreesClassifier, HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.naive_bayes import MultinomialNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

SEED = 5
TARGET = "source"  # label column the solutions derive from the one-hot columns of train.csv
CLASSES = ["android", "iphone", "web"]

# Numbers derived from each tweet (see _with_features).
TIME = ["year", "month", "hour", "weekday"]
STYLE = ["length", "words", "has_link", "hashtags", "mentions", "starts_with_quote", "exclamations", "capitals"]
POPULARITY = ["log_retweets", "log_favorites", "is_reply"]
META = TIME + STYLE + POPULARITY

Solution = Callable[[Path], pd.DataFrame]


def _with_features(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the time, style and popularity numbers the non-text models use."""
    when = pd.to_datetime(frame["created_at"], utc=True)
    text = frame["text"].fillna("")
    letters = text.str.count(r"[A-Za-z]").clip(lower=1)
    return frame.assign(
        text=text,
        year=when.dt.year,
        month=when.dt.month,
        hour=when.dt.hour,
        weekday=when.dt.weekday,
        length=text.str.len(),
        words=text.str.split().str.len(),
        has_link=text.str.contains("http", regex=False).astype(int),
        hashtags=text.str.count("#"),
        mentions=text.str.count("@"),
        starts_with_quote=text.str.startswith('"').astype(int),
        exclamations=text.str.count("!"),
        capitals=text.str.count(r"[A-Z]") / letters,
        log_retweets=np.log1p(frame["retweet_count"]),
        log_favorites=np.log1p(frame["favorite_count"]),
    )


@lru_cache(maxsize=4)
def _read(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train and test with derived features; train gets the app as one label column `source`.

    Read once per folder: callers must not modify the frames.
    """
    train = pd.read_csv(public / "train.csv", dtype={"id": str}, keep_default_na=False)
    test = pd.read_csv(public / "test.csv", dtype={"id": str}, keep_default_na=False)
    train[TARGET] = train[CLASSES].idxmax(axis=1)
    return _with_features(train), _with_features(test)


def _submission(test: pd.DataFrame, probabilities, classes=CLASSES) -> pd.DataFrame:
    """A submission frame with the columns in CLASSES order and rows summing to 1."""
    frame = pd.DataFrame(np.asarray(probabilities, dtype=float), columns=list(classes))[CLASSES]
    frame = frame.div(frame.sum(axis=1), axis=0)
    frame.insert(0, "id", test["id"].to_numpy())
    return frame


# Column blocks that solutions combine (each a ColumnTransformer entry).
def _words(ngrams=(1, 2)):
    return ("words", TfidfVectorizer(ngram_range=ngrams, min_df=2, sublinear_tf=True), "text")


def _characters():
    return ("characters", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True), "text")


def _categories(columns):
    return ("categories", OneHotEncoder(handle_unknown="ignore"), columns)


def _numbers(columns):
    return ("numbers", StandardScaler(), columns)


def _model(blocks: Callable[[], list], make_model: Callable[[], object], rows: int | None = None,
           hard: float | None = None) -> Solution:
    """A solution that fits `make_model()` on the column blocks `blocks()` builds.

    `rows` trains on a seeded random subset; `hard` replaces the probabilities
    with `hard` for the most likely app and the rest shared by the others (a
    deliberately overconfident answer). One thread, for steady timings.
    """

    def solve(public: Path) -> pd.DataFrame:
        train, test = _read(public)
        if rows is not None:
            train = train.sample(n=rows, random_state=SEED)
        pipeline = make_pipeline(ColumnTransformer(blocks()), make_model())
        with threadpool_limits(1):
            pipeline.fit(train, train[TARGET])
            probabilities = pipeline.predict_proba(test)
        if hard is not None:
            best = probabilities.argmax(axis=1)
            probabilities = np.full(probabilities.shape, (1.0 - hard) / (probabilities.shape[1] - 1))
            probabilities[np.arange(len(best)), best] = hard
        return _submission(test, probabilities, pipeline.classes_)

    return solve


def _stacked(public: Path) -> pd.DataFrame:
    """Out-of-fold text probabilities, then boosting on them plus the tweet's numbers."""
    train, test = _read(public)
    text_model = make_pipeline(ColumnTransformer([_words()]), LogisticRegression(C=10.0, max_iter=3000))
    with threadpool_limits(1):
        train_text = cross_val_predict(text_model, train, train[TARGET], cv=5, method="predict_proba")
        test_text = text_model.fit(train, train[TARGET]).predict_proba(test)
        booster = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, max_depth=4, random_state=SEED)
        booster.fit(np.column_stack([train_text, train[META]]), train[TARGET])
        probabilities = booster.predict_proba(np.column_stack([test_text, test[META]]))
    return _submission(test, probabilities, booster.classes_)


def _time_table(public: Path) -> pd.DataFrame:
    """Share of each app among training tweets of the same year and hour (add-one smoothed)."""
    train, test = _read(public)
    counts = pd.crosstab([train["year"], train["hour"]], train[TARGET]).reindex(columns=CLASSES, fill_value=0) + 1
    shares = counts.div(counts.sum(axis=1), axis=0)
    keys = pd.MultiIndex.from_arrays([test["year"], test["hour"]])
    probabilities = shares.reindex(keys).fillna(1.0 / len(CLASSES)).to_numpy()
    return _submission(test, probabilities)


def _priors(public: Path) -> pd.DataFrame:
    train, test = _read(public)
    shares = train[TARGET].value_counts(normalize=True).reindex(CLASSES).to_numpy()
    return _submission(test, np.tile(shares, (len(test), 1)))


def _uniform(public: Path) -> pd.DataFrame:
    _, test = _read(public)
    return _submission(test, np.full((len(test), len(CLASSES)), 1.0 / len(CLASSES)))


def _random(public: Path) -> pd.DataFrame:
    _, test = _read(public)
    return _submission(test, np.random.default_rng(SEED).dirichlet(np.ones(len(CLASSES)), size=len(test)))


def _logistic(c: float = 1.0):
    return lambda: LogisticRegression(C=c, max_iter=3000)


SOLUTIONS: dict[str, Solution] = {
    "stacking: out-of-fold TF-IDF logistic probabilities + time/style numbers into gradient boosting": _stacked,
    "random forest on time, style and popularity numbers, 300 trees": _model(
        lambda: [_numbers(META)], lambda: RandomForestClassifier(n_estimators=300, min_samples_leaf=3, random_state=SEED)),
    "gradient boosting on time, style and popularity numbers (no words)": _model(
        lambda: [_numbers(META)], lambda: HistGradientBoostingClassifier(max_iter=200, random_state=SEED)),
    "logistic regression on word TF-IDF + year/hour one-hot + style numbers": _model(
        lambda: [_words(), _categories(["year", "hour"]), _numbers(STYLE + POPULARITY)], _logistic(3.0)),
    "logistic regression on character 2-5-gram TF-IDF + year one-hot": _model(
        lambda: [_characters(), _categories(["year"])], _logistic(3.0)),
    "share of each app by year and hour of day (lookup table)": _time_table,
    "decision tree on time, style and popularity numbers, depth 6": _model(
        lambda: [_numbers(META)], lambda: DecisionTreeClassifier(max_depth=6, min_samples_leaf=20, random_state=SEED)),
    "logistic regression on character 2-5-gram TF-IDF only": _model(lambda: [_characters()], _logistic(10.0)),
    "linear SVM on word TF-IDF, sigmoid-calibrated": _model(
        lambda: [_words()], lambda: CalibratedClassifierCV(LinearSVC(C=0.3, random_state=SEED), method="sigmoid", cv=3)),
    "logistic regression on word 1-2-gram TF-IDF only": _model(lambda: [_words()], _logistic(10.0)),
    "logistic regression on year only": _model(lambda: [_categories(["year"])], _logistic()),
    "SGD logistic model on word TF-IDF": _model(
        lambda: [_words()], lambda: SGDClassifier(loss="log_loss", alpha=1e-4, random_state=SEED)),
    "logistic regression on likes, retweets and reply flag only": _model(
        lambda: [_numbers(POPULARITY)], _logistic()),
    "logistic regression on hour of day only": _model(lambda: [_categories(["hour"])], _logistic()),
    "k nearest neighbours (k=30) on word TF-IDF": _model(
        lambda: [_words((1, 1))], lambda: KNeighborsClassifier(n_neighbors=30, metric="cosine")),
    "logistic regression on style numbers only (length, links, hashtags, ...)": _model(
        lambda: [_numbers(STYLE)], _logistic()),
    "word TF-IDF logistic regression, answers rounded to 0.9 / 0.05 / 0.05": _model(
        lambda: [_words()], _logistic(10.0), hard=0.9),
    "logistic regression on word TF-IDF trained on 150 tweets": _model(lambda: [_words((1, 1))], _logistic(10.0), rows=150),
    "naive Bayes on word counts": _model(
        lambda: [("counts", CountVectorizer(min_df=2), "text")], lambda: MultinomialNB(alpha=0.5)),
    "constant: app shares of the training set": _priors,
    "constant: 1/3 for each app": _uniform,
    "unregularised logistic regression on word TF-IDF (overconfident)": _model(lambda: [_words()], _logistic(1e4)),
    "random probabilities (seeded Dirichlet)": _random,
    "word TF-IDF logistic regression, hard 0/1 answers": _model(lambda: [_words()], _logistic(10.0), hard=1.0),
}


# --- feature work: the crowded top of the field ----------------------------------------------


def _rich(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers a careful competitor derives: exact time, and how the tweet is written and received."""
    when = pd.to_datetime(frame["created_at"], utc=True)
    text = frame["text"]
    return pd.DataFrame({
        "days": (when - pd.Timestamp("2009-01-01", tz="UTC")).dt.total_seconds() / 86400,
        "hour": when.dt.hour + when.dt.minute / 60,
        "weekday": when.dt.weekday,
        "day_of_year": when.dt.dayofyear,
        "length": text.str.len(),
        "words": text.str.split().str.len(),
        "links": text.str.count("http"),
        "ends_with_link": text.str.contains(r"https?://\S+$").astype(int),
        "media": text.str.contains("pic.twitter", regex=False).astype(int),
        "hashtags": text.str.count("#"),
        "mentions": text.str.count("@"),
        "starts_with_quote": text.str.startswith('"').astype(int),
        "manual_retweet": text.str.contains('"@', regex=False).astype(int),
        "starts_with_mention": text.str.startswith("@").astype(int),
        "retweet": text.str.startswith("RT ").astype(int),
        "exclamations": text.str.count("!"),
        "ellipsis": text.str.contains("...", regex=False).astype(int),
        "digits": text.str.count(r"[0-9]"),
        "capitals": text.str.count(r"[A-Z]") / text.str.count(r"[A-Za-z]").clip(lower=1),
        "log_retweets": np.log1p(frame["retweet_count"]),
        "log_favorites": np.log1p(frame["favorite_count"]),
        "favorites_per_retweet": np.log1p(frame["favorite_count"]) - np.log1p(frame["retweet_count"]),
        "is_reply": frame["is_reply"],
    })


TEXT_MODELS: dict[str, Callable[[], object]] = {
    "words": lambda: make_pipeline(ColumnTransformer([_words()]), LogisticRegression(C=10.0, max_iter=3000)),
    "characters": lambda: make_pipeline(ColumnTransformer([_characters()]), LogisticRegression(C=10.0, max_iter=3000)),
    "word counts (naive Bayes)": lambda: make_pipeline(
        ColumnTransformer([("counts", CountVectorizer(min_df=2), "text")]), MultinomialNB(alpha=0.5)),
}


@lru_cache(maxsize=None)
def _text_probabilities(public: Path, text_model: str) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold train and test probabilities of one text model (a stacking input)."""
    train, test = _read(public)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    with threadpool_limits(1):
        oof = cross_val_predict(TEXT_MODELS[text_model](), train, train[TARGET], cv=folds, method="predict_proba")
        final = TEXT_MODELS[text_model]().fit(train, train[TARGET]).predict_proba(test)
    return oof, final


@lru_cache(maxsize=None)
def _table(public: Path, text_models: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The rich numbers plus out-of-fold probabilities of the chosen text models."""
    train, test = _read(public)
    parts_train, parts_test = [_rich(train).to_numpy(float)], [_rich(test).to_numpy(float)]
    for name in text_models:
        oof, final = _text_probabilities(public, name)
        parts_train.append(oof)
        parts_test.append(final)
    return np.hstack(parts_train), np.hstack(parts_test)


@lru_cache(maxsize=None)
def _tabular_probabilities(public: Path, make_model: Callable[[], object], text_models: tuple[str, ...],
                           scale: bool) -> np.ndarray:
    """Test probabilities (columns in CLASSES order) of a model on the rich table; cached for blends."""
    train, _ = _read(public)
    x, x_test = _table(public, text_models)
    model = make_pipeline(StandardScaler(), make_model()) if scale else make_model()
    with threadpool_limits(1):
        model.fit(x, train[TARGET])
        probabilities = model.predict_proba(x_test)
    order = [list(model.classes_).index(c) for c in CLASSES]
    return probabilities[:, order]


class _OnTable:
    """A solution: one model on the rich table with some text models' out-of-fold probabilities."""

    def __init__(self, make_model: Callable[[], object], text_models: tuple[str, ...], scale: bool = False):
        self.key = (make_model, text_models, scale)

    def probabilities(self, public: Path) -> np.ndarray:
        return _tabular_probabilities(public, *self.key)

    def __call__(self, public: Path) -> pd.DataFrame:
        return _submission(_read(public)[1], self.probabilities(public))


def _blend(*members: tuple[_OnTable, float]) -> Solution:
    """Weighted average of the members' probabilities."""

    def solve(public: Path) -> pd.DataFrame:
        total = sum(weight * member.probabilities(public) for member, weight in members)
        return _submission(_read(public)[1], total / sum(weight for _, weight in members))

    return solve


TEXT_INPUTS = {
    (): "no text",
    ("words",): "word TF-IDF probabilities",
    ("words", "characters"): "word + character TF-IDF probabilities",
    ("words", "characters", "word counts (naive Bayes)"): "three text models' probabilities",
}
for text_models, described in TEXT_INPUTS.items():
    for rate, leaves, rounds in ((0.03, 15, 500), (0.1, 15, 150), (0.05, 31, 300), (0.1, 63, 300), (0.2, 7, 100),
                                 (0.02, 7, 800), (0.3, 31, 300)):
        SOLUTIONS[f"gradient boosting (histogram), {rounds} trees of {leaves} leaves, learning rate {rate}, "
                  f"time/style/popularity + {described}"] = _OnTable(
            lambda rate=rate, leaves=leaves, rounds=rounds: HistGradientBoostingClassifier(
                learning_rate=rate, max_leaf_nodes=leaves, max_iter=rounds, min_samples_leaf=20,
                l2_regularization=1.0, random_state=SEED), text_models)
    for rate, leaves, rounds, leaf in ((0.01, 7, 1500, 50), (0.02, 4, 1200, 50), (0.03, 7, 500, 100), (0.05, 5, 300, 30)):
        SOLUTIONS[f"gradient boosting (histogram), {rounds} trees of {leaves} leaves, learning rate {rate}, "
                  f"min {leaf} per leaf, time/style/popularity + {described}"] = _OnTable(
            lambda rate=rate, leaves=leaves, rounds=rounds, leaf=leaf: HistGradientBoostingClassifier(
                learning_rate=rate, max_leaf_nodes=leaves, max_iter=rounds, min_samples_leaf=leaf,
                l2_regularization=3.0, random_state=SEED), text_models)
    SOLUTIONS[f"random forest, 300 trees, min 3 per leaf, time/style/popularity + {described}"] = _OnTable(
        lambda: RandomForestClassifier(n_estimators=300, min_samples_leaf=3, max_features=0.4, random_state=SEED), text_models)
    SOLUTIONS[f"extra trees, 300 trees, min 3 per leaf, time/style/popularity + {described}"] = _OnTable(
        lambda: ExtraTreesClassifier(n_estimators=300, min_samples_leaf=3, random_state=SEED), text_models)
    SOLUTIONS[f"neural network (64x32 units), time/style/popularity + {described}"] = _OnTable(
        lambda: MLPClassifier(hidden_layer_sizes=(64, 32), alpha=1e-2, max_iter=500, early_stopping=True,
                              random_state=SEED), text_models, scale=True)
    SOLUTIONS[f"logistic regression, time/style/popularity + {described}"] = _OnTable(
        lambda: LogisticRegression(C=1.0, max_iter=3000), text_models, scale=True)
    SOLUTIONS[f"k nearest neighbours (k=50), time/style/popularity + {described}"] = _OnTable(
        lambda: KNeighborsClassifier(n_neighbors=50, weights="distance"), text_models, scale=True)
    SOLUTIONS[f"decision tree (depth 8), time/style/popularity + {described}"] = _OnTable(
        lambda: DecisionTreeClassifier(max_depth=8, min_samples_leaf=20, random_state=SEED), text_models)

_HGB = SOLUTIONS["gradient boosting (histogram), 500 trees of 15 leaves, learning rate 0.03, time/style/popularity + three text models' probabilities"]
_HGB_WORDS = SOLUTIONS["gradient boosting (histogram), 300 trees of 31 leaves, learning rate 0.05, time/style/popularity + word TF-IDF probabilities"]
_FOREST = SOLUTIONS["random forest, 300 trees, min 3 per leaf, time/style/popularity + three text models' probabilities"]
_MLP = SOLUTIONS["neural network (64x32 units), time/style/popularity + three text models' probabilities"]
_EXTRA = SOLUTIONS["extra trees, 300 trees, min 3 per leaf, time/style/popularity + word + character TF-IDF probabilities"]
_SLOW = "gradient boosting (histogram), 800 trees of 7 leaves, learning rate 0.02, time/style/popularity + "
_TINY = "gradient boosting (histogram), 1200 trees of 4 leaves, learning rate 0.02, min 50 per leaf, time/style/popularity + "
SOLUTIONS.update({
    "blend: slow boosting without text + slow boosting with three text models": _blend(
        (SOLUTIONS[_SLOW + "no text"], 1), (SOLUTIONS[_SLOW + "three text models' probabilities"], 1)),
    "blend: slow boosting on all four text inputs": _blend(*((SOLUTIONS[_SLOW + d], 1) for d in TEXT_INPUTS.values())),
    "blend: tiny-tree boosting on all four text inputs": _blend(*((SOLUTIONS[_TINY + d], 1) for d in TEXT_INPUTS.values())),
    "blend: slow and tiny-tree boosting, no text": _blend((SOLUTIONS[_SLOW + "no text"], 1), (SOLUTIONS[_TINY + "no text"], 1)),
    "blend: slow boosting (no text) 3 : random forest 1": _blend(
        (SOLUTIONS[_SLOW + "no text"], 3), (SOLUTIONS["random forest, 300 trees, min 3 per leaf, time/style/popularity + no text"], 1)),
})
SOLUTIONS.update({
    "blend: boosting + random forest (three text models)": _blend((_HGB, 1), (_FOREST, 1)),
    "blend: boosting + neural network (three text models)": _blend((_HGB, 1), (_MLP, 1)),
    "blend: boosting 2 : forest 1 : neural network 1": _blend((_HGB, 2), (_FOREST, 1), (_MLP, 1)),
    "blend: two boosting models + extra trees": _blend((_HGB, 1), (_HGB_WORDS, 1), (_EXTRA, 1)),
    "blend: boosting on word probabilities + forest": _blend((_HGB_WORDS, 1), (_FOREST, 1)),
})


def _reshaped(member: _OnTable, power: float, floor: float) -> Solution:
    """A member's probabilities sharpened (power > 1) or flattened (< 1), then floored: a calibration mistake."""

    def solve(public: Path) -> pd.DataFrame:
        probabilities = np.maximum(member.probabilities(public) ** power, floor)
        return _submission(_read(public)[1], probabilities)

    return solve


def _smoothed_shares(columns: list[str], smoothing: float) -> Solution:
    """Share of each app among training tweets with the same values of `columns`, shrunk toward the overall shares."""

    def solve(public: Path) -> pd.DataFrame:
        train, test = _read(public)
        prior = train[TARGET].value_counts(normalize=True).reindex(CLASSES).to_numpy()
        counts = pd.crosstab([train[c] for c in columns], train[TARGET]).reindex(columns=CLASSES, fill_value=0)
        shares = (counts + smoothing * prior).div(counts.sum(axis=1) + smoothing, axis=0)
        keys = pd.MultiIndex.from_frame(test[columns]) if len(columns) > 1 else pd.Index(test[columns[0]])
        probabilities = shares.reindex(keys).to_numpy(copy=True)
        missing = np.isnan(probabilities).any(axis=1)
        probabilities[missing] = prior
        return _submission(test, probabilities)

    return solve


for c in (0.3, 1.0, 3.0, 30.0):
    SOLUTIONS[f"logistic regression on word 1-2-gram TF-IDF only, C={c}"] = _model(lambda: [_words()], _logistic(c))
for c in (1.0, 3.0):
    SOLUTIONS[f"logistic regression on character 2-5-gram TF-IDF only, C={c}"] = _model(lambda: [_characters()], _logistic(c))
for alpha in (0.1, 2.0):
    SOLUTIONS[f"naive Bayes on word counts, smoothing {alpha}"] = _model(
        lambda alpha=alpha: [("counts", CountVectorizer(min_df=2), "text")], lambda alpha=alpha: MultinomialNB(alpha=alpha))
for c in (0.3, 10.0):
    SOLUTIONS[f"logistic regression on word TF-IDF + year/hour one-hot + style numbers, C={c}"] = _model(
        lambda: [_words(), _categories(["year", "hour"]), _numbers(STYLE + POPULARITY)], _logistic(c))
for rows in (500, 2000):
    SOLUTIONS[f"logistic regression on word TF-IDF + year/hour one-hot + style numbers, trained on {rows} tweets"] = _model(
        lambda: [_words(), _categories(["year", "hour"]), _numbers(STYLE + POPULARITY)], _logistic(3.0), rows=rows)
SOLUTIONS.update({
    "linear SVM on character TF-IDF, sigmoid-calibrated": _model(
        lambda: [_characters()], lambda: CalibratedClassifierCV(LinearSVC(C=0.3, random_state=SEED), method="sigmoid", cv=3)),
    "SGD modified-Huber model on word TF-IDF + year one-hot": _model(
        lambda: [_words(), _categories(["year"])], lambda: SGDClassifier(loss="modified_huber", alpha=1e-4, random_state=SEED)),
    "gradient boosting on year and hour only": _model(
        lambda: [_numbers(["year", "hour"])], lambda: HistGradientBoostingClassifier(max_iter=100, random_state=SEED)),
    "smoothed share of each app by year and month": _smoothed_shares(["year", "month"], 5.0),
    "smoothed share of each app by hour of day": _smoothed_shares(["hour"], 5.0),
    "smoothed share of each app by link / no link": _smoothed_shares(["has_link"], 5.0),
    "boosting (three text models), probabilities sharpened (squared)": _reshaped(_HGB, 2.0, 1e-6),
    "boosting (three text models), probabilities flattened (square root)": _reshaped(_HGB, 0.5, 1e-6),
    "boosting (three text models), every probability floored at 0.1": _reshaped(_HGB, 1.0, 0.1),
})
