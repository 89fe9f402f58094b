"""Every MLE-bench competition we define agrees with MLE-bench's facts (../shared/mlebench)."""

import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competitions

DEFINED = {cid: c for cid, c in load_competitions().items() if "mlebench" in c.sets}
SPLITS = {"low": "low.txt", "medium": "medium.txt", "high": "high.txt", "dev": "dev.txt"}


@pytest.fixture(scope="module")
def catalog(shared_dir):
    return pd.read_csv(shared_dir / "mlebench" / "catalog.csv").set_index("id")


@pytest.fixture(scope="module")
def split_of(shared_dir):
    found = {}
    for split, name in SPLITS.items():
        for line in (shared_dir / "mlebench" / "splits" / name).read_text().split():
            found[line.strip()] = split
    return found


def test_some_are_defined():
    assert len(DEFINED) >= 8


@pytest.mark.parametrize("competition", DEFINED.values(), ids=DEFINED.keys())
def test_sets_follow_the_official_splits(competition, split_of):
    split = split_of[competition.id]
    expected = {split, "mlebench"} | ({"lite"} if split == "low" else set())
    assert set(competition.sets) == expected


@pytest.mark.parametrize("competition", DEFINED.values(), ids=DEFINED.keys())
def test_leaderboard_facts_equal_the_catalog(competition, catalog):
    row = catalog.loc[competition.id]
    t = competition.leaderboard.thresholds
    assert competition.leaderboard.kind == "kaggle" and competition.leaderboard.num_teams == row.num_teams
    assert (t.gold, t.silver, t.bronze, t.median) == (
        row.gold_threshold, row.silver_threshold, row.bronze_threshold, row.median_threshold)
    assert competition.grading.lower_is_better == bool(row.lower_is_better)
    assert competition.data.zip_md5 == row.zip_md5
    assert competition.data.checksums, "every MLE-bench competition verifies its prepared files"


@pytest.mark.parametrize("competition", DEFINED.values(), ids=DEFINED.keys())
def test_task_facts_equal_the_catalog(competition, catalog, shared_dir):
    row = catalog.loc[competition.id]
    assert competition.name == row["name"] and competition.time_limit == 86400  # MLE-bench's 24 hours
    assert set(competition.domains) == set(row.domains.split(";"))
    assert competition.grading.answers == row.answers_file.rsplit("/", 1)[-1]
    assert competition.grading.read == "inferred"  # frames read as MLE-bench reads them
    public = {k.split("/", 1)[1] for k in competition.data.checksums if k.startswith("public/")}
    assert public == set(row.public_files.split(";"))
    raw = shared_dir / "kaggle-raw" / competition.id
    if raw.is_dir():
        assert set(competition.data.raw_files) <= {p.name for p in raw.iterdir()}
