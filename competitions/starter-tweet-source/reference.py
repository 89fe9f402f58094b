"""Reference field of starter-tweet-source: the solutions whose log losses make its leaderboard.

Each solution reads only the public files, trains, and returns a submission
frame (`id` plus one probability column per app). They range from text +
time models to deliberately poor ones (uniform, random, hard 0/1 answers, one
feature, a few tweets) so that the scores spread out like a real leaderboard.
Entries are listed roughly from strongest to weakest; every one is seeded and
so deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import cross_val_predict
from sklearn.naive_bayes import MultinomialNB
from sklearn.neighbors import KNeighborsClassifier
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


def _read(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train and test with derived features; train gets the app as one label column `source`."""
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
        lambda: [_words()], lambda: CalibratedClassifierCV(LinearSVC(C=0.3), method="sigmoid", cv=3)),
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
