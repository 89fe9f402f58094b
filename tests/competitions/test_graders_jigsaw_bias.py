"""Grading of Jigsaw Unintended Bias in Toxicity Classification through the real path (score_submission).

Six test comments; the answers carry fractional ratings as Kaggle's do. With the 0.5 cut:
    row (id 7000000 + row)   0     1     2     3     4     5
    toxicity rating          0.0   0.8   0.2   0.5   0.4   0.9   -> toxic  0 1 0 1 0 1
    identity rating          0.6   1.0   0.5   0.3   blank 0.0   -> mention 1 1 1 0 0 0
All nine scored identities carry the same ratings, so each power mean equals the one identity's AUC.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.grading.grade import grade_submission, score_submission

JIGSAW = "jigsaw-unintended-bias-in-toxicity-classification"
IDENTITIES = [
    "male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
    "psychiatric_or_mental_illness",
]
IDS = [7000000 + i for i in range(6)]
TOXICITY = [0.0, 0.8, 0.2, 0.5, 0.4, 0.9]
MENTION = [0.6, 1.0, 0.5, 0.3, np.nan, 0.0]
# Predictions cut at 0.5 give 0 1 1 1 0 0 (row 2 wrongly toxic, row 5 wrongly harmless):
# overall: positives (1, 1, 0) vs negatives (0, 1, 0): 2.5 + 2.5 + 1 of 9 pairs -> 2/3;
# subgroup (rows 0-2): positive 1 vs negatives 0, 1 -> 1.5 / 2 = 3/4;
# BPSN: negatives of the subgroup (0, 1) vs positives outside (1, 0) -> (1 + .5 + .5 + 0) / 4 = 1/2;
# BNSP: positive of the subgroup (1) vs negative outside (0) -> 1.
# Score: 0.25 * (2/3 + 3/4 + 1/2 + 1) = 0.729166...
PREDICTION = [0.1, 0.6, 0.7, 0.9, 0.2, 0.4]
EXPECTED = 0.72917


@pytest.fixture(scope="module")
def competition():
    return load_competitions()[JIGSAW]


def _answers(mention=MENTION) -> pd.DataFrame:
    answers = pd.DataFrame({"id": IDS, "comment_text": [f"comment {i}" for i in range(6)], "toxicity": TOXICITY})
    for identity in IDENTITIES:
        answers[identity] = mention
    # an identity Kaggle did not score: only harmless mentions, so any AUC over it would be undefined
    answers["transgender"] = [1.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    answers["severe_toxicity"] = 0.0
    return answers


def _submission(prediction=PREDICTION, ids=IDS) -> pd.DataFrame:
    return pd.DataFrame({"id": ids, "prediction": prediction})


def _grade(competition, submission: pd.DataFrame, tmp_path: Path, answers: pd.DataFrame | None = None):
    private = tmp_path / "private"
    private.mkdir(exist_ok=True)
    (_answers() if answers is None else answers).to_csv(private / competition.grading.answers, index=False)
    path = tmp_path / "submission.csv"
    submission.to_csv(path, index=False)
    return grade_submission(competition, path, private)


def test_definition(competition):
    assert competition.grading.metric == "bias_auc_blend" and not competition.grading.lower_is_better
    assert competition.grading.answers == "test.csv"
    assert competition.data.raw_files == ("train.csv", "test_private_expanded.csv")  # our own preparation (issue 14)
    assert competition.code("grade") is not None and competition.code("prepare") is not None


def test_perfect_scores_one(competition, tmp_path):
    assert _grade(competition, _submission(TOXICITY), tmp_path).score == 1.0
    # MLE-bench also grades the answers file itself (its `toxicity` column stands in for `prediction`)
    assert _grade(competition, _answers(), tmp_path).score == 1.0


def test_hand_computed_through_score_submission(competition, tmp_path):
    _grade(competition, _submission(), tmp_path)  # writes both files
    assert score_submission(competition, tmp_path / "submission.csv", tmp_path / "private") == EXPECTED
    # rows in another order are matched by id; extra columns are ignored
    shuffled = _submission().iloc[[4, 1, 5, 0, 3, 2]].assign(note="x")
    assert _grade(competition, shuffled, tmp_path).score == EXPECTED


def test_only_the_side_of_one_half_counts(competition, tmp_path):
    # The same sides of 0.5 score the same: out-of-range values, exactly 0.5 and NaN (counted
    # as 0, since NaN >= 0.5 is false in MLE-bench's comparison) are all accepted.
    same_sides = [np.nan, 0.5, 0.99, 50.0, -3.0, 0.4999]
    grade = _grade(competition, _submission(same_sides), tmp_path)
    assert grade.valid and grade.score == EXPECTED
    # whereas ranking inside one side is lost: the raw scores would give an overall AUC of 7/9
    assert _grade(competition, _submission([0.1, 0.2, 0.3, 0.4, 0.05, 0.15]), tmp_path).score == 0.5


def test_identity_mention_starts_at_one_half(competition, tmp_path):
    # Row 2's rating 0.5 -> 0.49: the subgroup shrinks to rows 0 and 1.
    # subgroup 1 vs 0 -> 1; BPSN: negative 0 vs positives outside (1, 0) -> 1.5 / 2 = 3/4;
    # BNSP: positive 1 vs negatives outside (row 2: 1, row 4: 0) -> 1.5 / 2 = 3/4.
    # 0.25 * (2/3 + 1 + 3/4 + 3/4) = 0.791666...
    answers = _answers(mention=[0.6, 1.0, 0.49, 0.3, np.nan, 0.0])
    assert _grade(competition, _submission(), tmp_path, answers).score == 0.79167


def test_ids_are_compared_as_values(competition, tmp_path):
    # 7000000.0 equals 7000000, as in MLE-bench's comparison of the sorted id columns
    assert _grade(competition, _submission(ids=[float(i) for i in IDS]), tmp_path).score == EXPECTED


def _invalid_cases():
    good = _submission()
    yield "missing row", good.iloc[:5], "expected 6 rows"
    yield "extra row", pd.concat([good, _submission([0.3], [7000099])]), "expected 6 rows"
    yield "duplicate id", good.assign(id=IDS[:5] + [IDS[0]]), "not exactly those of test.csv"
    yield "unknown id", good.assign(id=IDS[:5] + [123]), "not exactly those of test.csv"
    yield "missing prediction", good[["id"]], "missing column 'prediction'"
    yield "missing id", good[["prediction"]], "missing column(s) ['id']"
    yield "both prediction and toxicity", good.assign(toxicity=0.5), "keep only 'prediction'"
    yield "text", good.assign(prediction=["0.1", "high", "0.7", "0.9", "0.2", "0.4"]), "'high'"


@pytest.mark.parametrize("case, submission, message", list(_invalid_cases()), ids=[c[0] for c in _invalid_cases()])
def test_invalid_submissions(competition, tmp_path, case, submission, message):
    grade = _grade(competition, submission, tmp_path)
    assert not grade.valid and grade.score is None
    assert grade.error.startswith("invalid submission:") and message in grade.error
