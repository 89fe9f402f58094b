"""Google QUEST: mean column-wise Spearman correlation over 30 targets, graded as MLE-bench grades it.

MLE-bench requires `qa_id`, the 30 target columns and no other column, and the
answers' row count. It sorts the submission and the answers by `qa_id` and
correlates row by row WITHOUT checking that the ids match: wrong ids are scored
in sorted order. A constant column has no rank correlation: MLE-bench gets NaN
and counts the submission valid without a medal; so do we (UndefinedScore).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import UndefinedScore
from pytest_mlebench.grading.checks import as_numbers
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
    predicted = as_numbers(submission, TARGETS)
    constant = [c for c, column in zip(TARGETS, predicted.T) if np.all(column == column[0])]
    if constant:
        raise UndefinedScore(f"column(s) {constant} hold one value on every row: their rank correlation is undefined")
    return mean_columnwise_spearman(answers[TARGETS].to_numpy(dtype=float), predicted)
