"""Every MLE-bench competition we define agrees with MLE-bench's facts (../shared/mlebench)."""

import re

import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competitions

DEFINED = {cid: c for cid, c in load_competitions().items() if "mlebench" in c.sets}
SPLITS = {"low": "low.txt", "medium": "medium.txt", "high": "high.txt", "dev": "dev.txt"}


@pytest.fixture(scope="module")
def catalog(shared_dir):
    return pd.read_csv(shared_dir / "mlebench" / "catalog.csv", float_precision="round_trip").set_index("id")


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
    assert competition.leaderboard.kind == "kaggle"
    if pd.isna(row.num_teams):  # no leaderboard in the catalog (ventilator): thresholds come at preparation
        assert t is None and competition.leaderboard.num_teams == 0
    else:
        assert competition.leaderboard.num_teams == row.num_teams
        assert (t.gold, t.silver, t.bronze, t.median) == (
            row.gold_threshold, row.silver_threshold, row.bronze_threshold, row.median_threshold)
        assert competition.grading.lower_is_better == bool(row.lower_is_better)
    assert competition.data.zip_md5 == row.zip_md5
    assert competition.data.checksums, "every MLE-bench competition verifies its prepared files"


@pytest.mark.parametrize("competition", DEFINED.values(), ids=DEFINED.keys())
def test_task_facts_equal_the_catalog(competition, catalog, shared_dir):
    row = catalog.loc[competition.id]
    assert competition.name == row["name"] and competition.time_limit == 86400  # MLE-bench's 24 hours
    assert set(competition.domains) == set(re.split(r"[; ]", row.domains))  # "vision;nlp" and "tabular vision"
    assert competition.grading.answers == row.answers_file.rsplit("/", 1)[-1]
    assert competition.grading.read == "inferred"  # frames read as MLE-bench reads them
    public = {k.split("/", 1)[1] for k in competition.data.checksums if k.startswith("public/")}
    assert public == (set(row.public_files.split(";")) if isinstance(row.public_files, str) else set())
    raw = shared_dir / "kaggle-raw" / competition.id
    if raw.is_dir():
        assert set(competition.data.raw_files) <= {p.name for p in raw.iterdir()}


def test_every_official_competition_is_defined(split_of):
    """All 75 of MLE-bench plus its 7 dev competitions: nothing missing, nothing extra."""
    assert set(DEFINED) == set(split_of)
    assert len(DEFINED) == 82


def test_list_json_equals_the_catalog(catalog):
    """`pytest-mlebench list --json`: what users and scripts read, checked against the catalog."""
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "pytest_mlebench.cli", "list", "--json"],
                         capture_output=True, text=True, check=True).stdout
    listed = {c["id"]: c for c in json.loads(out) if "mlebench" in c["sets"]}
    assert set(listed) == set(catalog.index)
    for cid, entry in listed.items():
        row = catalog.loc[cid]
        assert entry["split"] == row.split, cid
        if pd.isna(row.num_teams):
            assert entry["gold_threshold"] is None and entry["leaderboard"] == "unavailable", cid
            continue
        assert entry["lower_is_better"] == bool(row.lower_is_better), cid
        assert entry["num_teams"] == row.num_teams, cid
        got = [entry[f"{m}_threshold"] for m in ("gold", "silver", "bronze", "median")]
        assert got == [row.gold_threshold, row.silver_threshold, row.bronze_threshold, row.median_threshold], cid


@pytest.mark.parametrize("split", ["lite", "medium", "high", "dev"])
def test_collecting_a_set_lists_exactly_its_official_competitions(pytester, split, shared_dir):
    """`pytest --collect-only -m lite` lists the 22 of splits/low.txt; likewise medium, high, dev."""
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\nmle_collect = true\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--collect-only", "-q", "-m", split)
    collected = {line.split("[", 1)[1].rstrip("]") for line in result.stdout.lines if line.startswith("mlebench::")}
    name = {"lite": "low.txt"}.get(split, f"{split}.txt")
    expected = set((shared_dir / "mlebench" / "splits" / name).read_text().split())
    assert collected == expected
    assert len(collected) == {"lite": 22, "medium": 38, "high": 15, "dev": 7}[split]


@pytest.mark.parametrize("competition", DEFINED.values(), ids=DEFINED.keys())
def test_score_quantiles_are_those_of_the_leaderboard(competition, shared_dir):
    """The HTML report's distribution: 41 quantiles of Kaggle's leaderboard, to 6 significant digits."""
    import numpy as np

    board = shared_dir / "mlebench" / "leaderboards" / f"{competition.id}.csv"
    if not board.exists():
        assert competition.leaderboard.score_quantiles == ()
        return
    scores = pd.read_csv(board)["score"].dropna().to_numpy(dtype=float)
    expected = np.quantile(scores, np.linspace(0, 1, 41))
    assert np.allclose(competition.leaderboard.score_quantiles, expected, rtol=1e-5, atol=0)
