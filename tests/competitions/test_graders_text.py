"""Graders of the text, set and ranking competitions, through the real grading path.

For every competition: the answers and submissions are small frames built here,
written as CSV files and graded with `score_submission` / `grade_submission`
exactly as a run grades them. Each gets a perfect submission (the best score),
one submission whose score is worked out by hand in the comments, and the
invalid submissions that matter for it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.grading.grade import grade_submission, score_submission
from tests.support.mlebench_support import write_case
from tests.support.paths import REPO

COMPETITIONS = load_competitions()
FREESOUND_CLASSES = list(COMPETITIONS["freesound-audio-tagging-2019"].grading.target_columns)


def _grade(competition_id: str, tmp_path: Path, answers: pd.DataFrame, submission: pd.DataFrame):
    competition = COMPETITIONS[competition_id]
    return grade_submission(competition, *write_case(competition, answers, submission, tmp_path))


def _score(competition_id, tmp_path, answers, submission) -> float:
    result = _grade(competition_id, tmp_path, answers, submission)
    assert result.valid, result.error
    return result.score


def _freesound(rows: dict[str, dict[str, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(0.0, index=list(rows), columns=FREESOUND_CLASSES)
    for fname, values in rows.items():
        for name, value in values.items():
            frame.loc[fname, name] = value
    return frame.rename_axis("fname").reset_index()


# Each case: answers, a submission with its hand-worked score, and the score of a perfect submission.
TOKENS = pd.DataFrame({"id": ["0_0", "0_1", "1_0", "1_1"], "after": ["the", "nineteen ninety", "NA", ","]})
CASES = {
    "text-normalization-challenge-english-language": (
        TOKENS,
        # in reverse order; 0_1 wrong; 1_0: "NA" reads as missing on both sides ("nan" == "nan"): 3 / 4
        pd.DataFrame({"id": ["1_1", "1_0", "0_1", "0_0"], "after": [",", "null", "1990", "the"]}),
        0.75, 1.0,
    ),
    "text-normalization-challenge-russian-language": (
        pd.DataFrame({"id": ["0_0", "0_1"], "after": ["в", "тысяча"]}),
        pd.DataFrame({"id": ["0_0", "0_1"], "after": ["в", "1000"]}),  # 1 of 2 right
        0.5, 1.0,
    ),
    "billion-word-imputation": (
        pd.DataFrame({"id": [0, 1], "sentence": ["I like green tea .", "He ran home ."]}),
        # "I like tea ." is 6 characters short ("green "); "He ran hme ." misses 1: (6 + 1) / 2
        pd.DataFrame({"id": [1, 0], "sentence": ["He ran hme .", "I like tea ."]}),
        3.5, 0.0,
    ),
    "bms-molecular-translation": (
        pd.DataFrame({"image_id": ["a1", "b2"], "InChI": ["InChI=1S/H2O/h1H2", "InChI=1S/CH4/h1H4"]}),
        # row a1 exact (0); b2: "CH4"->"CH3" and "h1H4"->"h1H3": 2 substitutions -> mean 1
        pd.DataFrame({"image_id": ["a1", "b2"], "InChI": ["InChI=1S/H2O/h1H2", "InChI=1S/CH3/h1H3"]}),
        1.0, 0.0,
    ),
    "multi-modal-gesture-recognition": (
        pd.DataFrame({"Id": ["0300", "0301"], "Sequence": ["2 14 20", "5 11"]}),
        # 0300: "02 20" is [2, 20], one deletion; 0301: one substitution -> (1 + 1) / 5 true gestures
        pd.DataFrame({"Id": ["0300", "0301"], "Sequence": ["02 20", "5 12"]}),
        0.4, 0.0,
    ),
    "chaii-hindi-and-tamil-question-answering": (
        pd.DataFrame({"id": ["q1", "q2"], "PredictionString": ["नई दिल्ली", "1947"]}),
        # q1: {नई} vs {नई, दिल्ली}: 1/2; q2: blank vs {1947}: 0 -> 0.25
        pd.DataFrame({"id": ["q1", "q2"], "PredictionString": ["नई", None]}),
        0.25, 1.0,
    ),
    "tweet-sentiment-extraction": (
        pd.DataFrame({"textID": ["t1", "t2"], "selected_text": ["so happy today", "bad"]}),
        # t1: {so, happy} vs {so, happy, today}: 2/3; t2: {bad} vs {BAD}->{bad}: 1 -> 5/6
        pd.DataFrame({"textID": ["t2", "t1"], "selected_text": ["BAD", "so happy"]}),
        5 / 6, 1.0,
    ),
    "facebook-recruiting-iii-keyword-extraction": (
        pd.DataFrame({"Id": [1, 2], "Tags": ["php mysql", "java"]}),
        # TP php, java; FP none ("css" is no true tag anywhere: ignored); FN mysql -> 4 / (4 + 1)
        pd.DataFrame({"Id": [2, 1], "Tags": ["java", "php css"]}),
        0.8, 1.0,
    ),
    "imet-2020-fgvc7": (
        pd.DataFrame({"id": ["aa", "bb"], "attribute_ids": ["1 2", "3"]}),
        # TP 1, 3; FP 2 on bb; FN 2 on aa -> 4 / (4 + 1 + 1)
        pd.DataFrame({"id": ["aa", "bb"], "attribute_ids": ["1", "3 2"]}),
        4 / 6, 1.0,
    ),
    "plant-pathology-2021-fgvc8": (
        pd.DataFrame({"image": ["a.jpg", "b.jpg"], "labels": ["scab", "rust complex"]}),
        # TP scab, rust; FN complex -> 4 / 5
        pd.DataFrame({"image": ["a.jpg", "b.jpg"], "labels": ["scab", "rust"]}),
        0.8, 1.0,
    ),
    "h-and-m-personalized-fashion-recommendations": (
        pd.DataFrame({"customer_id": ["c1", "c2"], "prediction": ["111 222", "333"]}),
        # c1: hit at ranks 2 and 3 -> (1/2 + 2/3) / 2 = 7/12; c2: a leading zero never matches: 0;
        # c3 bought nothing in the test week and is ignored -> 7/24
        pd.DataFrame({"customer_id": ["c3", "c2", "c1"], "prediction": ["111", "0333", "999 222 111"]}),
        7 / 24, 1.0,
    ),
    "hotel-id-2021-fgvc8": (
        pd.DataFrame({"image": ["x.jpg", "y.jpg"], "chain": [1, 0], "hotel_id": [100, 200]}),
        # x: right at rank 2 -> 1/2; y: right at rank 1 -> 1 -> 0.75
        pd.DataFrame({"image": ["x.jpg", "y.jpg"], "hotel_id": ["7 100 8", "200"]}),
        0.75, 1.0,
    ),
    "whale-categorization-playground": (
        pd.DataFrame({"Image": ["1.jpg", "2.jpg"], "Id": ["w_1", "new_whale"]}),
        # 1.jpg: right at rank 3 -> 1/3; 2.jpg: new_whale at rank 5 -> 1/5 -> (1/3 + 1/5) / 2
        pd.DataFrame({"Image": ["1.jpg", "2.jpg"], "Id": ["a b w_1", "a b c d new_whale"]}),
        (1 / 3 + 1 / 5) / 2, 1.0,
    ),
    "freesound-audio-tagging-2019": (
        _freesound({"a.wav": {"Bark": 1, "Meow": 1}, "b.wav": {"Purr": 1}}),
        # a.wav: Bark ranked 1st (1/1), Meow 3rd with 2 true in the top 3 (2/3); b.wav: Purr 2nd (1/2);
        # mean over the 3 true labels
        _freesound({"a.wav": {"Bark": 0.9, "Gasp": 0.8, "Meow": 0.7}, "b.wav": {"Bus": 0.9, "Purr": 0.5}}),
        (1 + 2 / 3 + 1 / 2) / 3, 1.0,
    ),
}


def _perfect(competition_id: str, answers: pd.DataFrame) -> pd.DataFrame:
    grading = COMPETITIONS[competition_id].grading
    if competition_id == "hotel-id-2021-fgvc8":
        return answers[["image", "hotel_id"]]
    return answers[[grading.id_column, *grading.target_columns]]


def test_every_competition_of_this_file_has_a_case():
    # tensorflow2-question-answering is graded below by its grade.py alone: its answers are JSON lines
    assert set(CASES) <= set(COMPETITIONS) and len(CASES) == 14


@pytest.mark.parametrize("competition_id", CASES)
def test_perfect_submission_gets_the_best_score(competition_id, tmp_path):
    answers, _, _, best = CASES[competition_id]
    assert _score(competition_id, tmp_path, answers, _perfect(competition_id, answers)) == pytest.approx(best)


@pytest.mark.parametrize("competition_id", CASES)
def test_hand_worked_score(competition_id, tmp_path):
    answers, submission, expected, _ = CASES[competition_id]
    assert _score(competition_id, tmp_path, answers, submission) == pytest.approx(round(expected, 5))


@pytest.mark.parametrize("competition_id", CASES)
def test_missing_duplicate_and_unknown_rows_are_invalid(competition_id, tmp_path):
    answers, _, _, _ = CASES[competition_id]
    perfect = _perfect(competition_id, answers)
    id_column = COMPETITIONS[competition_id].grading.id_column
    unknown = perfect.astype({id_column: object})
    unknown.loc[0, id_column] = "no-such-id"
    if competition_id == "h-and-m-personalized-fashion-recommendations":
        broken = {"missing customer": perfect.iloc[1:], "renamed customer": unknown}  # extra rows are allowed
    else:
        broken = {
            "missing row": perfect.iloc[1:],
            "duplicated row": pd.concat([perfect.iloc[[0]], perfect.iloc[[0]]]),
            "unknown id": unknown,
            "extra row": pd.concat([perfect, unknown.iloc[[0]]]),
        }
    for what, submission in broken.items():
        result = _grade(competition_id, tmp_path, answers, submission)
        assert not result.valid, what
        assert result.error.startswith("invalid submission: ")


@pytest.mark.parametrize("competition_id", CASES)
def test_a_missing_target_column_is_invalid(competition_id, tmp_path):
    answers, _, _, _ = CASES[competition_id]
    grading = COMPETITIONS[competition_id].grading
    submission = _perfect(competition_id, answers).drop(columns=[grading.target_columns[-1]])
    result = _grade(competition_id, tmp_path, answers, submission)
    assert not result.valid and "column" in result.error


INVALID = [
    # (competition, submission, words the error must contain)
    ("billion-word-imputation", pd.DataFrame({"id": [0, 1], "sentence": ["I like tea .", None]}), "must be text"),
    ("multi-modal-gesture-recognition", pd.DataFrame({"Id": ["0300", "0301"], "Sequence": ["2 x", "5"]}),
     "gesture numbers"),
    ("multi-modal-gesture-recognition", pd.DataFrame({"Id": ["0300", "0301"], "Sequence": ["2", None]}),
     "gesture numbers"),
    ("tweet-sentiment-extraction", pd.DataFrame({"textID": ["t1", "t2", "t3"], "selected_text": ["a", "b", None]}),
     "divides by zero"),
    ("chaii-hindi-and-tamil-question-answering", pd.DataFrame({"id": ["q1", "q2"], "PredictionString": [1, 2]}),
     "must be text"),
    ("imet-2020-fgvc7", pd.DataFrame({"id": ["aa", "bb"], "attribute_ids": [1, 3]}), "read as text"),
    ("h-and-m-personalized-fashion-recommendations",
     pd.DataFrame({"customer_id": ["c1", "c2"], "prediction": ["1", "2"], "extra": [0, 0]}), "exactly"),
    ("whale-categorization-playground",
     pd.DataFrame({"Image": ["1.jpg", "2.jpg"], "Id": ["w_1", "w_2"], "score": [1, 2]}), "exactly"),
    ("freesound-audio-tagging-2019", _freesound({"a.wav": {}, "b.wav": {}}).drop(columns=["Zipper_(clothing)"]),
     "class names"),
    ("freesound-audio-tagging-2019", _freesound({"a.wav": {}, "b.wav": {}})[["fname"] + FREESOUND_CLASSES[::-1]],
     "class names"),
    ("freesound-audio-tagging-2019", _freesound({"a.wav": {"Bark": float("nan")}, "b.wav": {}}), "finite numbers"),
]


@pytest.mark.parametrize("competition_id, submission, words", INVALID, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(INVALID)])
def test_competition_specific_invalid_submissions(competition_id, submission, words, tmp_path):
    answers = CASES[competition_id][0]
    if competition_id == "tweet-sentiment-extraction":  # a tweet whose true phrase is empty
        answers = pd.DataFrame({"textID": ["t1", "t2", "t3"], "selected_text": ["a", "b", None]})
    result = _grade(competition_id, tmp_path, answers, submission)
    assert not result.valid
    assert words in result.error


def test_hotel_ids_written_as_decimals_do_not_match(tmp_path):
    # MLE-bench turns the column into text: "100.0" is not the hotel "100" (a blank cell makes pandas use floats)
    answers = CASES["hotel-id-2021-fgvc8"][0]
    submission = pd.DataFrame({"image": ["x.jpg", "y.jpg"], "hotel_id": [100, None]})
    assert _score("hotel-id-2021-fgvc8", tmp_path, answers, submission) == 0.0


def test_h_and_m_scores_only_the_buyers_and_needs_them_all(tmp_path):
    answers = CASES["h-and-m-personalized-fashion-recommendations"][0]
    everyone = pd.DataFrame({"customer_id": ["c0", "c1", "c2", "c9"], "prediction": ["1", "111 222", "333", "2"]})
    assert _score("h-and-m-personalized-fashion-recommendations", tmp_path, answers, everyone) == 1.0
    result = _grade("h-and-m-personalized-fashion-recommendations", tmp_path, answers, everyone.iloc[:2])
    assert not result.valid and "missing" in result.error


def test_score_submission_rounds_to_five_decimals(tmp_path):
    answers, submission, expected, _ = CASES["whale-categorization-playground"]
    competition = COMPETITIONS["whale-categorization-playground"]
    score = score_submission(competition, *write_case(competition, answers, submission, tmp_path))
    assert score == round(expected, 5)


# ---------------------------------------------------------------- TensorFlow 2.0 QA (answers are JSON lines)

TF2_GRADE = REPO / "competitions" / "tensorflow2-question-answering" / "grade.py"


@pytest.fixture(scope="module")
def tf2():
    spec = importlib.util.spec_from_file_location("_tf2_grade", TF2_GRADE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TF2_ANSWERS = [
    {"example_id": "11", "annotations": [{"long_answer": {"start_token": 5, "end_token": 20},
                                          "short_answers": [{"start_token": 7, "end_token": 9}],
                                          "yes_no_answer": "NONE"}]},
    {"example_id": "-22", "annotations": [{"long_answer": {"start_token": -1, "end_token": -1},
                                           "short_answers": [], "yes_no_answer": "NONE"}]},
    {"example_id": "33", "annotations": [{"long_answer": {"start_token": 0, "end_token": 4},
                                          "short_answers": [], "yes_no_answer": "YES"}]},
]


def _tf2_submission(predictions: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"example_id": list(predictions), "PredictionString": list(predictions.values())})


def test_tf2_gold_predictions_score_one(tf2):
    gold = {"11_long": "5:20", "11_short": "7:9", "-22_long": "", "-22_short": "", "33_long": "0:4", "33_short": "YES"}
    assert tf2.grade(_tf2_submission(gold), TF2_ANSWERS) == 1.0
    assert tf2.grade(_tf2_submission(gold), pd.DataFrame(TF2_ANSWERS)) == 1.0  # answers read as a frame


def test_tf2_hand_worked_score(tf2):
    predictions = {
        "11_long": "5:20",   # right
        "11_short": "",      # empty although an answer exists: wrong
        "-22_long": "1:2",   # a prediction where none exists: wrong
        "-22_short": "",     # empty and none exists: right
        "33_long": "0:5",    # wrong span
        "33_short": "YES",   # right
    }
    assert tf2.grade(_tf2_submission(predictions), TF2_ANSWERS) == pytest.approx(3 / 6)


@pytest.mark.parametrize("change, words", [
    ({"11_short": "maybe"}, "must be 'start:end'"),
    ({"11_short": "a:b"}, "integer token indices"),
])
def test_tf2_bad_predictions_are_invalid(tf2, change, words):
    from pytest_mlebench.errors import InvalidSubmission

    predictions = {"11_long": "", "11_short": "", "-22_long": "", "-22_short": "", "33_long": "", "33_short": ""}
    with pytest.raises(InvalidSubmission, match=words):
        tf2.grade(_tf2_submission({**predictions, **change}), TF2_ANSWERS)
    with pytest.raises(InvalidSubmission, match="expected 6 rows"):
        tf2.grade(_tf2_submission(predictions).iloc[1:], TF2_ANSWERS)
    renamed = _tf2_submission(predictions)
    renamed.loc[0, "example_id"] = "11_longer"
    with pytest.raises(InvalidSubmission, match="must be <example_id>_long"):
        tf2.grade(renamed, TF2_ANSWERS)


def test_tf2_graded_through_the_real_path_from_json_lines(tmp_path):
    """score_submission reads .jsonl answers as MLE-bench's load_answers does: a list of dicts."""
    import json

    from pytest_mlebench.competitions import load_competition
    from pytest_mlebench.grading.grade import score_submission

    competition = load_competition(TF2_GRADE.parent)
    private = tmp_path / "private"
    private.mkdir()
    (private / competition.grading.answers).write_text("".join(json.dumps(a) + "\n" for a in TF2_ANSWERS))
    gold = {"11_long": "5:20", "11_short": "7:9", "-22_long": "", "-22_short": "", "33_long": "0:4", "33_short": "YES"}
    path = tmp_path / "submission.csv"
    _tf2_submission(gold).to_csv(path, index=False)
    assert score_submission(competition, path, private) == 1.0
