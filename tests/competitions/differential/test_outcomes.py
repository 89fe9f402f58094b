"""The comparison rule and the case generator, without MLE-bench: fast checks of the measuring tools."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from .cases import write_cases
from .outcomes import CRASH, ERROR, INVALID, NAN, RELAYED, SCORE, Outcome, agree
from .specs import SPECS


@pytest.mark.parametrize(("theirs", "ours", "expected"), [
    (Outcome(SCORE, 0.12345), Outcome(SCORE, 0.12345), True),
    (Outcome(SCORE, 0.12345), Outcome(SCORE, 0.12346), True),  # one unit of the 5th decimal: rounding noise
    (Outcome(SCORE, 0.12345), Outcome(SCORE, 0.12348), False),
    (Outcome(SCORE, math.nan), Outcome(NAN), True),  # valid, no score: both
    (Outcome(SCORE, -math.inf), Outcome(NAN), True),
    (Outcome(SCORE, -math.inf), Outcome(SCORE, -20.7), False),
    (Outcome(SCORE, math.nan), Outcome(INVALID, detail="blank"), False),
    (Outcome(SCORE, 0.5), Outcome(INVALID, detail="x"), False),
    (Outcome(INVALID, detail="x"), Outcome(INVALID, detail="y"), True),
    (Outcome(INVALID), Outcome(SCORE, 0.5), False),
    (Outcome(CRASH, detail="KeyError"), Outcome(INVALID, detail="invalid submission: 2 id(s) missing"), True),
    (Outcome(CRASH, detail="KeyError"), Outcome(INVALID, detail=f"invalid submission: {RELAYED} KeyError: 'a'"), False),
    (Outcome(CRASH), Outcome(SCORE, 1.0), False),
    (Outcome(SCORE, 1.0), Outcome(ERROR, detail="TypeError"), False),
])
def test_agreement_rule(theirs, ours, expected):
    assert agree(theirs, ours) is expected


def test_outcomes_survive_json():
    for outcome in (Outcome(SCORE, math.nan), Outcome(SCORE, -math.inf), Outcome(SCORE, 0.25), Outcome(INVALID, detail="d")):
        back = Outcome.from_json(outcome.to_json())
        assert back.kind == outcome.kind and back.detail == outcome.detail
        assert (back.score is None and outcome.score is None) or math.isclose(back.score, outcome.score) or (
            math.isnan(back.score) and math.isnan(outcome.score))


def test_the_generator_writes_the_same_bytes_every_time(tmp_path):
    spec = SPECS["jigsaw-toxic-comment-classification-challenge"]
    first = {c.kind: c.submission.read_bytes() for c in write_cases(spec, tmp_path / "a")}
    second = {c.kind: c.submission.read_bytes() for c in write_cases(spec, tmp_path / "b")}
    assert first == second and len(first) >= 40


def test_the_cases_break_what_they_say(tmp_path):
    cases = {c.kind: c for c in write_cases(SPECS["aerial-cactus-identification"], tmp_path)}
    answers = pd.read_csv(cases["perfect"].answers, dtype=str)
    perfect = pd.read_csv(cases["perfect"].submission, dtype=str)
    assert answers["id"].iloc[0].startswith("8e553")  # the hex id that starts like an overflowing number
    assert perfect.equals(answers[["id", "has_cactus"]])
    assert len(pd.read_csv(cases["missing_row"].submission)) == len(answers) - 1
    assert pd.read_csv(cases["blank_cell"].submission)["has_cactus"].isna().sum() == 1
    assert cases["empty_file"].submission.stat().st_size == 0
    assert cases["bom"].submission.read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in cases["crlf"].submission.read_bytes()
    assert "ids_as_decimals" not in cases and "id_case_changed" in cases  # text ids: changed case, not decimals
    int_ids = {c.kind for c in write_cases(SPECS["dogs-vs-cats-redux-kernels-edition"], tmp_path / "dogs")}
    assert {"ids_as_decimals", "id_zero_padded"} <= int_ids
    skipping = {c.kind for c in write_cases(SPECS["ventilator-pressure-prediction"], tmp_path / "vent")}
    assert {"nan_in_skipped_rows", "skipped_rows_left_out"} <= skipping
