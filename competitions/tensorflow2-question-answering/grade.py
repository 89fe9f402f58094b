"""TensorFlow 2.0 Question Answering: MLE-bench's "micro F1" over long- and short-answer rows.

The answers are `test.jsonl` (one annotated example per line); they arrive as a
list of dicts or as the frame `pd.read_json(..., lines=True)` makes of them.
MLE-bench's rules: exactly two rows per example (`<example_id>_long` and
`<example_id>_short`), ids unique and exactly the expected ones, the columns
`example_id` and `PredictionString`. A prediction (blank cells are empty) is
`start:end` token indices, `YES`, `NO` or empty; anything else is invalid.
Each row gets y_pred = 1 if it predicts something, and y_true = 1 if the
prediction is one of the right answers, or if it is empty while a right answer
exists. MLE-bench then takes scikit-learn's micro-averaged F1 of these 0/1
labels, which for single-label rows equals accuracy: the share of rows that
are either a right answer or an empty prediction where none exists.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import require_columns
from pytest_mlebench.metrics import accuracy

ID, TARGET = "example_id", "PredictionString"


def grade(submission: pd.DataFrame, answers) -> float:
    examples = answers.to_dict("records") if isinstance(answers, pd.DataFrame) else list(answers)
    if len(submission) != 2 * len(examples):
        raise InvalidSubmission(
            f"expected {2 * len(examples):,} rows (a _long and a _short row per example), got {len(submission):,}"
        )
    submission = submission.fillna("").astype(object).map(str)
    require_columns(submission, [ID, TARGET])
    right = _right_answers(examples)
    ids = submission[ID]
    if set(ids) != set(right):
        unknown = sorted(set(ids) - set(right))[:3]
        missing = sorted(set(right) - set(ids))[:3]
        raise InvalidSubmission(f"the {ID} values must be <example_id>_long and _short of every example; "
                                f"unknown e.g. {unknown}, missing e.g. {missing}")
    if ids.duplicated().any():
        raise InvalidSubmission(f"duplicate {ID}(s), e.g. {ids[ids.duplicated()].iloc[0]!r}")

    y_true, y_pred = [], []
    for row_id, text in zip(ids, submission[TARGET]):
        prediction = _parse(text.strip())
        valid = right[row_id]
        y_pred.append(int(prediction != ""))
        y_true.append(int(prediction in valid) if prediction != "" else int(bool(valid)))
    return accuracy(y_true, y_pred)


def _right_answers(examples: list[dict]) -> dict[str, list]:
    """For each expected row id, the predictions that count as right: (start, end) spans, "YES" or "NO"."""
    right = {}
    for example in examples:
        annotation = example["annotations"][0]
        long_answer = annotation["long_answer"]
        example_id = str(example["example_id"])
        right[f"{example_id}_long"] = (
            [(int(long_answer["start_token"]), int(long_answer["end_token"]))] if long_answer["start_token"] != -1 else []
        )
        short = [(int(s["start_token"]), int(s["end_token"])) for s in annotation["short_answers"]]
        if annotation["yes_no_answer"] != "NONE":
            short.append(annotation["yes_no_answer"])
        right[f"{example_id}_short"] = short
    return right


def _parse(text: str):
    """`start:end` as a pair of ints; `YES`, `NO` and "" as they are; anything else is invalid."""
    if ":" in text and len(text.split(":")) == 2:
        start, end = text.split(":")
        try:
            return int(start), int(end)
        except ValueError:
            raise InvalidSubmission(f"{TARGET!r} {text!r}: start and end must be integer token indices") from None
    if text in ("YES", "NO", ""):
        return text
    raise InvalidSubmission(f"{TARGET!r} must be 'start:end', 'YES', 'NO' or empty, not {text!r}")
