"""Graders of the log-loss family and of two plain-AUC competitions, through the real grading path.

For each competition a tiny answers file is built here (the layout MLE-bench's
preparation writes), then submissions are graded with `score_submission`:
a perfect one gets the best score, one gets a value worked out by hand, and
the mistakes MLE-bench refuses are invalid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competition
from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.grade import grade_submission, score_submission
from tests.support.paths import REPO

LN2 = math.log(2)
FOLDER = REPO / "competitions"
OURS = [
    "dog-breed-identification", "dogs-vs-cats-redux-kernels-edition", "statoil-iceberg-classifier-challenge",
    "lmsys-chatbot-arena", "rsna-2022-cervical-spine-fracture-detection", "hms-harmful-brain-activity-classification",
    "rsna-miccai-brain-tumor-radiogenomic-classification", "seti-breakthrough-listen",
]
# Loaded one by one, so that another competition's unfinished folder cannot break these tests.
COMPETITIONS = {cid: load_competition(FOLDER / cid) for cid in OURS}


@dataclass
class Case:
    """One competition's answers, a perfect submission, hand-computed scores and invalid submissions."""

    answers: pd.DataFrame
    perfect: pd.DataFrame
    best: float
    scored: list[tuple[pd.DataFrame, float]] = field(default_factory=list)
    invalid: dict[str, pd.DataFrame] = field(default_factory=dict)


def _with(frame: pd.DataFrame, row: int, column: str, value) -> pd.DataFrame:
    changed = frame.copy().astype({column: object})
    changed.loc[row, column] = value
    return changed


def _row_cases(perfect: pd.DataFrame, id_column: str, target: str, unknown_id) -> dict[str, pd.DataFrame]:
    """The mistakes every grader here refuses: rows missing, repeated or unknown, and bad values."""
    return {
        "missing id column": perfect.drop(columns=[id_column]),
        "missing target column": perfect.drop(columns=[target]),
        "one row missing": perfect.iloc[1:],
        "one row twice": pd.concat([perfect, perfect.iloc[:1]]),
        "duplicate id": _with(perfect, 0, id_column, perfect[id_column].iloc[1]),
        "unknown id": _with(perfect, 0, id_column, unknown_id),
        "NaN": _with(perfect, 0, target, np.nan),
        "text": _with(perfect, 0, target, "high"),
        "above one": _with(perfect, 0, target, 1.5),
        "negative": _with(perfect, 0, target, -0.1),
    }


# ---------------------------------------------------------------- binary log loss


def _binary(id_values, target: str, unknown_id) -> Case:
    answers = pd.DataFrame({"id": id_values, target: [1, 0, 1, 0]})
    perfect = answers.astype({target: float})
    guesses = answers.assign(**{target: [0.8, 0.4, 0.5, 0.5]}).iloc[::-1]  # any row order
    # -(ln 0.8 + ln 0.6 + ln 0.5 + ln 0.5) / 4 = (0.22314 + 0.51083 + 0.69315 + 0.69315) / 4 = 0.53007
    expected = -(math.log(0.8) + math.log(0.6) + 2 * math.log(0.5)) / 4
    certain_and_wrong = answers.assign(**{target: [0.0, 0.0, 1.0, 1.0]})  # rows 1 and 4 wrong: 52 ln 2 each
    return Case(
        answers, perfect, 0.0,
        scored=[(guesses, expected), (certain_and_wrong, 52 * LN2 / 2)],
        invalid=_row_cases(perfect, "id", target, unknown_id),
    )


def dogs_vs_cats() -> Case:
    return _binary([1, 2, 3, 4], "label", 99)


def statoil() -> Case:
    return _binary(["dfd5f913", "e25388fd", "58b2aaa0", "4cfc3a18"], "is_iceberg", "ffffffff")


# ---------------------------------------------------------------- one-hot log loss

LMSYS_CLASSES = ["winner_model_a", "winner_model_b", "winner_tie"]


def lmsys() -> Case:
    answers = pd.DataFrame({
        "id": [30192, 53567, 65089],
        "model_a": ["gpt-4", "llama-2-70b", "claude-2"],
        "prompt": ['["hi"]', '["why?"]', '["how?"]'],
        "winner_model_a": [1, 0, 0], "winner_model_b": [0, 1, 0], "winner_tie": [0, 0, 1],
    })
    perfect = answers[["id"] + LMSYS_CLASSES].astype({c: float for c in LMSYS_CLASSES})
    halves = perfect.copy()
    halves[LMSYS_CLASSES] = [[0.5, 0.25, 0.25], [0.25, 0.5, 0.25], [0.25, 0.25, 0.5]]  # ln 2 per row
    thirds = perfect.copy()
    thirds[LMSYS_CLASSES] = 0.3333333333333333  # sums to 1.0 once rounded to 6 decimals: ln 3
    invalid = _row_cases(perfect, "id", "winner_tie", 1)
    invalid["row sums to 0.9"] = _with(perfect, 0, "winner_model_a", 0.9)
    invalid["row sums to 1.00001"] = _with(perfect, 0, "winner_model_b", 0.00001)
    return Case(answers, perfect, 0.0, scored=[(halves, LN2), (thirds, math.log(3))], invalid=invalid)


def _dog_breeds() -> list[str]:
    return list(COMPETITIONS["dog-breed-identification"].grading.target_columns)


def dog_breeds() -> Case:
    breeds = _dog_breeds()
    truth = ["boxer", "pug", "vizsla"]
    answers = pd.DataFrame({"id": ["0a1", "0b2", "0c3"]})
    answers = pd.concat([answers, pd.DataFrame({b: [int(t == b) for t in truth] for b in breeds})], axis=1)
    perfect = answers.astype({b: float for b in breeds})
    uniform = perfect.copy()
    uniform[breeds] = 1 / 120  # -ln(1/120) = ln 120 = 4.78749 for every photo
    invalid = _row_cases(perfect, "id", "pug", "0d4")
    invalid["row sums to 1.0001"] = _with(perfect, 0, "pug", 0.0001)
    invalid["1.5 and -0.5 in a row summing to 1"] = _with(_with(perfect, 0, "boxer", 1.5), 0, "pug", -0.5)
    return Case(answers, perfect, 0.0, scored=[(uniform.iloc[::-1], math.log(120))], invalid=invalid)


# ---------------------------------------------------------------- weighted multi-label log loss (RSNA 2022)

SPINE_LABELS = ["patient_overall", "C1", "C2", "C3", "C4", "C5", "C6", "C7"]


def spine() -> Case:
    studies = {"1.2.826.0.1.3680043.6200": [0] * 8, "1.2.826.0.1.3680043.10001": [1, 1, 0, 0, 0, 0, 0, 0]}
    wide = pd.DataFrame(studies, index=SPINE_LABELS).T.rename_axis("StudyInstanceUID").reset_index()
    answers = wide.melt(id_vars="StudyInstanceUID", var_name="prediction_type", value_name="fractured")
    answers["row_id"] = answers["StudyInstanceUID"] + "_" + answers["prediction_type"]
    perfect = answers[["row_id", "fractured"]].astype({"fractured": float})
    # study 6200 (no fracture): overall 0.5 costs ln 2 at weight 7, vertebrae 0.0 cost ~0 at weight 1 each
    #   -> 7 ln 2 / 14 = ln 2 / 2; study 10001: every label 0.5 costs ln 2 -> ln 2; mean 0.75 ln 2 = 0.51986
    guess = perfect.copy()
    healthy = guess["row_id"].str.startswith("1.2.826.0.1.3680043.6200_")
    guess["fractured"] = np.where(healthy & ~guess["row_id"].str.endswith("_patient_overall"), 0.0, 0.5)
    invalid = _row_cases(perfect, "row_id", "fractured", "1.2.826.0.1.3680043.1_C1")
    return Case(answers, perfect, 0.0, scored=[(guess.sample(frac=1, random_state=0), 0.75 * LN2)], invalid=invalid)


# ---------------------------------------------------------------- KL divergence (HMS)

VOTES = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]


def hms() -> Case:
    answers = pd.DataFrame({
        "eeg_id": [568657, 568657, 1111],
        "label_id": [1, 2, 3],
        "expert_consensus": ["Seizure", "Seizure", "GPD"],
        "seizure_vote": [3, 2, 0], "lpd_vote": [0, 0, 0], "gpd_vote": [0, 0, 5],
        "lrda_vote": [0, 0, 0], "grda_vote": [0, 0, 0], "other_vote": [1, 2, 0],
    })
    votes = answers[VOTES].to_numpy(dtype=float)
    perfect = pd.DataFrame(votes / votes.sum(axis=1, keepdims=True), columns=VOTES)
    perfect.insert(0, "eeg_id", answers["eeg_id"])
    uniform = perfect.assign(**{v: 1 / 6 for v in VOTES})
    # KL from shares t to 1/6 is sum t ln(6 t): row 1 (0.75, 0.25): 0.75 ln 4.5 + 0.25 ln 1.5 = 1.22942;
    # row 2 (0.5, 0.5): ln 3 = 1.09861; row 3 (1): ln 6 = 1.79176; mean 1.37327
    expected = (0.75 * math.log(4.5) + 0.25 * math.log(1.5) + math.log(3) + math.log(6)) / 3
    # rows of one eeg_id are paired in file order: swapping the two 568657 rows is no longer perfect
    swapped = perfect.iloc[[1, 0, 2]].reset_index(drop=True)
    swapped_score = (0.75 * math.log(0.75 / 0.5) + 0.25 * math.log(0.25 / 0.5)
                     + 0.5 * math.log(0.5 / 0.75) + 0.5 * math.log(0.5 / 0.25)) / 3
    invalid = _row_cases(perfect, "eeg_id", "other_vote", 2222)
    del invalid["duplicate id"]  # eeg_ids repeat by design; a wrong set of ids is "unknown id"
    invalid["row sums to 0.99"] = perfect.assign(other_vote=perfect["other_vote"] - 0.01)
    invalid["extra text column"] = perfect.assign(notes="seizure?")
    invalid["1.5 and -0.5 in a row summing to 1"] = _with(_with(perfect, 2, "gpd_vote", 1.5), 2, "lpd_vote", -0.5)
    invalid["extra numeric column"] = perfect.assign(spectrogram_id=0.5)
    scored = [(uniform, expected), (swapped, swapped_score), (perfect.iloc[[2, 0, 1]], 0.0)]
    return Case(answers, perfect, 0.0, scored=scored, invalid=invalid)


# ---------------------------------------------------------------- plain ROC AUC


def _auc(id_column: str, id_values, target: str, unknown_id) -> Case:
    answers = pd.DataFrame({id_column: id_values, target: [1, 0, 1, 0]})
    perfect = answers.astype({target: float})
    # positives score 0.9 and 0.3, negatives 0.2 and 0.4: 3 of the 4 (positive, negative) pairs in order
    guess = answers.assign(**{target: [0.9, 0.2, 0.3, 0.4]})
    return Case(answers, perfect, 1.0, scored=[(guess.iloc[::-1], 0.75)], invalid=_row_cases(perfect, id_column, target, unknown_id))


def brain_tumor() -> Case:
    return _auc("BraTS21ID", ["00012", "00025", "00109", "00123"], "MGMT_value", "00999")


def seti() -> Case:
    return _auc("id", ["0000799a2b2c42d", "000bf832cae9ff1", "000c74cc71a1140", "00a1b2c3d4e5f6a"], "target", "fffffffffffffff")


CASES = {
    "dog-breed-identification": dog_breeds,
    "dogs-vs-cats-redux-kernels-edition": dogs_vs_cats,
    "statoil-iceberg-classifier-challenge": statoil,
    "lmsys-chatbot-arena": lmsys,
    "rsna-2022-cervical-spine-fracture-detection": spine,
    "hms-harmful-brain-activity-classification": hms,
    "rsna-miccai-brain-tumor-radiogenomic-classification": brain_tumor,
    "seti-breakthrough-listen": seti,
}


def _grade(competition_id: str, case: Case, submission: pd.DataFrame, tmp_path: Path) -> float:
    competition = COMPETITIONS[competition_id]
    private = tmp_path / "private"
    private.mkdir(exist_ok=True)
    case.answers.to_csv(private / competition.grading.answers, index=False)
    path = tmp_path / "submission.csv"
    submission.to_csv(path, index=False)
    return score_submission(competition, path, private)


@pytest.mark.parametrize("competition_id", CASES)
def test_a_perfect_submission_gets_the_best_score(competition_id, tmp_path):
    case = CASES[competition_id]()
    assert _grade(competition_id, case, case.perfect, tmp_path) == case.best
    # rows in another order (HMS pairs rows of one eeg_id in file order, so theirs keep their order)
    id_column = COMPETITIONS[competition_id].grading.id_column
    reordered = case.perfect.sort_values(id_column, ascending=False, kind="stable")
    if reordered.index.equals(case.perfect.index):
        reordered = case.perfect.sort_values(id_column, kind="stable")
    assert not reordered.index.equals(case.perfect.index)
    assert _grade(competition_id, case, reordered, tmp_path) == case.best


@pytest.mark.parametrize("competition_id", CASES)
def test_hand_computed_scores(competition_id, tmp_path):
    case = CASES[competition_id]()
    assert case.scored
    for submission, expected in case.scored:
        assert _grade(competition_id, case, submission, tmp_path) == round(expected, 5)


INVALID = [(cid, name) for cid, make in CASES.items() for name in make().invalid]


@pytest.mark.parametrize(("competition_id", "case_name"), INVALID)
def test_invalid_submissions(competition_id, case_name, tmp_path):
    case = CASES[competition_id]()
    with pytest.raises(InvalidSubmission):
        _grade(competition_id, case, case.invalid[case_name], tmp_path)


def test_an_invalid_submission_is_reported_with_its_reason(tmp_path):
    case = lmsys()
    competition = COMPETITIONS["lmsys-chatbot-arena"]
    (tmp_path / "private").mkdir()
    case.answers.to_csv(tmp_path / "private" / competition.grading.answers, index=False)
    case.invalid["row sums to 0.9"].to_csv(tmp_path / "s.csv", index=False)
    result = grade_submission(competition, tmp_path / "s.csv", tmp_path / "private")
    assert not result.valid and "sum to 1" in result.error


def test_lmsys_accepts_a_row_sum_that_rounds_to_one(tmp_path):
    case = lmsys()
    nearly = case.perfect.assign(winner_tie=case.perfect["winner_tie"] + np.where(case.perfect.index == 0, 4e-7, 0))
    assert _grade("lmsys-chatbot-arena", case, nearly, tmp_path) == 0.0


def test_brain_tumor_ids_are_compared_as_numbers(tmp_path):
    case = brain_tumor()
    unpadded = case.perfect.assign(BraTS21ID=[12, 25, 109, 123])
    assert _grade("rsna-miccai-brain-tumor-radiogenomic-classification", case, unpadded, tmp_path) == 1.0
