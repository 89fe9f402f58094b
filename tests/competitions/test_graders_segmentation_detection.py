"""The graders of the segmentation and detection competitions, through the real grading path.

For each competition a tiny answers file is written where MLE-bench puts it;
submissions go through `score_submission` / `grade_submission`: the perfect
submission gets the best score, one submission gets a hand-computed score,
and the invalid cases that matter for that competition are refused with a
clear reason.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.grading.grade import grade_submission, score_submission

COMPETITIONS = load_competitions()


def write(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path


def score(competition_id: str, answers: pd.DataFrame, submission: pd.DataFrame, tmp_path: Path):
    """Score through the real path; returns the score, or the error of an invalid submission."""
    competition = COMPETITIONS[competition_id]
    private = tmp_path / "private"
    write(answers, private / competition.grading.answers)
    path = write(submission, tmp_path / "submission.csv")
    result = grade_submission(competition, path, private)
    if result.valid:
        assert result.score == score_submission(competition, path, private)
        return result.score
    return result.error


# ---------------------------------------------------------------- the cases
# Each competition: answers, a perfect submission and its score, a submission whose score is worked out by
# hand, and invalid submissions with a word their error must contain.

TGS_ANSWERS = pd.DataFrame({"id": ["a1", "b2", "c3"], "rle_mask": ["1 70", None, "1 6000"]})
TGS_PERFECT = TGS_ANSWERS.copy()
# a1: 70 true px, prediction "1 100" -> IoU 0.7 -> 4/10; b2: empty, predicted empty -> 1;
# c3: 6000 true px predicted empty -> MLE-bench's quirk IoU 6000/10201 = 0.588 -> 2/10. Mean 1.6/3.
TGS_HAND = pd.DataFrame({"id": ["c3", "a1", "b2"], "rle_mask": [None, "1 100", None]})

HUBMAP_ANSWERS = pd.DataFrame({"id": ["img1", "img2"], "encoding": ["1 4", None],
                               "width_pixels": [4, 3], "height_pixels": [3, 3]})
# img1: truth pixels 1-4, prediction 3-6: 2*2/(4+4) = 0.5; img2: both empty -> 1. Mean 0.75.
HUBMAP_HAND = pd.DataFrame({"id": ["img2", "img1"], "predicted": [None, "3 4"]})

CONTRAILS_ANSWERS = pd.DataFrame({"record_id": [101, 202], "encoded_pixels": ["1 4", "-"],
                                  "height": [4, 4], "width": [4, 4]})
# Pooled: truth 4 px; prediction 3-6 (2 shared) + 2 px on the empty record: 2*2 / (4 + 6) = 0.4.
CONTRAILS_HAND = pd.DataFrame({"record_id": [101, 202], "encoded_pixels": ["3 4", "5 2"], "height": 4, "width": 4})

VESUVIUS_ANSWERS = pd.DataFrame({"Id": ["a"], "Predicted": ["1 4 9 4"], "width": [4], "height": [4]})
# Truth 8 px, prediction 1-4 and 13-16: tp 4, fp 4, fn 4 -> precision = recall = 0.5 -> F0.5 = 0.5.
VESUVIUS_HAND = pd.DataFrame({"Id": ["a"], "Predicted": ["1 4 13 4"]})

UW_ANSWERS = pd.DataFrame({
    "id": ["case1_day1_slice_0001"] * 2 + ["case1_day1_slice_0002"] * 2,
    "class": ["large_bowel", "stomach"] * 2,
    "predicted": ["1 2", None, None, "4 1"],
    "image_width": [2, 2, 2, 2], "image_height": [2, 2, 2, 2],
})
# Row 0 identical (Dice 1), row 3 predicted at pixel 3 instead of 4 (Dice 0), rows 1-2 empty (left out):
# Dice 0.5. Volume (2, 2, 2): truth {(0,0,0),(0,1,0),(1,1,1)}, prediction {(0,0,0),(0,1,0),(1,0,1)}:
# Hausdorff 1/2 (second axis scaled by 2) / sqrt(3). Score 0.4 * 0.5 + 0.6 * (1 - 0.5 / sqrt(3)).
UW_HAND = UW_ANSWERS[["id", "class"]].assign(predicted=["1 2", None, None, "3 1"])

VIN_ANSWERS = pd.DataFrame({
    "image_id": ["i1", "i1", "i2"], "class_name": ["Nodule", "Aortic", "No finding"], "class_id": [8, 0, 14],
    "rad_id": ["R1", "R1", "R1"], "x_min": [10.0, 100.0, 0.0], "y_min": [10.0, 100.0, 0.0],
    "x_max": [50.0, 200.0, 1.0], "y_max": [50.0, 200.0, 1.0],
})
VIN_PERFECT_ROWS = ["8 1.0 10 10 50 50 0 1.0 100 100 200 200", "14 1.0 0 0 1 1"]
# The first true box (nodule of i1) has annotation id 0, which pycocotools takes for "no match": its
# class scores 0 even when found exactly; class 0 and class 14 score 1. Best possible: 2/3.
VIN_PERFECT_SCORE = 2 / 3
# Only "No finding" found; the aortic box missed: (0 + 0 + 1) / 3.
VIN_HAND = pd.DataFrame({"image_id": ["i1", "i2"], "PredictionString": ["0 0.5 500 500 600 600", "14 0.9 0 0 1 1"]})

SIIM_ANSWERS = pd.DataFrame({
    "id": ["s1_study", "s2_study", "m1_image", "m2_image"],
    "PredictionString": ["typical 1 0 0 1 1", "negative 1 0 0 1 1", "opacity 1 10 10 50 50", "none 1 0 0 1 1"],
})
# Each class gets pairs from 4 rows. typical: s1 (1,.9), s2 (0,.8), images (0,0),(0,0) -> AP 1.
# negative: s1 (0,.3)... written so every class has AP 1 except opacity, missed: pairs (1,0) + three (0,0)
# -> sklearn AP of [1,0,0,0] on scores [0,0,0,0] = 0.25. Mean over 4 classes (5 + 0.25 + ...)/... see below.
SIIM_HAND = pd.DataFrame({
    "id": ["s1_study", "s2_study", "m1_image", "m2_image"],
    "PredictionString": ["typical 0.9 0 0 1 1", "negative 0.8 0 0 1 1", "none 0.2 0 0 1 1", "none 0.9 0 0 1 1"],
})
# Classes of the answers: negative, none, opacity, typical.
# negative: (0,0) s1, (1,.8) s2, (0,0) m1, (0,0) m2 -> AP 1.  typical: (1,.9), (0,0) x3 -> AP 1.
# none: (0,0) s1, (0,0) s2, (0,.2) m1, (1,.9) m2 -> AP 1.  opacity: missed on m1 -> (1,0), (0,0) x3 -> AP 0.25.
SIIM_HAND_SCORE = (1 + 1 + 1 + 0.25) / 4

LYFT_CAR = "10 10 0 2 4 1.5 0.3 car"
LYFT_ANSWERS = pd.DataFrame({"Id": ["t1", "t2"], "PredictionString": [f"1.0 {LYFT_CAR}", "1.0 30 30 0 3 10 3 0 bus"]})
# t1 found exactly (1.0 at every threshold); t2's bus missed (0): mean 0.5.
LYFT_HAND = pd.DataFrame({"Id": ["t2", "t1"], "PredictionString": [None, f"0.8 {LYFT_CAR}"]})

KUZ_ANSWERS = pd.DataFrame({"image_id": ["p1", "p2"], "labels": ["U+3042 0 0 10 10 U+3044 20 0 10 10", None]})
# p1: the first character found, the second missed; p2 has no character but one is predicted.
# TP 1, FP 1, FN 1 -> F1 0.5.
KUZ_HAND = pd.DataFrame({"image_id": ["p2", "p1"], "labels": ["U+3042 5 5", "U+3042 5 5"]})

CASES = {
    "tgs-salt-identification-challenge": dict(
        answers=TGS_ANSWERS, perfect=TGS_PERFECT, best=1.0, hand=TGS_HAND, hand_score=1.6 / 3,
        invalid=[
            (TGS_PERFECT.assign(extra=1), "exactly"),
            (TGS_PERFECT.iloc[:2], "rows"),
            (TGS_PERFECT.assign(id=["a1", "a1", "c3"]), "duplicate"),
            (TGS_PERFECT.assign(rle_mask=["5 2 1 2", "", ""]), "sorted"),
            (TGS_PERFECT.assign(rle_mask=["1 70 50 5", "", ""]), "overlap"),
        ]),
    "hubmap-kidney-segmentation": dict(
        answers=HUBMAP_ANSWERS, perfect=HUBMAP_ANSWERS[["id"]].assign(predicted=HUBMAP_ANSWERS["encoding"]),
        best=1.0, hand=HUBMAP_HAND, hand_score=0.75,
        invalid=[
            (HUBMAP_HAND.rename(columns={"predicted": "encoding"}), "missing column"),
            (HUBMAP_HAND.assign(id=["img2", "img3"]), "missing"),
            (HUBMAP_HAND.iloc[:1], "rows"),
            (HUBMAP_HAND.assign(predicted=[None, "0 3"]), "positive"),
        ]),
    "google-research-identify-contrails-reduce-global-warming": dict(
        answers=CONTRAILS_ANSWERS, perfect=CONTRAILS_ANSWERS[["record_id", "encoded_pixels"]], best=1.0,
        hand=CONTRAILS_HAND, hand_score=0.4,
        invalid=[
            (CONTRAILS_HAND.assign(encoded_pixels=["3 4", None]), "'-'"),
            (CONTRAILS_HAND.assign(record_id=[101, 303]), "missing"),
            (CONTRAILS_HAND.drop(columns="encoded_pixels"), "missing column"),
            (CONTRAILS_HAND.assign(encoded_pixels=["3 4", "1 x"]), "integers"),
        ]),
    "vesuvius-challenge-ink-detection": dict(
        answers=VESUVIUS_ANSWERS, perfect=VESUVIUS_ANSWERS[["Id", "Predicted"]], best=1.0,
        hand=VESUVIUS_HAND, hand_score=0.5,
        invalid=[
            (VESUVIUS_HAND.assign(extra=0), "exactly"),
            (VESUVIUS_HAND.assign(Id="b"), "expected 'a'"),
            (VESUVIUS_HAND.assign(Predicted=[None]), "RLE string"),
            (pd.concat([VESUVIUS_HAND, VESUVIUS_HAND]), "row"),
        ]),
    "uw-madison-gi-tract-image-segmentation": dict(
        answers=UW_ANSWERS, perfect=UW_ANSWERS[["id", "class", "predicted"]], best=1.0,
        hand=UW_HAND, hand_score=0.4 * 0.5 + 0.6 * (1 - 0.5 / np.sqrt(3)),
        invalid=[
            (UW_HAND.assign(predicted=["1 x", None, None, None]), "whole numbers"),
            (UW_HAND.assign(predicted=["1 2 2 1", None, None, None]), "overlap"),
            (UW_HAND.assign(predicted=["1 1 3 1 4", None, None, None]), "pairs"),
            (UW_HAND.drop(columns="class"), "missing column"),
            (UW_HAND.assign(predicted=["2 2 1 1", None, None, None]), "sorted"),
        ]),
    "vinbigdata-chest-xray-abnormalities-detection": dict(
        answers=VIN_ANSWERS, perfect=pd.DataFrame({"image_id": ["i1", "i2"], "PredictionString": VIN_PERFECT_ROWS}),
        best=VIN_PERFECT_SCORE, hand=VIN_HAND, hand_score=1 / 3,
        invalid=[
            (VIN_HAND.iloc[:1], "image ids"),
            (VIN_HAND.assign(PredictionString=["0 0.5 500 500 600", "14 0.9 0 0 1 1"]), "6 numbers"),
            (VIN_HAND.assign(PredictionString=["0 0.5  500 500 600 600", "14 0.9 0 0 1 1"]), "single spaces"),
            (VIN_HAND.assign(PredictionString=[None, "14 0.9 0 0 1 1"]), "must be text"),
            (VIN_HAND.drop(columns="PredictionString"), "missing column"),
        ]),
    "siim-covid19-detection": dict(
        answers=SIIM_ANSWERS, perfect=SIIM_ANSWERS, best=1.0, hand=SIIM_HAND, hand_score=SIIM_HAND_SCORE,
        invalid=[
            (SIIM_HAND.iloc[:3], "rows"),
            (SIIM_HAND.assign(id=["s1_study", "s1_study", "m1_image", "m2_image"]), "duplicate"),
            (SIIM_HAND.assign(PredictionString=["typical 0.9 0 0 1", "a", "b", "c"]), "6 tokens"),
            (SIIM_HAND.assign(PredictionString=["typical x 0 0 1 1"] + list(SIIM_HAND.PredictionString[1:])), "numbers"),
            (SIIM_HAND.assign(PredictionString=[None] + list(SIIM_HAND.PredictionString[1:])), "text"),
        ]),
    "3d-object-detection-for-autonomous-vehicles": dict(
        answers=LYFT_ANSWERS, perfect=LYFT_ANSWERS, best=1.0, hand=LYFT_HAND, hand_score=0.5,
        invalid=[
            (LYFT_HAND.iloc[:1], "rows"),
            (LYFT_HAND.assign(Id=["t2", "t3"]), "missing"),
            (LYFT_HAND.assign(PredictionString=[None, LYFT_CAR]), "9 tokens"),
            (LYFT_HAND.assign(PredictionString=[None, "0.8 10 10 0 0 4 1.5 0.3 car"]), "positive sizes"),
            (LYFT_HAND.assign(PredictionString=[None, "0.8 10 10 zero 2 4 1.5 0.3 car"]), "numbers"),
        ]),
    "kuzushiji-recognition": dict(
        answers=KUZ_ANSWERS, perfect=pd.DataFrame({"image_id": ["p1", "p2"], "labels": ["U+3042 5 5 U+3044 25 5", None]}),
        best=1.0, hand=KUZ_HAND, hand_score=0.5,
        invalid=[
            (KUZ_HAND.iloc[:1], "rows"),
            (KUZ_HAND.assign(labels=["U+3042 5", None]), "3 tokens"),
            (KUZ_HAND.assign(labels=["U+3042 five 5", None]), "numbers"),
            (KUZ_HAND.assign(image_id=["p1", "p1"]), "duplicate"),
        ]),
}


def test_every_competition_of_this_file_is_defined():
    assert set(CASES) <= set(COMPETITIONS)
    for competition_id in CASES:
        assert COMPETITIONS[competition_id].code("grade") is not None


@pytest.mark.parametrize("competition_id", CASES)
def test_the_perfect_submission_gets_the_best_score(competition_id, tmp_path):
    case = CASES[competition_id]
    assert score(competition_id, case["answers"], case["perfect"], tmp_path) == pytest.approx(case["best"], abs=1e-5)


@pytest.mark.parametrize("competition_id", CASES)
def test_a_hand_computed_score(competition_id, tmp_path):
    case = CASES[competition_id]
    assert score(competition_id, case["answers"], case["hand"], tmp_path) == pytest.approx(case["hand_score"], abs=1e-5)


@pytest.mark.parametrize("competition_id, number", [(cid, i) for cid, case in CASES.items() for i in range(len(case["invalid"]))])
def test_invalid_submissions_are_refused_with_a_reason(competition_id, number, tmp_path):
    case = CASES[competition_id]
    submission, reason = case["invalid"][number]
    error = score(competition_id, case["answers"], submission, tmp_path)
    assert isinstance(error, str) and error.startswith("invalid submission"), error
    assert reason in error, error


def test_uw_madison_pairs_rows_by_position_like_mlebench(tmp_path):
    # MLE-bench compares row i with answer row i for Dice, but builds each side's scans from its own ids
    # for Hausdorff, and does not count rows (both were refused before issue 13).
    competition_id = "uw-madison-gi-tract-image-segmentation"
    # Reversed: rows 0 and 3 now meet the wrong masks (Dice 0), the volumes are still UW_HAND's.
    reversed_rows = score(competition_id, UW_ANSWERS, UW_HAND.iloc[::-1], tmp_path)
    assert reversed_rows == pytest.approx(0.6 * (1 - 0.5 / np.sqrt(3)), abs=1e-5)
    # Last row missing: Dice 1 on row 0; the second slice is empty, truth (1,1,1) is sqrt(1/2) from the
    # prediction's nearest point (coordinates halved).
    short = score(competition_id, UW_ANSWERS, UW_HAND.iloc[:3], tmp_path)
    assert short == pytest.approx(0.4 + 0.6 * (1 - np.sqrt(0.5) / np.sqrt(3)), abs=1e-5)
    # Three numbers: the single length serves both starts (pixels 1 and 3); odd counts are otherwise refused.
    three = score(competition_id, UW_ANSWERS, UW_HAND.assign(predicted=["1 1 3", None, None, "4 1"]), tmp_path)
    assert isinstance(three, float) and three == score(competition_id, UW_ANSWERS, UW_HAND.assign(predicted=["1 1 3 1", None, None, "4 1"]), tmp_path)


def test_vinbigdata_repeated_image_rows_add_their_boxes(tmp_path):
    # MLE-bench does not count rows: i1 in two rows is the same as its boxes in one row.
    split = pd.DataFrame({"image_id": ["i1", "i1", "i2"],
                          "PredictionString": ["8 1.0 10 10 50 50", "0 1.0 100 100 200 200", "14 1.0 0 0 1 1"]})
    competition_id = "vinbigdata-chest-xray-abnormalities-detection"
    assert score(competition_id, VIN_ANSWERS, split, tmp_path) == pytest.approx(VIN_PERFECT_SCORE, abs=1e-5)


def test_tgs_empty_masks_may_be_blank_cells(tmp_path):
    # Reading turns blank cells into NaN; they are empty masks, as in MLE-bench.
    blank = pd.DataFrame({"id": ["a1", "b2", "c3"], "rle_mask": [None, None, None]})
    # a1 (70 px) and c3 (6000 px) predicted empty: IoU 70/10201 -> 0 and 6000/10201 -> 0.2; b2 -> 1.
    assert score("tgs-salt-identification-challenge", TGS_ANSWERS, blank, tmp_path) == pytest.approx(1.2 / 3, abs=1e-5)
