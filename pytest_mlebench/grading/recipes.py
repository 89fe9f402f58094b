"""MLE-bench's recurring grading recipes, written once for the competitions' grade.py files.

MLE-bench's graders repeat a few checks with small variations: the columns
present, one row per answer row, rows matched by sorting both tables on the id
column or by looking ids up, labels handed to scikit-learn as pandas read them.
Each recipe is named here, so a grade.py only says which columns it grades,
which metric it calls and what its competition does differently. Every problem
raises `InvalidSubmission` with a reason the agent can act on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import (
    align_by_id,
    as_numbers,
    check_probabilities,
    require_columns,
)
from pytest_mlebench.metrics._common import split_rows


def check_rows_and_columns(submission: pd.DataFrame, answers: pd.DataFrame, columns: Sequence[str],
                           *, unit: str = "test row") -> None:
    """The columns present (others are ignored) and as many rows as the answers, one per `unit`."""
    require_columns(submission, columns)
    if len(submission) != len(answers):
        raise InvalidSubmission(f"the submission has {len(submission)} rows; expected {len(answers)} rows, one per {unit}")


def sorted_by_id(submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, columns: Sequence[str],
                 *, unit: str = "test row", ids_from: str = "sample_submission.csv") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables sorted on `id_column`, row k of one matching row k of the other (MLE-bench's commonest matching).

    Checked first: the id column and `columns` present, as many rows as the
    answers, and the sorted ids equal one for one, so each test id is there as
    often as in the answers (once where ids are unique). `ids_from` names the
    file whose ids the agent must use. The returned frames have a fresh index.
    """
    check_rows_and_columns(submission, answers, [id_column, *columns], unit=unit)
    submission = submission.iloc[sort_order(submission[id_column])]
    answers = answers.iloc[sort_order(answers[id_column])]
    if submission[id_column].tolist() != answers[id_column].tolist():
        each = "each once" if answers[id_column].is_unique else "each as often as there"
        raise InvalidSubmission(f"the {id_column} values are not exactly those of {ids_from} ({each})")
    return submission.reset_index(drop=True), answers.reset_index(drop=True)


def sort_order(column: pd.Series) -> np.ndarray:
    """The row positions of `column.sort_values()` (pandas' default quicksort, MLE-bench's call).

    Unique text ids sort into one order whatever the algorithm, and numpy sorts them as
    fixed-width text in C several times faster than an object array, which compares Python
    strings pair by pair (a million ids: seconds). Anything else (repeated ids, whose order
    among equals is the algorithm's; numbers; NaN; a NUL, which fixed-width text drops) takes
    pandas' own sort.
    """
    values = column.to_numpy(dtype=object)
    if len(values) > 1 and pd.api.types.infer_dtype(values, skipna=False) == "string" \
            and "\x00" not in "".join(values) and column.is_unique:
        return values.astype(str).argsort(kind="stable")
    return column.reset_index(drop=True).sort_values().index.to_numpy()


def whole_numbers(column: pd.Series) -> list[int]:
    """Every cell through Python's `int()`, as MLE-bench's macro-F1 graders do: 7.9 becomes 7;
    a blank, NaN or text raises (ValueError, TypeError or OverflowError)."""
    return [int(value) for value in column]


def score_labels(metric: Callable, truth: pd.Series, predicted: pd.Series, expected: str,
                 *, convert: Callable = pd.Series.to_numpy) -> float:
    """`metric(convert(truth), convert(predicted))`, the labels kept as pandas read them.

    By default both columns go to the metric as numpy arrays, as MLE-bench hands
    them to scikit-learn: 4 and 4.0 are the same class, while a fraction among
    classes or a blank makes scikit-learn raise (text among numbers is the
    metric's call: `label_accuracy` counts it wrong, as scikit-learn 1.5 does,
    except between two classes). MLE-bench counts a raise as invalid; so do we,
    saying what the column must hold (`expected`, e.g. "a whole-number class (0 to 4)").
    """
    try:
        return metric(convert(truth), convert(predicted))
    except (ValueError, TypeError, OverflowError) as exc:
        raise InvalidSubmission(f"{predicted.name!r} must hold {expected}: {exc}") from None


def label_grader(metric: Callable, id_column: str, target: str, *, unit: str, expected: str,
                 ids_from: str = "sample_submission.csv", convert: Callable = pd.Series.to_numpy) -> Callable:
    """`grade(submission, answers)` for MLE-bench's plainest recipe: `sorted_by_id`, then
    `score_labels` on the one target column. The arguments are those of the two functions."""

    def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
        submission, answers = sorted_by_id(submission, answers, id_column, [target], unit=unit, ids_from=ids_from)
        return score_labels(metric, answers[target], submission[target], expected, convert=convert)

    return grade


def numbers_by_id(submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, columns: Sequence[str],
                  *, unit: str = "test row", probabilities: bool = False) -> np.ndarray:
    """The `columns` as a float array, rows in the answers' order (MLE-bench's other matching: by id lookup).

    Checked: the columns present, one row per answer row, the ids those of the
    answers one to one, every value a finite number, and with `probabilities`
    every value in [0, 1] (rows need not sum to 1).
    """
    values = as_numbers(rows_by_id(submission, answers, id_column, columns, unit=unit), list(columns))
    if probabilities:
        check_probabilities(values, columns, must_sum_to_one=False)
    return values


# ---------------------------------------------------------------- text, set and detection graders
# These graders hand cells to string code (split, lower, edit distance), so what pandas read
# decides what MLE-bench's code saw; each recipe says how its kind of cell is taken.


def rows_by_id(submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, columns: Sequence[str],
               *, unit: str = "test row") -> pd.DataFrame:
    """The submission's rows in the answers' order, after `check_rows_and_columns` and ids matched one to one.

    MLE-bench sorts both tables on the id and requires equal ids; for unique ids
    that accepts exactly the submissions `align_by_id` accepts, whose error names
    the missing, unknown or duplicated id.
    """
    check_rows_and_columns(submission, answers, [id_column, *columns], unit=unit)
    return align_by_id(submission, answers, id_column)


def require_exact_columns(frame: pd.DataFrame, columns: Sequence[str]) -> None:
    """`columns` present and no other, for MLE-bench's graders that compare the column sets."""
    require_columns(frame, columns)
    extra = [c for c in frame.columns if c not in columns]
    if extra:
        raise InvalidSubmission(f"the submission must have exactly the columns of the sample submission; remove {extra}")


def as_text(column: pd.Series) -> list[str]:
    """Cells as Python strings the way pandas 2's `astype(str)` (MLE-bench's call) makes them:
    a missing cell becomes "nan", a number read as a float its repr ("100.0")."""
    return column.astype(object).map(str).tolist()


def space_separated(column: pd.Series) -> list[list[str]]:
    """MLE-bench's `astype(str).str.split(" ")` of ranked guesses: a missing cell is the one guess
    "nan", and a run of spaces gives empty guesses (which match nothing)."""
    return split_rows(as_text(column), " ")


def text_cells(frame: pd.DataFrame, column: str, id_column: str, *, blank: str | None = "", hint: str = "") -> list[str]:
    """The cells of `column` as Python strings, refusing any that pandas did not read as text.

    MLE-bench's string code fails on a number (a column of bare numbers is read as
    numbers), so such a submission is invalid. A blank cell becomes `blank`; with
    `blank=None` it is refused too (it reads as missing, not as text). `hint` tells
    the agent how to avoid the problem.
    """
    cells = frame[column].astype(object)
    cells = (cells if blank is None else cells.fillna(blank)).tolist()
    not_text = [row for row, value in enumerate(cells) if not isinstance(value, str)]
    if not_text:
        row = not_text[0]
        raise InvalidSubmission(
            f"every {column!r} must be text; {len(not_text)} of {len(cells)} are not, "
            f"e.g. {id_column} {frame[id_column].tolist()[row]!r} has {cells[row]!r}" + (f" ({hint})" if hint else "")
        )
    return cells


def word_lists(frame: pd.DataFrame, column: str, id_column: str, *, hint: str = "") -> list[list[str]]:
    """Each cell of `column` split on whitespace, a blank cell an empty list (MLE-bench's label sets)."""
    return [cell.split() for cell in text_cells(frame, column, id_column, hint=hint)]


def labelled_groups(texts: pd.Series, width: int, column: str, *, item: str, example: str,
                    separator: str | None = None, blank_is_empty: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cells like "label n1 ... n(width-1)" repeated: one detected `item` per group of `width` tokens.

    Tokens are split on `separator` (None: any whitespace). A cell that is not
    text is refused unless `blank_is_empty` (then a blank cell holds nothing); so
    is a token count that is not a multiple of `width` or a number that does not
    parse. Returns, per item, its row number, its label and its width - 1 numbers.
    """
    rows, labels, numbers = [], [], []
    for row, text in enumerate(texts):
        if blank_is_empty and isinstance(text, float) and np.isnan(text):
            continue
        if not isinstance(text, str):
            raise InvalidSubmission(f"row {row + 1}: {column} must be text like {example!r}, got {text!r}")
        tokens = text.split(separator)
        if len(tokens) % width:
            raise InvalidSubmission(
                f"row {row + 1}: {column} needs {width} tokens per {item}, like {example!r}; got {len(tokens)}: {text[:60]!r}"
            )
        try:
            numbers += [float(token) for i, token in enumerate(tokens) if i % width]
        except ValueError:
            raise InvalidSubmission(
                f"row {row + 1}: every token after a label in {column} must be a number, as in {example!r}; "
                f"could not read the numbers of {text[:60]!r}"
            ) from None
        rows += [row] * (len(tokens) // width)
        labels += tokens[0::width]
    return np.array(rows, dtype=np.int64), np.array(labels, dtype=object), np.array(numbers, dtype=float).reshape(-1, width - 1)


def numbers_joined_on_ids(submission: pd.DataFrame, answers: pd.DataFrame, id_column: str, target: str,
                          *, ids_from: str, keep: Sequence[str] = ()) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """True and predicted `target` values of each answer row joined with the submission's row(s) of its id.

    MLE-bench's other id matching: the set of ids must equal the answers' (those of
    `ids_from`), then a merge joins every copy of a repeated id, so a repeat is
    counted, not refused. Predictions must be finite numbers. Returns (truth,
    predictions, the joined rows with the answers' `keep` columns).
    """
    require_columns(submission, [id_column, target])
    missing = set(answers[id_column]) - set(submission[id_column])
    unknown = set(submission[id_column]) - set(answers[id_column])
    if missing or unknown:
        raise InvalidSubmission(
            f"the {id_column} values must be exactly those of {ids_from}: {len(missing)} missing "
            f"(e.g. {sorted(missing, key=str)[:3]}), {len(unknown)} unknown (e.g. {sorted(unknown, key=str)[:3]})"
        )
    joined = answers[[id_column, *keep, target]].merge(submission[[id_column, target]], on=id_column, suffixes=("_true", "_pred"))
    predicted = as_numbers(joined, [f"{target}_pred"])[:, 0]
    return joined[f"{target}_true"].to_numpy(dtype=float), predicted, joined
