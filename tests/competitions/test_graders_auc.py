"""Grading of the AUC-family MLE-bench competitions through the real path (score_submission).

Each competition gets small answers written where its TOML says, and submissions
written to CSV: the perfect one scores 1.0, one hand-computed value, and the
invalid cases MLE-bench's grader refuses for that competition. Throughout, the
hand-computed ranking is: labels 0, 0, 1, 1 scored 0.1, 0.4, 0.35, 0.8, whose AUC
is 3/4 (the pair 0.35 < 0.4 is lost) and whose ALASKA2 weighted AUC is 1.15 / 1.4.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competition
from pytest_mlebench.grading.grade import grade_submission, score_submission
from tests.support.mlebench_support import COMPETITIONS_DIR, write_case

LABELS = [0, 0, 1, 1]
SCORES = [0.1, 0.4, 0.35, 0.8]


def _score(competition_id: str, answers: pd.DataFrame, submission: pd.DataFrame, tmp_path: Path):
    """Write both frames as CSV files and grade; returns the Grade record."""
    competition = load_competition(COMPETITIONS_DIR / competition_id)
    return grade_submission(competition, *write_case(competition, answers, submission, tmp_path))


# ---------------------------------------------------------------- one id column and one probability column

# competition -> (id column, target column, four ids)
SINGLE = {
    "histopathologic-cancer-detection": ("id", "label", ["f3a1", "09bc", "77d2", "c001"]),
    "mlsp-2013-birds": ("Id", "Probability", [700, 703, 1200, 1218]),
    "siim-isic-melanoma-classification": ("image_name", "target", ["ISIC_0052060", "ISIC_0052349", "ISIC_0058510", "ISIC_0073313"]),
    "tabular-playground-series-may-2022": ("id", "target", [800000, 800001, 800002, 800003]),
    "the-icml-2013-whale-challenge-right-whale-redux": (
        "clip",
        "probability",
        [f"20090330_000000_0{n}s0ms_Test{n}.aif" for n in range(4)],
    ),
    "invasive-species-monitoring": ("name", "invasive", [2, 15, 40, 1001]),
}


def _single(competition_id):
    id_column, target, ids = SINGLE[competition_id]
    answers = pd.DataFrame({id_column: ids, target: LABELS})
    return id_column, target, answers


@pytest.mark.parametrize("competition_id", SINGLE)
def test_single_column_perfect_and_hand_computed(competition_id, tmp_path):
    id_column, target, answers = _single(competition_id)
    assert _score(competition_id, answers, answers, tmp_path).score == 1.0
    # rows in reverse order: matched by id, not by position
    submission = pd.DataFrame({id_column: answers[id_column], target: SCORES}).iloc[::-1]
    assert _score(competition_id, answers, submission, tmp_path).score == 0.75


def _single_invalid_cases(id_column, target, answers):
    good = answers.assign(**{target: SCORES})
    yield "missing row", good.iloc[:3]
    yield "extra row", pd.concat([good, good.iloc[[0]].assign(**{id_column: good[id_column].iloc[0] * 2})])
    yield "duplicate id", good.assign(**{id_column: [good[id_column].iloc[0]] * 2 + list(good[id_column].iloc[2:])})
    yield "missing column", good[[id_column]]
    yield "NaN", good.assign(**{target: [0.1, np.nan, 0.3, 0.4]})
    yield "above 1", good.assign(**{target: [0.1, 1.5, 0.3, 0.4]})
    yield "below 0", good.assign(**{target: [0.1, -0.5, 0.3, 0.4]})
    yield "text", good.assign(**{target: ["0.1", "high", "0.3", "0.4"]})


@pytest.mark.parametrize("competition_id", SINGLE)
def test_single_column_invalid_submissions(competition_id, tmp_path):
    id_column, target, answers = _single(competition_id)
    for case, submission in _single_invalid_cases(id_column, target, answers):
        grade = _score(competition_id, answers, submission, tmp_path)
        assert not grade.valid and grade.score is None, case
        assert grade.error.startswith("invalid submission:"), case


def test_single_column_error_says_what_is_wrong(tmp_path):
    id_column, target, answers = _single("histopathologic-cancer-detection")
    grade = _score("histopathologic-cancer-detection", answers, answers.assign(label=[0, 2, 1, 1]), tmp_path)
    assert "between 0 and 1" in grade.error
    grade = _score("histopathologic-cancer-detection", answers, answers.iloc[:3], tmp_path)
    assert "missing" in grade.error and "c001" in grade.error


# ---------------------------------------------------------------- Toxic comments: six labels, -1 rows, columns by position

JIGSAW = "jigsaw-toxic-comment-classification-challenge"
TOXIC = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def _jigsaw_answers():
    # Five comments; "e5" was not rated by Kaggle (-1 everywhere). Columns 0-2 carry LABELS, 3-5 the reverse.
    rows = {"id": ["a1", "b2", "c3", "d4", "e5"]}
    for i, column in enumerate(TOXIC):
        rows[column] = (LABELS if i < 3 else LABELS[::-1]) + [-1]
    return pd.DataFrame(rows)


def _jigsaw_submission(first, second):
    """`first` scores for the first three labels, `second` for the last three; the unrated row gets 0.99."""
    rows = {"id": ["a1", "b2", "c3", "d4", "e5"]}
    for i, column in enumerate(TOXIC):
        rows[column] = list(first if i < 3 else second) + [0.99]
    return pd.DataFrame(rows)


def test_jigsaw_perfect_and_hand_computed(tmp_path):
    answers = _jigsaw_answers()
    perfect = _jigsaw_submission(LABELS, LABELS[::-1])
    assert _score(JIGSAW, answers, perfect, tmp_path).score == 1.0
    # first three labels AUC 3/4, last three 1 -> mean 0.875; the unrated row does not count
    assert _score(JIGSAW, answers, _jigsaw_submission(SCORES, LABELS[::-1]), tmp_path).score == 0.875
    # values outside [0, 1] are allowed (only ranks count), as in MLE-bench:
    # 10 x SCORES keeps AUC 3/4; -3 x LABELS ranks the reversed labels perfectly
    scaled = _jigsaw_submission([10 * s for s in SCORES], [-3 * v for v in LABELS])
    assert _score(JIGSAW, answers, scaled, tmp_path).score == 0.875


def test_jigsaw_pairs_columns_by_position_like_mlebench(tmp_path):
    answers = _jigsaw_answers()
    perfect = _jigsaw_submission(LABELS, LABELS[::-1])
    # "toxic" moved to the end shifts every column one place left. Paired by position with
    # toxic, severe_toxic, obscene, threat, insult, identity_hate they get the values of
    # severe_toxic (right), obscene (right), threat (reversed: AUC 0), insult (right),
    # identity_hate (right), toxic (AUC 0 against identity_hate's reversed labels) -> 4/6.
    reordered = perfect[["id"] + TOXIC[1:] + ["toxic"]]
    assert _score(JIGSAW, answers, reordered, tmp_path).score == pytest.approx(4 / 6, abs=1e-5)


def test_jigsaw_invalid_submissions(tmp_path):
    answers = _jigsaw_answers()
    good = _jigsaw_submission(SCORES, LABELS[::-1])
    cases = {
        "missing label column": good.drop(columns=["threat"]),
        "extra column": good.assign(extra=0.5),
        "missing row": good.iloc[:4],
        # a1 twice and the unrated e5 left out: five rows to score against four rated comments
        "duplicate id": good.assign(id=["a1", "b2", "c3", "d4", "a1"]),
        "unknown id": good.assign(id=["a1", "b2", "c3", "d4", "zz"]),
        "NaN": good.assign(toxic=[0.1, np.nan, 0.3, 0.4, 0.5]),
        "text": good.assign(insult=["0.1", "x", "0.3", "0.4", "0.5"]),
    }
    for case, submission in cases.items():
        assert not _score(JIGSAW, answers, submission, tmp_path).valid, case


def test_jigsaw_scores_like_mlebench_what_it_does_not_check(tmp_path):
    answers = _jigsaw_answers()
    good = _jigsaw_submission(SCORES, LABELS[::-1])
    # MLE-bench pairs rows by sorted id without checking the ids one for one: a1 given twice, b2
    # left out, the second a1 meets b2's labels -- the same pairs as `good` (was refused before issue 13).
    repeated = good.assign(id=["a1", "a1", "c3", "d4", "e5"])
    assert _score(JIGSAW, answers, repeated, tmp_path).score == 0.875
    # The unrated comment's row is dropped before scoring, so a blank there costs nothing.
    blank = good.assign(toxic=[*good.toxic[:4], np.nan], insult=[*good.insult[:4], "x"])
    assert _score(JIGSAW, answers, blank, tmp_path).score == 0.875


# ---------------------------------------------------------------- Plant pathology: four one-hot classes

PLANT = "plant-pathology-2020-fgvc7"
PLANT_CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def _plant_answers():
    one_hot = np.eye(4, dtype=int)  # Test_0 healthy, Test_1 multiple_diseases, Test_2 rust, Test_3 scab
    return pd.DataFrame(one_hot, columns=PLANT_CLASSES).assign(image_id=[f"Test_{i}" for i in range(4)])[
        ["image_id"] + PLANT_CLASSES
    ]


def test_plant_perfect_and_hand_computed(tmp_path):
    answers = _plant_answers()
    assert _score(PLANT, answers, answers, tmp_path).score == 1.0
    # healthy column 0.5, 0.6, 0.1, 0.2: the positive (0.5) beats 2 of 3 negatives -> 2/3;
    # the other three columns are perfect: (2/3 + 3) / 4 = 11/12. Columns in another order are fine.
    submission = answers.assign(healthy=[0.5, 0.6, 0.1, 0.2])[["scab", "image_id", "rust", "healthy", "multiple_diseases"]]
    assert _score(PLANT, answers, submission, tmp_path).score == pytest.approx(11 / 12, abs=1e-5)
    assert _score(PLANT, answers, answers.assign(rust=[-5, 0, 9, 0]), tmp_path).valid  # no range check


def test_plant_invalid_submissions(tmp_path):
    answers = _plant_answers()
    cases = {
        "extra column": answers.assign(other=0.1),
        "missing column": answers.drop(columns=["scab"]),
        "missing row": answers.iloc[:3],
        "duplicate id": answers.assign(image_id=["Test_0", "Test_0", "Test_2", "Test_3"]),
        "NaN": answers.assign(rust=[0.1, np.nan, 0.9, 0.2]),
    }
    for case, submission in cases.items():
        assert not _score(PLANT, answers, submission, tmp_path).valid, case


# ---------------------------------------------------------------- RANZCR: nine graded labels out of eleven

RANZCR = "ranzcr-clip-catheter-line-classification"
RANZCR_GRADED = [
    "ETT - Abnormal", "ETT - Borderline", "ETT - Normal", "NGT - Abnormal", "NGT - Borderline",
    "NGT - Incompletely Imaged", "NGT - Normal", "CVC - Abnormal", "CVC - Borderline",
]  # fmt: skip
RANZCR_UNGRADED = ["CVC - Normal", "Swan Ganz Catheter Present"]


def _ranzcr_answers():
    frame = pd.DataFrame({"StudyInstanceUID": [f"1.2.826.0.{i}" for i in range(4)]})
    for column in RANZCR_GRADED + RANZCR_UNGRADED:
        frame[column] = LABELS
    frame["PatientID"] = ["p1", "p2", "p3", "p4"]
    return frame


def test_ranzcr_perfect_and_hand_computed(tmp_path):
    answers = _ranzcr_answers()
    sample_like = answers[["StudyInstanceUID"] + RANZCR_GRADED]  # the sample submission's columns
    assert _score(RANZCR, answers, sample_like, tmp_path).score == 1.0
    # one graded column at AUC 3/4, eight perfect: (0.75 + 8) / 9; the ungraded columns are ignored
    submission = sample_like.assign(**{"NGT - Normal": SCORES}).assign(**{c: 1 - np.array(LABELS) for c in RANZCR_UNGRADED})
    assert _score(RANZCR, answers, submission, tmp_path).score == pytest.approx(8.75 / 9, abs=1e-5)


def test_ranzcr_invalid_submissions(tmp_path):
    answers = _ranzcr_answers()
    good = answers[["StudyInstanceUID"] + RANZCR_GRADED].astype({c: float for c in RANZCR_GRADED})
    cases = {
        "missing graded column": good.drop(columns=["CVC - Borderline"]),
        "above 1": good.assign(**{"ETT - Normal": [0, 0, 1, 2]}),
        "NaN": good.assign(**{"ETT - Normal": [0, np.nan, 1, 1]}),
        "missing row": good.iloc[:3],
        "duplicate id": good.assign(StudyInstanceUID=["1.2.826.0.0"] * 4),
    }
    for case, submission in cases.items():
        assert not _score(RANZCR, answers, submission, tmp_path).valid, case


# ---------------------------------------------------------------- Enzyme substrates: EC1 and EC2

S3E18 = "playground-series-s3e18"


def _s3e18_answers():
    return pd.DataFrame({"id": [10432, 7811, 12, 999], "BertzCT": [1.5, 2.5, 3.5, 4.5], "EC1": LABELS,
                         "EC2": LABELS[::-1], "EC3": [1, 0, 1, 0], "EC4": 0, "EC5": 0, "EC6": 1})  # fmt: skip


def test_s3e18_perfect_and_hand_computed(tmp_path):
    answers = _s3e18_answers()
    assert _score(S3E18, answers, answers[["id", "EC1", "EC2"]], tmp_path).score == 1.0
    # EC1 at AUC 3/4, EC2 perfect: 0.875; values outside [0, 1] are allowed
    submission = answers[["id", "EC2"]].assign(EC1=[10 * s for s in SCORES])
    assert _score(S3E18, answers, submission, tmp_path).score == 0.875


def test_s3e18_invalid_submissions(tmp_path):
    answers = _s3e18_answers()
    good = answers[["id", "EC1", "EC2"]].astype(float).astype({"id": int})
    cases = {
        "missing EC2": good.drop(columns=["EC2"]),
        "NaN": good.assign(EC1=[0.1, np.nan, 0.3, 0.4]),
        "missing row": good.iloc[:3],
        "unknown id": good.assign(id=[10432, 7811, 12, 5]),
    }
    for case, submission in cases.items():
        assert not _score(S3E18, answers, submission, tmp_path).valid, case


# ---------------------------------------------------------------- ALASKA2: weighted AUC over any real scores

ALASKA = "alaska2-image-steganalysis"


def _alaska_answers():
    return pd.DataFrame({"Id": ["0001.jpg", "0002.jpg", "0003.jpg", "0004.jpg"], "Label": LABELS})


def test_alaska_perfect_and_hand_computed(tmp_path):
    answers = _alaska_answers()
    assert _score(ALASKA, answers, answers, tmp_path).score == 1.0
    submission = answers.assign(Label=SCORES).iloc[::-1]
    assert _score(ALASKA, answers, submission, tmp_path).score == round(1.15 / 1.4, 5)
    # any real scores: only the order counts
    scaled = answers.assign(Label=[100 * s - 40 for s in SCORES])
    assert _score(ALASKA, answers, scaled, tmp_path).score == round(1.15 / 1.4, 5)


def test_alaska_invalid_submissions(tmp_path):
    answers = _alaska_answers()
    good = answers.assign(Label=SCORES)
    cases = {
        "missing row": good.iloc[:3],
        "missing Label": good[["Id"]],
        "NaN": good.assign(Label=[0.1, np.nan, 0.3, 0.4]),
        "text": good.assign(Label=["a", "b", "c", "d"]),
        "unknown id": good.assign(Id=["0001.jpg", "0002.jpg", "0003.jpg", "9999.jpg"]),
    }
    for case, submission in cases.items():
        assert not _score(ALASKA, answers, submission, tmp_path).valid, case


def test_score_submission_rounds_to_five_decimals(tmp_path):
    answers = _plant_answers()
    competition = load_competition(COMPETITIONS_DIR / PLANT)
    (tmp_path / "private").mkdir()
    answers.to_csv(tmp_path / "private" / "test.csv", index=False)
    answers.assign(healthy=[0.5, 0.6, 0.1, 0.2]).to_csv(tmp_path / "s.csv", index=False)
    assert score_submission(competition, tmp_path / "s.csv", tmp_path / "private") == 0.91667
