"""Google QUEST: mean column-wise Spearman correlation over 30 targets, graded as MLE-bench grades it.

MLE-bench requires `qa_id`, the 30 target columns and no other column, and the
answers' row count. It sorts the submission and the answers by `qa_id` and
correlates row by row WITHOUT checking that the ids match: wrong ids are scored
in sorted order. A constant column, or a blank or NaN prediction, has no rank
correlation: MLE-bench gets NaN and counts the submission valid without a medal;
so do we (UndefinedScore). Infinity ranks above every number; a column pandas
reads as text (one cell 'abc') is ranked in text order, as MLE-bench does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from pytest_mlebench.errors import InvalidSubmission, UndefinedScore
from pytest_mlebench.metrics import mean_columnwise_spearman
from pytest_mlebench.grading.recipes import check_rows_and_columns, require_exact_columns

ID = "qa_id"
TARGETS = [
    "question_asker_intent_understanding",
    "question_body_critical",
    "question_conversational",
    "question_expect_short_answer",
    "question_fact_seeking",
    "question_has_commonly_accepted_answer",
    "question_interestingness_others",
    "question_interestingness_self",
    "question_multi_intent",
    "question_not_really_a_question",
    "question_opinion_seeking",
    "question_type_choice",
    "question_type_compare",
    "question_type_consequence",
    "question_type_definition",
    "question_type_entity",
    "question_type_instructions",
    "question_type_procedure",
    "question_type_reason_explanation",
    "question_type_spelling",
    "question_well_written",
    "answer_helpful",
    "answer_level_of_information",
    "answer_plausible",
    "answer_relevance",
    "answer_satisfaction",
    "answer_type_instructions",
    "answer_type_procedure",
    "answer_type_reason_explanation",
    "answer_well_written",
]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_exact_columns(submission, [ID] + TARGETS)
    check_rows_and_columns(submission, answers, [ID] + TARGETS, unit="test pair")
    submission, answers = submission.sort_values(ID), answers.sort_values(ID)
    predicted = np.column_stack([_rankable(submission[column]) for column in TARGETS])
    if any(np.isnan(column).any() for column in predicted.T):
        raise UndefinedScore("a blank or NaN prediction has no rank: its column's correlation is undefined")
    constant = [c for c, column in zip(TARGETS, predicted.T) if np.all(column == column[0])]
    if constant:
        raise UndefinedScore(f"column(s) {constant} hold one value on every row: their rank correlation is undefined")
    return mean_columnwise_spearman(answers[TARGETS].to_numpy(dtype=float), predicted)


def _rankable(column: pd.Series) -> np.ndarray:
    """A column as numbers to rank: numbers as they are (infinity ranks last); a column pandas read as
    text is ranked in text order, as MLE-bench's Spearman does; blanks among text cannot be ranked."""
    if pd.api.types.is_numeric_dtype(column):
        return column.to_numpy(dtype=float)
    cells = column.tolist()
    if not all(isinstance(cell, str) for cell in cells):
        raise InvalidSubmission(f"column {column.name!r} mixes text and blanks: text and blanks cannot be ranked together")
    return stats.rankdata(np.array(cells, dtype=str)).astype(float)
