"""prepare.py of new-york-city-taxi-fare-prediction on a small synthetic raw folder.

The real train.csv is 5.7 GB and not available here, so a fake one with Kaggle's
columns (and its blemishes: blank coordinates) stands in. The checks: MLE-bench's
file layout and columns, its split (scikit-learn's train_test_split, 9,914 test
rows, random_state 0, rows in the order it returns), no fare in the public test
file, the note copied through, and the sample submission graded valid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.grading.grade import grade_submission

TAXI = "new-york-city-taxi-fare-prediction"
COLUMNS = ["key", "fare_amount", "pickup_datetime", "pickup_longitude", "pickup_latitude",
           "dropoff_longitude", "dropoff_latitude", "passenger_count"]
ROWS = 10_500  # the split holds out 9,914 rows, so a few hundred are left to train on


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    rng = np.random.default_rng(1)
    raw = tmp_path_factory.mktemp("raw")
    times = pd.Timestamp("2009-01-01") + pd.to_timedelta(rng.integers(0, 6 * 365 * 86400, ROWS), unit="s")
    rides = pd.DataFrame({
        "key": [f"{t}.{i:07d}" for i, t in enumerate(times)],  # like 2009-06-15 17:26:21.0000001
        "fare_amount": np.round(rng.uniform(2.5, 60, ROWS), 2),
        "pickup_datetime": [f"{t} UTC" for t in times],
        "pickup_longitude": np.round(rng.uniform(-74.05, -73.75, ROWS), 6),
        "pickup_latitude": np.round(rng.uniform(40.6, 40.9, ROWS), 6),
        "dropoff_longitude": np.round(rng.uniform(-74.05, -73.75, ROWS), 6),
        "dropoff_latitude": np.round(rng.uniform(40.6, 40.9, ROWS), 6),
        "passenger_count": rng.integers(0, 7, ROWS),
    })
    rides.loc[[3, 500], ["dropoff_longitude", "dropoff_latitude"]] = np.nan  # Kaggle's file has blanks too
    rides.to_csv(raw / "train.csv", index=False)
    (raw / "GCP-Coupons-Instructions.rtf").write_text("{\\rtf1 coupons}")
    root = tmp_path_factory.mktemp("prepared")
    competition = load_competitions()[TAXI]
    competition.code("prepare").prepare(raw, root / "public", root / "private")
    return competition, raw, root


def test_files_are_those_mlebench_writes(prepared):
    competition, _, root = prepared
    public = {p.name for p in (root / "public").iterdir()}
    assert public == {"labels.csv", "test.csv", "sample_submission.csv", "GCP-Coupons-Instructions.rtf"}
    assert {p.name for p in (root / "private").iterdir()} == {competition.grading.answers}
    checked = {k.split("/", 1)[1] for k in competition.data.checksums if k.startswith("public/")}
    assert checked <= public


def test_split_is_train_test_split_with_9914_test_rows(prepared):
    _, raw, root = prepared
    rides = pd.read_csv(raw / "train.csv", float_precision="round_trip")
    train, test = train_test_split(rides, test_size=9914, random_state=0)
    labels = pd.read_csv(root / "public" / "labels.csv")
    answers = pd.read_csv(root / "private" / "test.csv")
    assert list(labels.columns) == COLUMNS and list(answers.columns) == COLUMNS
    assert labels["key"].tolist() == train["key"].tolist()
    assert answers["key"].tolist() == test["key"].tolist()
    assert len(answers) == 9914 and len(labels) == ROWS - 9914
    assert set(labels["key"]).isdisjoint(answers["key"])


def test_public_test_hides_the_fares(prepared):
    _, _, root = prepared
    public_test = pd.read_csv(root / "public" / "test.csv")
    answers = pd.read_csv(root / "private" / "test.csv")
    assert list(public_test.columns) == [c for c in COLUMNS if c != "fare_amount"]
    assert public_test["key"].tolist() == answers["key"].tolist()


def test_note_is_copied_unchanged(prepared):
    _, raw, root = prepared
    name = "GCP-Coupons-Instructions.rtf"
    assert (root / "public" / name).read_bytes() == (raw / name).read_bytes()


def test_sample_submission_is_valid_and_scores_the_constant_fare(prepared):
    competition, _, root = prepared
    sample = pd.read_csv(root / "public" / "sample_submission.csv")
    assert list(sample.columns) == ["key", "fare_amount"] and (sample["fare_amount"] == 11.35).all()
    answers = pd.read_csv(root / "private" / "test.csv")
    result = grade_submission(competition, root / "public" / "sample_submission.csv", root / "private")
    expected = np.sqrt(np.mean((answers["fare_amount"] - 11.35) ** 2))
    assert result.valid and result.score == round(float(expected), 5)


def test_the_answers_themselves_score_zero(prepared, tmp_path):
    competition, _, root = prepared
    path = tmp_path / "submission.csv"
    pd.read_csv(root / "private" / "test.csv")[["key", "fare_amount"]].to_csv(path, index=False)
    assert grade_submission(competition, path, root / "private").score == 0.0
