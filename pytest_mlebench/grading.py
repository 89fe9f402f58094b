"""Grading: check a submission, then score it against the private answers.

Every problem with a submission becomes `InvalidSubmission` with a reason a
person can act on; the run is then reported as invalid, never crashed.
A competition either uses the generic grader below (driven by the
`[grading]` table of its TOML) or brings `grade.py` with
`grade(submission, answers) -> float`, built from the same helpers.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import metrics
from .competitions import Competition, GradingSpec

MAX_SUBMISSION_BYTES = 1 << 30  # 1 GiB: larger files are refused, not read
SCORE_DECIMALS = 5


class InvalidSubmission(ValueError):
    """The submission cannot be scored; str() is the reason shown to the user."""


class UndefinedScore(ArithmeticError):
    """The metric gives NaN or infinity for a submission that passed every check.

    MLE-bench counts such a run as a valid submission without a medal (its
    `valid_submission` is `score is not None`); so do we, with no score."""


@dataclass(frozen=True)
class Grade:
    """What grading one submission gives."""

    score: float | None
    valid: bool
    submission_exists: bool
    error: str | None = None


def read_submission(path: Path, max_bytes: int = MAX_SUBMISSION_BYTES, read: str = "text") -> pd.DataFrame:
    """Read a submission CSV, refusing what is not a regular, readable, sane-sized CSV file."""
    path = Path(path)
    if path.is_symlink():
        raise InvalidSubmission(f"{path.name} is a symbolic link; write a regular file")
    if not path.exists():
        raise InvalidSubmission(f"no submission file at {path}")
    if not path.is_file():
        raise InvalidSubmission(f"{path.name} is not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise InvalidSubmission(f"{path.name} is empty")
    if size > max_bytes:
        raise InvalidSubmission(f"{path.name} is {size:,} bytes, over the {max_bytes:,}-byte limit")
    try:
        frame = _read_csv(path, read)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InvalidSubmission(f"{path.name} is not a readable CSV file: {str(exc).strip()}") from None
    if frame.empty:
        raise InvalidSubmission(f"{path.name} has a header but no rows")
    return frame


def _read_csv(path: Path, read: str) -> pd.DataFrame:
    if read == "inferred":
        return pd.read_csv(path, float_precision="round_trip")  # as MLE-bench reads them
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def read_answers(path: Path, read: str = "text"):
    """The private answers: a DataFrame, or for JSON-lines answers (MLE-bench's `load_answers`
    of a .jsonl file) a list of dicts, which only a competition's own grade.py takes."""
    if Path(path).suffix == ".jsonl":
        with open(path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    return _read_csv(Path(path), read)


def require_columns(frame: pd.DataFrame, columns) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InvalidSubmission(f"missing column(s) {missing}; the submission has {list(frame.columns)}")


def align_by_id(submission: pd.DataFrame, answers: pd.DataFrame, id_column: str) -> pd.DataFrame:
    """Rows of `submission` in the order of `answers`, after checking the ids match one to one.

    Ids are compared as text ("1.0" is not "1"). Both columns are hashed once
    (pandas Index lookups), so a million rows take a fraction of a second."""
    require_columns(submission, [id_column])
    ids, expected = _id_keys(submission[id_column], answers[id_column])
    if not ids.is_unique:
        raise InvalidSubmission(f"duplicate id(s) in {id_column!r}: {_sample(ids[ids.duplicated()].unique())}")
    positions = ids.get_indexer(expected)
    missing = positions < 0
    if missing.any():
        raise InvalidSubmission(f"{int(missing.sum())} id(s) missing from {id_column!r}, e.g. {_sample(expected[missing])}")
    if len(ids) > len(expected):
        unknown = ids[expected.get_indexer(ids) < 0]
        raise InvalidSubmission(f"{len(unknown)} unknown id(s) in {id_column!r}, e.g. {_sample(unknown)}")
    return submission.iloc[positions].reset_index(drop=True)


def _id_keys(ids: pd.Series, expected: pd.Series) -> tuple[pd.Index, pd.Index]:
    """Both id columns as hashable keys that compare as the ids' text would: whole numbers as
    they are when both columns hold them (their text is canonical), else Python strings."""
    if pd.api.types.is_integer_dtype(ids.dtype) and pd.api.types.is_integer_dtype(expected.dtype):
        return pd.Index(ids.to_numpy()), pd.Index(expected.to_numpy())
    as_text = [pd.Index(c.astype(str).to_numpy(dtype=object), dtype=object) for c in (ids, expected)]
    return as_text[0], as_text[1]


def as_numbers(frame: pd.DataFrame, columns) -> np.ndarray:
    """The columns as a float array, refusing text, blanks, NaN and infinity."""
    values = frame[list(columns)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        row, col = map(int, np.argwhere(bad)[0])
        raw = frame[list(columns)].iloc[row, col]
        raise InvalidSubmission(
            f"column {columns[col]!r} must hold finite numbers; row {row + 1} has {raw!r} "
            f"({int(bad.sum())} bad value(s) in all)"
        )
    return values


def check_probabilities(values: np.ndarray, columns, must_sum_to_one: bool) -> None:
    if ((values < 0) | (values > 1)).any():
        raise InvalidSubmission(f"probabilities in {list(columns)} must lie between 0 and 1")
    if must_sum_to_one:
        sums = values.sum(axis=1)
        off = np.flatnonzero(~np.isclose(sums, 1.0, atol=1e-3))
        if len(off):
            raise InvalidSubmission(
                f"each row's probabilities must sum to 1; {len(off)} row(s) do not (row {off[0] + 1} sums to {sums[off[0]]:.4g})"
            )


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
    submission = read_submission(submission_path, read=competition.grading.read)
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


def _sample(values, n: int = 3) -> str:
    values = [str(v) for v in list(values)[:n]]
    return ", ".join(repr(v) for v in values)
