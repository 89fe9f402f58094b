"""The starter suite as a whole: seven task kinds, each with a consistent reference field."""

import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.grading.medals import thresholds_from_scores

STARTER = {cid: c for cid, c in load_competitions().items() if "starter" in c.sets}


def test_one_competition_per_domain_and_task_kind():
    assert len(STARTER) >= 7
    domains = {d for c in STARTER.values() for d in c.domains}
    assert {"tabular", "nlp", "vision", "signal", "seq2seq"} <= domains
    kinds = {c.grading.kind for c in STARTER.values()}
    assert {"label", "number", "probability", "probabilities", "text"} <= kinds


@pytest.mark.parametrize("competition", STARTER.values(), ids=STARTER.keys())
def test_reference_field_gives_the_stored_thresholds(competition):
    board = pd.read_csv(competition.folder / "leaderboard.csv")
    assert len(board) >= 100 and competition.leaderboard.kind == "reference"  # 100-249 teams: gold is the top 10
    assert competition.leaderboard.num_teams == len(board)
    assert list(board["rank"]) == list(range(1, len(board) + 1))
    scores = board["score"].to_numpy()
    ordered = scores[:-1] <= scores[1:] if competition.grading.lower_is_better else scores[:-1] >= scores[1:]
    assert ordered.all(), "leaderboard.csv must be sorted best first"
    assert thresholds_from_scores(scores, competition.grading.lower_is_better) == competition.leaderboard.thresholds
    assert board["solution"].is_unique


@pytest.mark.parametrize("competition", STARTER.values(), ids=STARTER.keys())
def test_description_states_files_metric_and_format(competition):
    text = competition.description_path.read_text()
    for must in ("sample_submission.csv", "test.csv", competition.grading.id_column, *competition.grading.target_columns):
        assert must in text, f"description.md of {competition.id} never mentions {must!r}"
