"""Graders of the regression, correlation and geometry competitions, through the real grading path.

Each competition gets a tiny answers file written where its definition says, and
submissions written as CSV files: the answers themselves score the best value,
one submission scores a value worked out by hand (the arithmetic is in the
comments), and the submissions MLE-bench refuses are invalid with a clear reason.
Some tests pin MLE-bench quirks that a cleaner grader would not have (wrong ids
scored in sorted order, rows chosen by position); they are named for them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.grade import grade_submission, score_submission
from pytest_mlebench.metrics import METRICS
from tests.support.mlebench_support import write_case

COMPETITIONS = load_competitions()
ROOT2 = math.sqrt(2)
METRE_PER_DEGREE = 2 * math.pi * 6_371_000 / 360


def grade(competition_id: str, answers: pd.DataFrame, submission: pd.DataFrame, tmp_path) -> float:
    """Score `submission` against `answers` exactly as a run does (files on disk, the real reader)."""
    competition = COMPETITIONS[competition_id]
    return score_submission(competition, *write_case(competition, answers, submission, tmp_path))


def assert_invalid(competition_id, answers, submission, tmp_path, message):
    competition = COMPETITIONS[competition_id]
    with pytest.raises(InvalidSubmission, match=message):
        grade(competition_id, answers, submission, tmp_path)
    result = grade_submission(competition, tmp_path / "submission.csv", tmp_path / "private")
    assert not result.valid and result.error.startswith("invalid submission")


# ---- the answers of each competition (the columns of MLE-bench's private file) ------------------


def taxi_answers():
    return pd.DataFrame({
        "key": ["2015-01-01 10:00:00.1", "2011-05-02 08:30:00.2", "2013-07-03 23:10:00.3"],
        "fare_amount": [5.0, 10.0, 15.0],
        "pickup_datetime": ["2015-01-01 10:00:00 UTC"] * 3,
        "pickup_longitude": [-73.98] * 3, "pickup_latitude": [40.75] * 3,
        "dropoff_longitude": [-73.99] * 3, "dropoff_latitude": [40.76] * 3,
        "passenger_count": [1, 2, 1],
    })


def pet_answers():
    return pd.DataFrame({"Id": ["a1", "b2", "c3"], "Eyes": [1, 0, 1], "Pawpularity": [30, 50, 70]})


def volcano_answers():
    return pd.DataFrame({"segment_id": [11, 22, 33], "time_to_eruption": [100, 200, 300]})


def ventilator_answers():
    return pd.DataFrame({
        "id": [1, 2, 3, 4], "breath_id": [7, 7, 7, 7], "R": [20] * 4, "C": [50] * 4,
        "time_step": [0.0, 0.03, 0.06, 0.09], "u_in": [10.0, 20.0, 0.0, 0.0],
        "u_out": [0, 0, 1, 1], "pressure": [5.0, 6.0, 7.0, 8.0],
    })


def champs_answers():
    return pd.DataFrame({
        "id": [101, 102, 103], "molecule_name": ["dsgdb9nsd_000001"] * 3,
        "atom_index_0": [1, 2, 3], "atom_index_1": [0, 0, 0], "type": ["1JHC", "1JHC", "2JHH"],
        "scalar_coupling_constant": [1.0, 2.0, 3.0],
    })


COVID_TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]


def covid_answers():
    # positions 0 and 1 are scored (keep), position 2 is not
    return pd.DataFrame({
        "id_seqpos": ["id_x_0", "id_x_1", "id_x_2"],
        "reactivity": [1.0, 2.0, 0.0], "deg_Mg_pH10": [1.0, 1.0, 0.0], "deg_pH10": [0.5, 0.5, 0.0],
        "deg_Mg_50C": [0.0, 0.0, 0.0], "deg_50C": [0.3, 0.3, 0.0], "keep": [True, True, False],
    })


def osic_answers():
    # P1 measured in weeks 0, 1, 2, 4 (week 3 is a dummy row); P2 only in week 0.
    # Scored: each patient's last three measured weeks: P1_1, P1_2, P1_4 and P2_0.
    rows = []
    for patient, fvcs in (("P1", [3000, 2900, 2800, None, 2700]), ("P2", [2000, None, None, None, None])):
        for week, fvc in enumerate(fvcs):
            rows.append({"Patient": patient, "Weeks": week, "FVC": fvc, "Percent": 70.0 if fvc else None,
                         "Age": 60.0 if fvc else None, "Sex": "Male" if fvc else None,
                         "SmokingStatus": "Ex-smoker" if fvc else None,
                         "Patient_Week": f"{patient}_{week}", "Confidence": 100})
    return pd.DataFrame(rows)


QUEST_TARGETS = COMPETITIONS["google-quest-challenge"].grading.target_columns


def quest_answers():
    frame = pd.DataFrame({"qa_id": [5, 9, 12]})
    for target in QUEST_TARGETS:
        frame[target] = [0.2, 0.5, 0.9]
    return frame


def patent_answers():
    return pd.DataFrame({"id": ["p1", "p2", "p3"], "anchor": ["abc"] * 3, "target": ["x", "y", "z"],
                         "context": ["A47"] * 3, "score": [0.25, 0.5, 0.75]})


def icecube_answers():
    return pd.DataFrame({"event_id": [24, 57], "azimuth": [0.0, 0.0], "zenith": [0.0, math.pi / 2]})


def phone_answers():
    return pd.DataFrame({"tripId": ["2021-01-01-US-A-Pixel4", "2021-01-01-US-A-Pixel4", "2021-02-02-US-B-Mi8"],
                         "UnixTimeMillis": [1000, 2000, 3000],
                         "LatitudeDegrees": [0.0, 0.0, 0.0], "LongitudeDegrees": [0.0, 0.0, 0.0]})


def ai4code_answers():
    return pd.DataFrame({"id": ["nb1", "nb2"], "cell_order": ["a b c", "x y"]})


def submission_of(answers, columns):
    return answers[list(columns)].copy()


# ---- every competition: the answers score the best value ----------------------------------------

PERFECT = {
    "new-york-city-taxi-fare-prediction": (taxi_answers, ["key", "fare_amount"], 0.0),
    "petfinder-pawpularity-score": (pet_answers, ["Id", "Pawpularity"], 0.0),
    "predict-volcanic-eruptions-ingv-oe": (volcano_answers, ["segment_id", "time_to_eruption"], 0),
    "ventilator-pressure-prediction": (ventilator_answers, ["id", "pressure"], 0.0),
    "champs-scalar-coupling": (champs_answers, ["id", "scalar_coupling_constant"], round(math.log(1e-9), 5)),
    "stanford-covid-vaccine": (covid_answers, ["id_seqpos"] + COVID_TARGETS, 0.0),
    # exact FVC with Confidence 100 (the sample's): every scored row gives -ln(100 sqrt 2)
    "osic-pulmonary-fibrosis-progression": (osic_answers, ["Patient_Week", "FVC", "Confidence"], round(-math.log(100 * ROOT2), 5)),
    "google-quest-challenge": (quest_answers, ["qa_id", *QUEST_TARGETS], 1.0),
    "us-patent-phrase-to-phrase-matching": (patent_answers, ["id", "score"], 1.0),
    "icecube-neutrinos-in-deep-ice": (icecube_answers, ["event_id", "azimuth", "zenith"], 0.0),
    "smartphone-decimeter-2022": (phone_answers, ["tripId", "UnixTimeMillis", "LatitudeDegrees", "LongitudeDegrees"], 0.0),
    "AI4Code": (ai4code_answers, ["id", "cell_order"], 1.0),
}


def test_every_competition_of_this_family_is_covered():
    assert set(PERFECT) <= set(COMPETITIONS)
    for competition_id in PERFECT:
        competition = COMPETITIONS[competition_id]
        assert competition.code("grade") is not None
        assert competition.grading.metric in METRICS


@pytest.mark.parametrize("competition_id", PERFECT)
def test_the_answers_score_the_best_value(competition_id, tmp_path):
    make, columns, best = PERFECT[competition_id]
    answers = make()
    # shuffled rows must not matter where MLE-bench matches rows by id (not for the two that pair by position)
    submission = submission_of(answers, columns)
    if competition_id not in ("stanford-covid-vaccine", "smartphone-decimeter-2022"):
        submission = submission.iloc[::-1]
    assert grade(competition_id, answers, submission, tmp_path) == best


# ---- one hand-computed score per competition -----------------------------------------------------


def test_taxi_rmse(tmp_path):
    answers = taxi_answers()
    submission = submission_of(answers, ["key", "fare_amount"]).assign(fare_amount=[7.0, 12.0, 17.0])
    assert grade("new-york-city-taxi-fare-prediction", answers, submission, tmp_path) == 2.0  # every fare 2 off


def test_taxi_quirk_wrong_keys_are_scored_in_sorted_order(tmp_path):
    # MLE-bench never compares the keys: fares are paired after sorting each side by key.
    answers = taxi_answers()  # sorted by key: fares 10, 15, 5
    submission = pd.DataFrame({"key": ["z1", "z2", "z3"], "fare_amount": [10.0, 15.0, 5.0]})
    assert grade("new-york-city-taxi-fare-prediction", answers, submission, tmp_path) == 0.0


def test_pawpularity_rmse(tmp_path):
    answers = pet_answers()
    submission = pd.DataFrame({"Id": ["a1", "b2", "c3"], "Pawpularity": [33, 46, 70]})
    # errors 3, -4, 0 -> sqrt(25 / 3)
    assert grade("petfinder-pawpularity-score", answers, submission, tmp_path) == round(math.sqrt(25 / 3), 5)


def test_volcano_mae_is_rounded_half_to_even(tmp_path):
    answers = volcano_answers()
    submission = pd.DataFrame({"segment_id": [11, 22, 33], "time_to_eruption": [102, 203, 300]})
    # errors 2, 3, 0 -> 5/3 -> 2; errors 2, 3, 2.5 would be 2.5 -> 2 (Python's round, half to even)
    assert grade("predict-volcanic-eruptions-ingv-oe", answers, submission, tmp_path) == 2
    submission["time_to_eruption"] = [102, 203, 302.5]
    assert grade("predict-volcanic-eruptions-ingv-oe", answers, submission, tmp_path) == 2


def test_volcano_quirk_a_repeated_id_is_counted_twice(tmp_path):
    answers = volcano_answers()
    submission = pd.DataFrame({"segment_id": [11, 22, 33, 33], "time_to_eruption": [100, 200, 300, 308]})
    # joined rows: errors 0, 0, 0, 8 -> MAE 2
    assert grade("predict-volcanic-eruptions-ingv-oe", answers, submission, tmp_path) == 2


def test_ventilator_scores_only_inspiratory_rows(tmp_path):
    answers = ventilator_answers()
    submission = pd.DataFrame({"id": [4, 3, 2, 1], "pressure": [None, 100.0, 8.0, 6.0]})
    # scored rows 1 and 2 (u_out 0): errors 1 and 2 -> 1.5; rows 3 and 4 may hold anything, even a blank
    assert grade("ventilator-pressure-prediction", answers, submission, tmp_path) == 1.5


def test_champs_mean_log_mae_over_types(tmp_path):
    answers = champs_answers()
    submission = pd.DataFrame({"id": [101, 102, 103], "scalar_coupling_constant": [2.0, 5.0, 3.0 + math.e]})
    # 1JHC: errors 1, 3 -> MAE 2; 2JHH: error e -> MAE e; (ln 2 + ln e) / 2
    assert grade("champs-scalar-coupling", answers, submission, tmp_path) == round((math.log(2) + 1) / 2, 5)


def test_covid_mcrmse_of_three_scored_columns(tmp_path):
    answers = covid_answers()
    submission = submission_of(answers, ["id_seqpos"] + COVID_TARGETS)
    submission["reactivity"] = [2.0, 3.0, 999.0]  # scored errors 1, 1 -> RMSE 1 (row 3 is not scored)
    submission["deg_Mg_pH10"] = [4.0, 5.0, 0.0]  # errors 3, 4 -> sqrt(12.5)
    submission["deg_pH10"] = [None, None, None]  # never scored
    assert grade("stanford-covid-vaccine", answers, submission, tmp_path) == round((1 + math.sqrt(12.5) + 0) / 3, 5)


def test_covid_quirk_scored_rows_are_chosen_by_row_position(tmp_path):
    # The exact values in reverse order: file rows 1-2 (ids x_2 and x_1) are scored because the
    # answers' rows 1-2 are, then paired in id order with the true x_0 and x_1:
    # reactivity 2 vs 1 and 0 vs 2 -> sqrt(2.5); deg_Mg_pH10 1 vs 1 and 0 vs 1 -> sqrt(0.5); deg_Mg_50C 0.
    answers = covid_answers()
    submission = submission_of(answers, ["id_seqpos"] + COVID_TARGETS).iloc[::-1]
    expected = (math.sqrt(2.5) + math.sqrt(0.5) + 0) / 3
    assert grade("stanford-covid-vaccine", answers, submission, tmp_path) == round(expected, 5)


def test_osic_laplace_log_likelihood_on_the_last_three_visits(tmp_path):
    answers = osic_answers()
    submission = submission_of(answers, ["Patient_Week", "FVC", "Confidence"]).fillna({"FVC": 2500})
    submission.loc[submission.Patient_Week == "P1_4", "FVC"] = 2700 + 2500  # error 2500, capped at 1000
    submission.loc[submission.Patient_Week == "P1_0", "FVC"] = 0  # not among the last three: not scored
    exact, capped = -math.log(100 * ROOT2), -ROOT2 * 1000 / 100 - math.log(100 * ROOT2)
    assert grade("osic-pulmonary-fibrosis-progression", answers, submission, tmp_path) == round((3 * exact + capped) / 4, 5)


def test_osic_quirk_missing_rows_are_skipped_and_blank_confidence_is_70(tmp_path):
    answers = osic_answers()
    submission = pd.DataFrame({"Patient_Week": ["P2_0"], "FVC": [2000], "Confidence": [None]})
    assert grade("osic-pulmonary-fibrosis-progression", answers, submission, tmp_path) == round(-math.log(70 * ROOT2), 5)


def test_quest_mean_spearman(tmp_path):
    answers = quest_answers()
    submission = submission_of(answers, ["qa_id", *QUEST_TARGETS])
    submission[QUEST_TARGETS[0]] = [0.9, 0.5, 0.2]  # reversed order: rho -1; the other 29 columns: 1
    assert grade("google-quest-challenge", answers, submission, tmp_path) == round(28 / 30, 5)


def test_quest_quirk_ids_are_not_compared(tmp_path):
    answers = quest_answers()
    submission = submission_of(answers, ["qa_id", *QUEST_TARGETS]).assign(qa_id=[1, 2, 3])
    assert grade("google-quest-challenge", answers, submission, tmp_path) == 1.0


def test_patent_pearson(tmp_path):
    answers = patent_answers()
    submission = pd.DataFrame({"id": ["p3", "p1", "p2"], "score": [7, 2, 4]})
    # truth 0.25, 0.5, 0.75 is linear in (1, 2, 3); against (2, 4, 7): r = 5 / sqrt(2 * 114 / 9)
    assert grade("us-patent-phrase-to-phrase-matching", answers, submission, tmp_path) == round(5 / math.sqrt(2 * 114 / 9), 5)


def test_icecube_mean_angle(tmp_path):
    answers = icecube_answers()
    submission = pd.DataFrame({"event_id": [57, 24], "azimuth": [math.pi / 2, 0.0], "zenith": [math.pi / 2, math.pi / 2]})
    # pole vs equator: pi/2; (0, pi/2) vs (pi/2, pi/2), a quarter turn on the equator: pi/2
    assert grade("icecube-neutrinos-in-deep-ice", answers, submission, tmp_path) == round(math.pi / 2, 5)


def test_smartphone_mean_of_trip_p50_p95(tmp_path):
    answers = phone_answers()
    submission = answers.copy()
    submission["LatitudeDegrees"] = [0.0, 1.0, 1.0]  # trip A errors (0, d): (d/2 + 0.95 d) / 2; trip B: d
    d = METRE_PER_DEGREE
    assert grade("smartphone-decimeter-2022", answers, submission, tmp_path) == round((0.725 * d + d) / 2, 5)


def test_smartphone_quirk_rows_pair_by_position_within_a_trip(tmp_path):
    answers = phone_answers()
    answers["LatitudeDegrees"] = [0.0, 1.0, 0.0]
    swapped = answers.iloc[[1, 0, 2]]  # same rows, trip A's two epochs swapped: both now 1 degree off
    d = METRE_PER_DEGREE
    assert grade("smartphone-decimeter-2022", answers, swapped, tmp_path) == round((d + 0) / 2, 5)


def test_ai4code_pooled_kendall_tau(tmp_path):
    answers = ai4code_answers()
    submission = pd.DataFrame({"id": ["nb2", "nb1"], "cell_order": ["x y", "c b a"]})
    # nb1 reversed: 3 inversions; nb2 exact; 1 - 4 * 3 / (3*2 + 2*1) = -0.5
    assert grade("AI4Code", answers, submission, tmp_path) == -0.5


# ---- invalid submissions -------------------------------------------------------------------------


def _drop(frame, column):
    return frame.drop(columns=[column])


def _set(frame, column, row, value):
    frame = frame.copy()
    frame[column] = frame[column].astype(object)
    frame.iloc[row, frame.columns.get_loc(column)] = value
    return frame


INVALID = [
    # (competition, answers, make a bad submission from the perfect one, expected message)
    ("new-york-city-taxi-fare-prediction", taxi_answers, lambda s: _drop(s, "fare_amount"), "missing column"),
    ("new-york-city-taxi-fare-prediction", taxi_answers, lambda s: s.iloc[:2], "expected 3 rows"),
    ("new-york-city-taxi-fare-prediction", taxi_answers, lambda s: _set(s, "fare_amount", 1, None), "finite numbers"),
    ("petfinder-pawpularity-score", pet_answers, lambda s: _set(s, "Pawpularity", 0, 0.5), "between 1 and 100"),
    ("petfinder-pawpularity-score", pet_answers, lambda s: _set(s, "Pawpularity", 0, 100.5), "between 1 and 100"),
    ("petfinder-pawpularity-score", pet_answers, lambda s: _set(s, "Id", 0, "b2"), "each once"),
    ("petfinder-pawpularity-score", pet_answers, lambda s: s.iloc[:2], "expected 3 rows"),
    ("petfinder-pawpularity-score", pet_answers, lambda s: _set(s, "Pawpularity", 2, "high"), "finite numbers"),
    ("predict-volcanic-eruptions-ingv-oe", volcano_answers, lambda s: s.iloc[:2], "1 missing"),
    ("predict-volcanic-eruptions-ingv-oe", volcano_answers, lambda s: _set(s, "segment_id", 0, 99), "1 unknown"),
    ("predict-volcanic-eruptions-ingv-oe", volcano_answers, lambda s: _set(s, "time_to_eruption", 0, None), "finite numbers"),
    ("ventilator-pressure-prediction", ventilator_answers, lambda s: s.iloc[:3], "expected 4 rows"),
    ("ventilator-pressure-prediction", ventilator_answers, lambda s: _set(s, "id", 2, 1), "each once"),
    ("ventilator-pressure-prediction", ventilator_answers, lambda s: _set(s, "pressure", 0, None), "finite numbers"),
    ("ventilator-pressure-prediction", ventilator_answers, lambda s: _drop(s, "pressure"), "missing column"),
    ("champs-scalar-coupling", champs_answers, lambda s: s.iloc[:2], "1 missing"),
    ("champs-scalar-coupling", champs_answers, lambda s: _set(s, "scalar_coupling_constant", 1, "x"), "finite numbers"),
    ("stanford-covid-vaccine", covid_answers, lambda s: _drop(s, "deg_50C"), "missing column"),
    ("stanford-covid-vaccine", covid_answers, lambda s: s.iloc[:2], "expected 3 rows"),
    ("stanford-covid-vaccine", covid_answers, lambda s: _set(s, "id_seqpos", 0, "id_y_0"), "'id_x_0' was expected"),
    ("stanford-covid-vaccine", covid_answers, lambda s: _set(s, "reactivity", 1, None), "finite numbers"),
    ("osic-pulmonary-fibrosis-progression", osic_answers, lambda s: _set(s, "Patient_Week", 0, "P9_0"), "unknown Patient_Week"),
    ("osic-pulmonary-fibrosis-progression", osic_answers, lambda s: _set(s, "FVC", 0, "big"), "numbers only"),
    ("osic-pulmonary-fibrosis-progression", osic_answers, lambda s: pd.concat([s, s.iloc[[4]]]), "only once"),
    ("osic-pulmonary-fibrosis-progression", osic_answers, lambda s: s[s.Patient_Week == "P1_0"], "no scored row"),
    ("osic-pulmonary-fibrosis-progression", osic_answers, lambda s: _drop(s, "Confidence"), "missing column"),
    ("google-quest-challenge", quest_answers, lambda s: s.assign(extra=1), "remove \\['extra'\\]"),
    ("google-quest-challenge", quest_answers, lambda s: _drop(s, QUEST_TARGETS[3]), "missing column"),
    ("google-quest-challenge", quest_answers, lambda s: s.iloc[:2], "expected 3 rows"),
    ("us-patent-phrase-to-phrase-matching", patent_answers, lambda s: _set(s, "id", 0, "p2"), "each once"),
    ("us-patent-phrase-to-phrase-matching", patent_answers, lambda s: _set(s, "score", 0, "abc"), "finite numbers"),
    ("icecube-neutrinos-in-deep-ice", icecube_answers, lambda s: s.assign(extra=1), "exactly"),
    ("icecube-neutrinos-in-deep-ice", icecube_answers, lambda s: _set(s, "zenith", 0, None), "finite number"),
    ("icecube-neutrinos-in-deep-ice", icecube_answers, lambda s: _set(s, "event_id", 0, 57), "each once"),
    ("icecube-neutrinos-in-deep-ice", icecube_answers, lambda s: s.iloc[:1], "expected 2 rows"),
    ("smartphone-decimeter-2022", phone_answers, lambda s: _set(s, "tripId", 1, "2021-02-02-US-B-Mi8"), "wrong number of rows"),
    ("smartphone-decimeter-2022", phone_answers, lambda s: s.iloc[:2], "expected 3 rows"),
    ("smartphone-decimeter-2022", phone_answers, lambda s: _set(s, "LongitudeDegrees", 2, "abc"), "finite numbers"),
    ("smartphone-decimeter-2022", phone_answers, lambda s: _drop(s, "UnixTimeMillis"), "missing column"),
    ("AI4Code", ai4code_answers, lambda s: _set(s, "cell_order", 0, "a b"), "wrong number of cells"),
    ("AI4Code", ai4code_answers, lambda s: _set(s, "cell_order", 0, "a b b"), "repeats item 'b'"),
    ("AI4Code", ai4code_answers, lambda s: _set(s, "cell_order", 0, "a b z"), "item 'z'"),
    ("AI4Code", ai4code_answers, lambda s: _set(s, "id", 0, "nb3"), "each once"),
    ("AI4Code", ai4code_answers, lambda s: s.iloc[:1], "expected 2 rows"),
]


@pytest.mark.parametrize(
    "competition_id, make_answers, spoil, message", INVALID, ids=[f"{c}-{i}" for i, (c, *_) in enumerate(INVALID)]
)
def test_invalid_submissions_are_refused_with_a_reason(competition_id, make_answers, spoil, message, tmp_path):
    answers = make_answers()
    _, columns, _ = PERFECT[competition_id]
    assert_invalid(competition_id, answers, spoil(submission_of(answers, columns)), tmp_path, message)


def test_unscored_blank_values_are_accepted(tmp_path):
    # covid: the unscored row and the unscored columns may be blank; osic: so may unscored weeks' FVC
    answers = covid_answers()
    submission = submission_of(answers, ["id_seqpos"] + COVID_TARGETS)
    submission.loc[2, "reactivity"] = np.nan
    assert grade("stanford-covid-vaccine", answers, submission, tmp_path) == 0.0
    answers = osic_answers()
    submission = submission_of(answers, ["Patient_Week", "FVC", "Confidence"])  # dummy weeks have blank FVC
    assert submission.FVC.isna().any()
    assert grade("osic-pulmonary-fibrosis-progression", answers, submission, tmp_path) == round(-math.log(100 * ROOT2), 5)


@pytest.mark.parametrize("competition_id, make_answers, spoil, message", [
    ("google-quest-challenge", quest_answers, lambda s: s.assign(**{QUEST_TARGETS[5]: 0.5}), "one value on every row"),
    ("us-patent-phrase-to-phrase-matching", patent_answers, lambda s: s.assign(score=0), "constant has no correlation"),
    # A blank prediction: MLE-bench's Pearson correlation, or its distance, is NaN (was refused here before issue 13).
    ("us-patent-phrase-to-phrase-matching", patent_answers, lambda s: _set(s, "score", 0, None), "has no correlation"),
    ("smartphone-decimeter-2022", phone_answers, lambda s: _set(s, "LongitudeDegrees", 2, None), "has no distance"),
    ("google-quest-challenge", quest_answers, lambda s: _set(s, QUEST_TARGETS[0], 1, None), "has no rank"),
])
def test_undefined_correlation_is_valid_without_a_score(competition_id, make_answers, spoil, message, tmp_path):
    """MLE-bench gets NaN here and counts the run valid without a medal (valid_submission = score is not None)."""
    answers = make_answers()
    _, columns, _ = PERFECT[competition_id]
    competition = COMPETITIONS[competition_id]
    result = grade_submission(competition, *write_case(competition, answers, spoil(submission_of(answers, columns)), tmp_path))
    assert result.valid and result.score is None and message in result.error
