"""Grading: check a submission, then score it against the private answers.

Every problem with a submission becomes `InvalidSubmission` with a reason a
person can act on; the run is then reported as invalid, never crashed.
A competition either uses the generic grader below (driven by the
`[grading]` table of its TOML) or brings `grade.py` with
`grade(submission, answers) -> float`, built from the same helpers.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench import metrics
from pytest_mlebench.competitions import Competition, GradingSpec
from pytest_mlebench.errors import InvalidSubmission, UndefinedScore
from pytest_mlebench.grading.checks import (
    _sample,
    align_by_id,
    as_numbers,
    check_probabilities,
    read_answers,
    read_submission,
    require_columns,
)
from pytest_mlebench.records import Grade

SCORE_DECIMALS = 5


def generic_grade(submission: pd.DataFrame, answers: pd.DataFrame, spec: GradingSpec) -> float:
    """Score a submission with the `[grading]` spec of a competition."""
    columns = list(spec.target_columns)
    require_columns(submission, columns)
    aligned = align_by_id(submission, answers, spec.id_column)
    metric = metrics.METRICS[spec.metric]
    if spec.kind == "label":
        predicted = aligned[columns[0]].astype(str).str.strip()
        if spec.labels:
            unknown = sorted(set(predicted) - set(spec.labels))
            if unknown:
                raise InvalidSubmission(f"unknown label(s) in {columns[0]!r}: {_sample(unknown)}; allowed: {list(spec.labels)}")
        return metric(answers[columns[0]].astype(str), predicted)
    if spec.kind == "text":
        return metric(answers[columns[0]].astype(str), aligned[columns[0]].astype(str))
    values = as_numbers(aligned, columns)
    if spec.kind in ("probability", "probabilities"):
        check_probabilities(values, columns, must_sum_to_one=spec.kind == "probabilities")
    if spec.kind == "probabilities":
        truth = answers[columns].to_numpy(dtype=float).argmax(axis=1)
        return metric(np.asarray(columns)[truth], values, labels=columns)
    if spec.metric == "rmse_log" and (values <= 0).any():
        raise InvalidSubmission(f"{columns[0]!r} must be positive: the metric takes logarithms")
    return metric(answers[columns[0]].to_numpy(dtype=float), values[:, 0])


def score_submission(competition: Competition, submission_path: Path, private_dir: Path) -> float:
    """Score or raise InvalidSubmission; answers problems are raised as they are (our bug, not the agent's)."""
    submission = read_submission(submission_path, read=competition.grading.read,
                                 allow_no_rows=competition.grading.accepts_no_rows)
    answers = read_answers(Path(private_dir) / competition.grading.answers, competition.grading.read)
    custom = competition.code("grade")
    if custom is not None:
        try:
            score = custom.grade(submission, answers)
        except (InvalidSubmission, UndefinedScore):
            raise
        except Exception as exc:  # MLE-bench counts any grader failure on a submission as invalid
            raise InvalidSubmission(f"the grader could not score it: {type(exc).__name__}: {exc}") from exc
    else:
        score = generic_grade(submission, answers, competition.grading)
    if score is None:
        raise InvalidSubmission("the grader gave no score for this submission")
    if not math.isfinite(float(score)):
        raise UndefinedScore(f"the metric is undefined ({float(score)}) for this submission")
    return round(float(score), SCORE_DECIMALS)


def grade_submission(competition: Competition, submission_path: Path, private_dir: Path) -> Grade:
    """Grade one file; an invalid submission is a result, not an exception."""
    exists = Path(submission_path).exists() or Path(submission_path).is_symlink()
    try:
        score = score_submission(competition, submission_path, private_dir)
    except InvalidSubmission as exc:
        return Grade(score=None, valid=False, submission_exists=exists, error=f"invalid submission: {exc}")
    except UndefinedScore as exc:
        return Grade(score=None, valid=True, submission_exists=exists,
                     error=f"{exc}: valid, but no score and no medal (as MLE-bench counts it)")
    return Grade(score=score, valid=True, submission_exists=exists)
