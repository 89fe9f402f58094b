"""MLE-bench competitions on real Kaggle data: spaceship-titanic, spooky-author-identification,
detecting-insults-in-social-commentary.

Each is prepared once per module from the verified raw files in
`../shared/kaggle-raw/<id>` and checked against MLE-bench: every prepared file
has MLE-bench's md5 (so the split is byte-identical), the TOML's checksums and
thresholds are those of `../shared/mlebench`, and grading gives MLE-bench's
scores: the best value for the answers, the constant predictor's value for the
sample submission (worked out here independently), and invalid for what
MLE-bench's grader refuses.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.errors import InvalidSubmission
from tests.support.mlebench_support import Prepared, md5, prepared_fixtures, read_checksums_yaml

SPACESHIP = "spaceship-titanic"
SPOOKY = "spooky-author-identification"
INSULTS = "detecting-insults-in-social-commentary"
IDS = [SPACESHIP, SPOOKY, INSULTS]
AUTHORS = ["EAP", "HPL", "MWS"]

pytestmark = pytest.mark.slow


prepared_all, prepared = prepared_fixtures(IDS)


# ---------------------------------------------------------------- preparation


def test_every_prepared_file_has_mlebenchmd5(prepared):
    checksums = prepared.competition.data.checksums
    assert checksums, "the [checksums] table must not be empty"
    actual = {name: md5(prepared.root / name) for name in checksums}
    assert actual == checksums


def test_checksum_table_is_the_shared_one(prepared, shared_dir):
    expected = read_checksums_yaml(shared_dir / "mlebench" / "checksums" / f"{prepared.competition.id}.yaml")[0]
    assert prepared.competition.data.checksums == expected


def test_prepared_folders_hold_exactly_the_checksummed_files(prepared):
    written = {str(p.relative_to(prepared.root)) for p in prepared.root.rglob("*") if p.is_file()}
    assert written == set(prepared.competition.data.checksums)


def test_raw_files_listed_are_the_shared_ones(prepared, shared_dir):
    raw = shared_dir / "kaggle-raw" / prepared.competition.id
    assert all((raw / name).is_file() for name in prepared.competition.data.raw_files)


def test_public_files_hold_no_answers(prepared_all):
    assert "Transported" not in prepared_all[SPACESHIP].read("public/test.csv").columns
    assert "author" not in prepared_all[SPOOKY].read("public/test.csv").columns
    assert list(prepared_all[INSULTS].read("public/test.csv").columns) == ["Date", "Comment"]


# ---------------------------------------------------------------- grading: best and constant submissions


def test_answers_score_the_best_value(prepared, tmp_path):
    answers = prepared.read(f"private/{prepared.competition.grading.answers}")
    best = 0.0 if prepared.competition.grading.lower_is_better else 1.0
    assert prepared.score(answers, tmp_path / "submission.csv") == best


def test_insults_gold_submission_scores_one(prepared_all, tmp_path):
    insults = prepared_all[INSULTS]
    assert insults.score(insults.read("private/gold_submission.csv"), tmp_path / "submission.csv") == 1.0


def _sample(prepared: Prepared) -> pd.DataFrame:
    name = "sample_submission_null.csv" if prepared.competition.id == INSULTS else "sample_submission.csv"
    return prepared.read(f"public/{name}")


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_spaceship_sample_scores_the_share_not_transported(prepared_all, tmp_path):
    spaceship = prepared_all[SPACESHIP]
    truth = [row["Transported"] for row in _rows(spaceship.private / "test.csv")]
    expected = round(truth.count("False") / len(truth), 5)
    assert spaceship.score(_sample(spaceship), tmp_path / "submission.csv") == expected


def test_spooky_sample_scores_the_constant_log_loss(prepared_all, tmp_path):
    spooky = prepared_all[SPOOKY]
    constant = {a: float(v) for a, v in _rows(spooky.root / "public" / "sample_submission.csv")[0].items() if a in AUTHORS}
    truth = [next(a for a in AUTHORS if row[a] == "1") for row in _rows(spooky.private / "test.csv")]
    expected = round(-sum(math.log(constant[a]) for a in truth) / len(truth), 5)
    assert spooky.score(_sample(spooky), tmp_path / "submission.csv") == expected


def test_insults_constant_sample_scores_one_half(prepared_all, tmp_path):
    insults = prepared_all[INSULTS]
    assert insults.score(_sample(insults), tmp_path / "submission.csv") == 0.5


# ---------------------------------------------------------------- grading: MLE-bench's matching rules


def test_spaceship_accepts_any_row_order_and_one_zero_labels(prepared_all, tmp_path):
    spaceship = prepared_all[SPACESHIP]
    answers = spaceship.read("private/test.csv")
    rng = np.random.default_rng(0)
    guess = answers[["PassengerId"]].assign(Transported=rng.random(len(answers)) < 0.5)
    expected = round(float((guess["Transported"] == answers["Transported"]).mean()), 5)
    assert spaceship.score(guess.sample(frac=1, random_state=1), tmp_path / "a.csv") == expected
    assert spaceship.score(guess.assign(Transported=guess["Transported"].astype(int)), tmp_path / "b.csv") == expected


def test_spooky_log_loss_of_random_probabilities(prepared_all, tmp_path):
    spooky = prepared_all[SPOOKY]
    answers = spooky.read("private/test.csv")
    rng = np.random.default_rng(0)
    probabilities = rng.dirichlet([1, 1, 1], size=len(answers))
    guess = pd.DataFrame(probabilities, columns=AUTHORS).assign(id=answers["id"])
    true_column = answers[AUTHORS].to_numpy().argmax(axis=1)
    expected = round(float(-np.mean(np.log(probabilities[np.arange(len(answers)), true_column]))), 5)
    # Column order and row order are free as long as `id` comes first.
    shuffled = guess[["id", "MWS", "EAP", "HPL"]].sample(frac=1, random_state=2)
    assert spooky.score(shuffled, tmp_path / "submission.csv") == expected


def test_spooky_zero_probability_costs_log_of_float_eps(prepared_all, tmp_path):
    """scikit-learn clips to float64's eps (MLE-bench's grader), not Kaggle's 1e-15."""
    spooky = prepared_all[SPOOKY]
    answers = spooky.read("private/test.csv")
    wrong = answers.copy()
    wrong[AUTHORS] = np.roll(answers[AUTHORS].to_numpy(), 1, axis=1)  # every row sure of a wrong author
    assert spooky.score(wrong, tmp_path / "submission.csv") == round(-math.log(np.finfo(float).eps), 5)


def _auc_by_pairs(truth: np.ndarray, scores: np.ndarray) -> float:
    """AUC as the share of (insult, non-insult) pairs ranked right, ties counting one half."""
    positive, negative = scores[truth == 1], scores[truth == 0]
    greater = (positive[:, None] > negative[None, :]).sum()
    ties = (positive[:, None] == negative[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(positive) * len(negative)))


def test_insults_matches_rows_by_comment(prepared_all, tmp_path):
    insults = prepared_all[INSULTS]
    answers = insults.read("private/test.csv")
    rng = np.random.default_rng(0)
    scores = np.round(rng.random(len(answers)) * 0.5 + 0.4 * answers["Insult"].to_numpy(), 2)
    guess = answers[["Date", "Comment"]].assign(Insult=scores)
    expected = round(_auc_by_pairs(answers["Insult"].to_numpy(), scores), 5)
    assert insults.score(guess.sample(frac=1, random_state=3), tmp_path / "submission.csv") == expected


# ---------------------------------------------------------------- grading: invalid submissions


def _first_set(frame: pd.DataFrame, column: str, value) -> pd.DataFrame:
    """A copy of `frame` whose first row has `value` in `column`."""
    frame = frame.copy()
    frame[column] = frame[column].astype(object)
    frame.iloc[0, frame.columns.get_loc(column)] = value
    return frame


def _spaceship(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["PassengerId", "Transported"]]


def _spooky(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id"]].assign(EAP=1 / 3, HPL=1 / 3, MWS=1 / 3)


def _insults(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Insult", "Date", "Comment"]].assign(Insult=0.5)


# What MLE-bench's graders refuse, by competition: case name -> answers -> submission.
INVALID = {
    SPACESHIP: {
        "a row missing": lambda a: _spaceship(a).iloc[1:],
        "an id twice": lambda a: _first_set(_spaceship(a), "PassengerId", a["PassengerId"].iloc[1]),
        "an unknown id": lambda a: _first_set(_spaceship(a), "PassengerId", "9999_99"),
        "no target column": lambda a: _spaceship(a)[["PassengerId"]],
        "no id column": lambda a: _spaceship(a)[["Transported"]],
        "yes/no text labels": lambda a: _spaceship(a).assign(Transported=np.where(a["Transported"], "yes", "no")),
        "probabilities": lambda a: _spaceship(a).assign(Transported=0.7),
    },
    SPOOKY: {
        "a row missing": lambda a: _spooky(a).iloc[1:],
        "an extra column": lambda a: _spooky(a).assign(extra=0),
        "a class column missing": lambda a: _spooky(a).drop(columns=["MWS"]),
        "a wrong class name": lambda a: _spooky(a).rename(columns={"MWS": "Shelley"}),
        "rows not summing to one": lambda a: _spooky(a).assign(EAP=0.5),
        "a negative probability": lambda a: _spooky(a).assign(EAP=-0.2, HPL=0.6, MWS=0.6),
        "a missing probability": lambda a: _first_set(_spooky(a), "EAP", np.nan),
        "text in a probability column": lambda a: _first_set(_spooky(a), "EAP", "high"),
        "id not the first column": lambda a: _spooky(a)[["EAP", "id", "HPL", "MWS"]],
        "an id twice": lambda a: _first_set(_spooky(a), "id", a["id"].iloc[1]),
    },
    INSULTS: {
        "a row missing": lambda a: _insults(a).iloc[1:],
        "a comment changed": lambda a: _first_set(_insults(a), "Comment", "edited"),
        "no Comment column": lambda a: _insults(a).drop(columns=["Comment"]),
        "no Insult column": lambda a: _insults(a).drop(columns=["Insult"]),
        "text scores": lambda a: _insults(a).assign(Insult="insult"),
        "a score above one": lambda a: _first_set(_insults(a), "Insult", 1.5),
        "a negative score": lambda a: _first_set(_insults(a), "Insult", -0.1),
        "a missing score": lambda a: _first_set(_insults(a), "Insult", np.nan),
    },
}
INVALID_CASES = [(competition_id, case) for competition_id, cases in INVALID.items() for case in cases]


@pytest.mark.parametrize(("competition_id", "case"), INVALID_CASES, ids=[f"{c}-{k}" for c, k in INVALID_CASES])
def test_invalid_submissions_are_refused(prepared_all, tmp_path, competition_id, case):
    prepared = prepared_all[competition_id]
    answers = prepared.read(f"private/{prepared.competition.grading.answers}")
    submission = INVALID[competition_id][case](answers)
    with pytest.raises(InvalidSubmission):
        prepared.score(submission, tmp_path / "submission.csv")
