"""Graders of the label-metric MLE-bench competitions, through the real path (CSV files, score_submission).

Each competition gets a tiny answers table in the layout MLE-bench's prepare.py
writes, a perfect submission, one submission whose score is worked out by hand,
and the invalid submissions MLE-bench's grader refuses. Cases that MLE-bench
scores instead of refusing (a blank paddy label, a NaN probability) are checked
to score, not to be refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.grade import grade_submission, score_submission

COMPETITIONS = load_competitions()
INVALID = "invalid"


@dataclass
class Case:
    """A small answers table, one hand-scored submission and what NaN predictions give."""

    answers: dict  # columns of the private answers file, in MLE-bench's layout
    wrong: list  # predictions (in answers order) ...
    wrong_score: float  # ... and their score, worked out by hand in the comment beside each case
    nan: object = INVALID  # what a NaN in one prediction gives: INVALID or a score
    extra: list = field(default_factory=list)  # more (predictions, expected) pairs


QWK_03 = 0.8  # true [0,1,2] / predicted [0,2,2]: see test_metrics_classification (1 - 1/5)
CASES = {
    # 2 of 4 right
    "tabular-playground-series-dec-2021": Case(
        {"Id": [10, 11, 12, 13], "Elevation": [3000, 2900, 2800, 2700], "Cover_Type": [1, 2, 2, 7]},
        # text among the classes makes every cell text: no label equals a whole number, so 0 (as MLE-bench scores it)
        [1, 2, 3, 3], 0.5, extra=[([1.0, 2.0, 2.0, 7.0], 1.0), ([1, 2, 2.5, 7], INVALID), (["1", "2", "x", "7"], 0.0)]),
    # 3 of 4 right
    "ml2021spring-hw2": Case({"Id": [0, 1, 2, 3], "ClassId": [36, 5, 5, 0]}, [36, 5, 0, 0], 0.75),
    # 1 of 4 right
    "movie-review-sentiment-analysis-kernels-only": Case(
        {"PhraseId": [64, 7, 900, 12], "SentenceId": [2, 1, 30, 1], "Phrase": ["a", "good film", "bad", "so so"],
         "Sentiment": [2, 3, 0, 2]},
        [2, 2, 2, 0], 0.25),
    # 3 of 4 right; a blank label is the empty text: wrong, not invalid
    "paddy-disease-classification": Case(
        {"image_id": ["100330.jpg", "100512.jpg", "100600.jpg", "100601.jpg"], "label": ["blast", "normal", "hispa", "blast"],
         "variety": ["ADT45"] * 4, "age": [45, 60, 70, 50]},
        ["blast", "normal", "hispa", "normal"], 0.75, nan=0.75, extra=[(["Blast", "normal", "hispa", "blast"], 0.75)]),
    # micro F1 = accuracy: 2 of 4; a blank is the text "nan": wrong, not invalid
    "plant-seedlings-classification": Case(
        {"file": ["a.png", "b.png", "c.png", "d.png"], "species": ["Maize", "Sugar beet", "Fat Hen", "Maize"]},
        ["Maize", "Maize", "Fat Hen", "Charlock"], 0.5, nan=0.75),
    # 3 of 4 right
    "cassava-leaf-disease-classification": Case(
        {"image_id": ["1.jpg", "2.jpg", "3.jpg", "4.jpg"], "label": [3, 3, 0, 4]}, [3, 3, 0, 3], 0.75),
    # 2 of 4 right
    "cdiscount-image-classification-challenge": Case(
        {"_id": [10, 56, 57, 90], "category_id": [1000010653, 1000004079, 1000004079, 1000010653]},
        [1000010653, 1000010653, 1000004079, 1], 0.5),
    # 3 of 4 right
    "iwildcam-2020-fgvc7": Case(
        {"Id": ["96b0-a", "879d-b", "1f2e-c", "0aa1-d"], "Category": [0, 372, 0, 101]}, [0, 372, 0, 0], 0.75),
    # 1 of 4 first guesses right -> top-1 error 3/4; "3 12" counts its first id only
    "inaturalist-2019-fgvc6": Case(
        {"id": [10512, 207321, 5, 6], "predicted": [12, 407, 3, 3]},
        ["12", "3 407", "4", "12 3"], 0.75,
        extra=[(["12", "407 3 88", "3", "3"], 0.0), ([12.0, 407.0, 3.0, 3.0], INVALID)]),
    # 2 of 4 right; the answers keep folder names, so "unknown" never scores
    "tensorflow-speech-recognition-challenge": Case(
        {"fname": ["clip_00000000.wav", "clip_00000001.wav", "clip_00000002.wav", "clip_00000003.wav"],
         "label": ["yes", "bed", "_background_noise_", "go"]},
        ["yes", "unknown", "silence", "go"], 0.5),
    # true [0,0,1,2] / predicted [0,1,1,1]: macro F1 7/18 (see test_metrics_classification)
    "herbarium-2020-fgvc7": Case({"Id": [0, 1, 2, 3], "Predicted": [0, 0, 1, 2]}, [0, 1, 1, 1], 7 / 18,
                                 extra=[([0.0, 1.9, 1.2, 1.0], 7 / 18), (["0", "1", "1", "x"], INVALID)]),
    "herbarium-2021-fgvc8": Case({"Id": [0, 1, 2, 3], "Predicted": [0, 0, 1, 2]}, [0, 1, 1, 1], 7 / 18),
    "herbarium-2022-fgvc9": Case({"Id": [0, 1, 2, 3], "Predicted": [0, 0, 1, 2]}, [0, 1, 1, 1], 7 / 18),
    "iwildcam-2019-fgvc6": Case({"Id": ["u1", "u2", "u3", "u4"], "Category": [0, 0, 1, 2]}, [0, 1, 1, 1], 7 / 18),
    # quadratic weighted kappa of true [0,1,2] and predicted [0,2,2]
    "aptos2019-blindness-detection": Case(
        {"id_code": ["0a4e1a29ffff", "1b398c0494d1", "2c8f3b1e0a11"], "diagnosis": [0, 1, 2]}, [0, 2, 2], QWK_03,
        extra=[([0, 1.5, 2], INVALID), ([0.0, 1.0, 2.0], 1.0)]),
    # the same table with scores 1, 2, 3 (positions 0, 1, 2)
    "learning-agency-lab-automated-essay-scoring-2": Case(
        {"essay_id": ["000d118", "000fe60", "001ab80"], "full_text": ["One.", "Two.", "Three."], "score": [1, 2, 3]},
        [1, 3, 3], QWK_03, extra=[([1, 2.5, 3], INVALID)]),
    # tp 1, fn 1, tn 2, fp 0 -> MCC 2 / sqrt(12)
    "nfl-player-contact-detection": Case(
        {"contact_id": ["58168_003392_0_38590_43854", "58168_003392_0_38590_G", "58168_003392_0_1_2", "58168_003392_0_3_4"],
         "game_play": ["58168_003392"] * 4, "step": [0] * 4, "contact": [1, 1, 0, 0]},
        [1, 0, 0, 0], 2 / math.sqrt(12), extra=[([0.9, 0.8, 0.1, 0.0], INVALID), ([0, 0, 0, 0], 0.0)]),
    # clipped [0.8, 0.4, 1, 0]: precision 9/11, recall 9/10 -> pF1 6/7; NaN makes Kaggle's code give 0
    "rsna-breast-cancer-detection": Case(
        {"prediction_id": ["10008_L", "10008_R", "10011_L", "10011_R"], "cancer": [1, 0, 1, 0]},
        [0.8, 0.4, 1.5, -1.0], 6 / 7, nan=0.0, extra=[(["high", "low", "high", "low"], INVALID)]),
}


def test_every_competition_of_the_family_has_a_case():
    assert set(CASES) <= set(COMPETITIONS)
    assert len(CASES) == 18


def _grading(competition_id):
    competition = COMPETITIONS[competition_id]
    return competition, competition.grading.id_column, competition.grading.target_columns[0]


def _score(tmp_path, competition_id, submission: pd.DataFrame):
    """Write the case's answers and `submission`, then grade through score_submission."""
    competition = COMPETITIONS[competition_id]
    private = tmp_path / "private"
    private.mkdir(exist_ok=True)
    pd.DataFrame(CASES[competition_id].answers).to_csv(private / competition.grading.answers, index=False)
    path = tmp_path / "submission.csv"
    submission.to_csv(path, index=False)
    return score_submission(competition, path, private)


def _invalid(tmp_path, competition_id, submission: pd.DataFrame) -> str:
    """Refused by score_submission, and reported as invalid (with a reason) by grade_submission."""
    with pytest.raises(InvalidSubmission):
        _score(tmp_path, competition_id, submission)
    result = grade_submission(COMPETITIONS[competition_id], tmp_path / "submission.csv", tmp_path / "private")
    assert not result.valid and result.score is None and result.error
    return result.error


def _perfect(competition_id) -> pd.DataFrame:
    _, id_column, target = _grading(competition_id)
    answers = pd.DataFrame(CASES[competition_id].answers)
    return answers[[id_column, target]].copy()


def _with_predictions(competition_id, predictions) -> pd.DataFrame:
    _, _, target = _grading(competition_id)
    submission = _perfect(competition_id)
    submission[target] = pd.Series(predictions, dtype=object) if any(isinstance(p, str) for p in predictions) else predictions
    return submission


def _best(competition_id) -> float:
    return 0.0 if COMPETITIONS[competition_id].grading.lower_is_better else 1.0


@pytest.mark.parametrize("competition_id", CASES)
def test_perfect_submission_gets_the_best_score_in_any_row_order(tmp_path, competition_id):
    perfect = _perfect(competition_id)
    assert _score(tmp_path, competition_id, perfect) == _best(competition_id)
    assert _score(tmp_path, competition_id, perfect.iloc[::-1]) == _best(competition_id)


@pytest.mark.parametrize("competition_id", CASES)
def test_hand_computed_score(tmp_path, competition_id):
    case = CASES[competition_id]
    score = _score(tmp_path, competition_id, _with_predictions(competition_id, case.wrong))
    assert score == round(case.wrong_score, 5)


@pytest.mark.parametrize("competition_id", CASES)
def test_extra_columns_are_ignored(tmp_path, competition_id):
    submission = _perfect(competition_id)
    submission["note"] = "x"
    assert _score(tmp_path, competition_id, submission) == _best(competition_id)


@pytest.mark.parametrize("competition_id", CASES)
def test_nan_prediction(tmp_path, competition_id):
    case = CASES[competition_id]
    _, _, target = _grading(competition_id)
    submission = _perfect(competition_id)
    submission[target] = submission[target].astype(object)
    submission.loc[submission.index[-1], target] = np.nan
    if case.nan == INVALID:
        _invalid(tmp_path, competition_id, submission)
    else:
        assert _score(tmp_path, competition_id, submission) == round(case.nan, 5)


@pytest.mark.parametrize("competition_id, predictions, expected",
                         [(cid, p, e) for cid, case in CASES.items() for p, e in case.extra])
def test_competition_specific_values(tmp_path, competition_id, predictions, expected):
    submission = _with_predictions(competition_id, predictions)
    if expected == INVALID:
        _invalid(tmp_path, competition_id, submission)
    else:
        assert _score(tmp_path, competition_id, submission) == round(expected, 5)


def _missing_row(frame, id_column, target):
    return frame.iloc[:-1]


def _duplicate_id(frame, id_column, target):
    frame = frame.copy()
    frame.loc[frame.index[-1], id_column] = frame[id_column].iloc[0]
    return frame


def _unknown_id(frame, id_column, target):
    frame = frame.copy()
    frame[id_column] = frame[id_column].astype(object)
    frame.loc[frame.index[-1], id_column] = "not-a-test-id"
    return frame


def _extra_row(frame, id_column, target):
    return pd.concat([frame, frame.iloc[[0]]], ignore_index=True)


def _missing_target(frame, id_column, target):
    return frame.drop(columns=[target])


def _missing_id(frame, id_column, target):
    return frame.drop(columns=[id_column])


@pytest.mark.parametrize("mutation", [_missing_row, _duplicate_id, _unknown_id, _extra_row, _missing_target, _missing_id],
                         ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("competition_id", CASES)
def test_rows_and_columns_mlebench_refuses(tmp_path, competition_id, mutation):
    _, id_column, target = _grading(competition_id)
    error = _invalid(tmp_path, competition_id, mutation(_perfect(competition_id), id_column, target))
    assert "invalid submission" in error


def test_messages_say_what_is_expected(tmp_path):
    error = _invalid(tmp_path, "tabular-playground-series-dec-2021",
                     _with_predictions("tabular-playground-series-dec-2021", [1, 2, 2.5, 7]))
    assert "Cover_Type" in error and "whole-number" in error
    error = _invalid(tmp_path, "herbarium-2021-fgvc8", _perfect("herbarium-2021-fgvc8").iloc[:-1])
    assert "3 rows; expected 4" in error
    error = _invalid(tmp_path, "rsna-breast-cancer-detection", _perfect("rsna-breast-cancer-detection").drop(columns=["cancer"]))
    assert "cancer" in error
