"""Kuzushiji: F1 of predicted character centres that fall strictly inside a true box of the same character.

MLE-bench's rules: columns `image_id` and `labels` are required; one row per
test page (same ids, any order); an empty cell predicts nothing; otherwise
"unicode X Y" repeated, separated by single spaces, X and Y numbers (a token
count that is not a multiple of 3, or X/Y that do not parse, is invalid).
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import centre_point_f1
from pytest_mlebench.grading.recipes import labelled_groups, rows_by_id

ID, LABELS = "image_id", "labels"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [LABELS], unit="test page")
    gt_page, gt_label, gt_boxes = labelled_groups(answers[LABELS], 5, LABELS, item="character box",
                                                  example="U+3042 10 20 30 40", separator=" ", blank_is_empty=True)
    pred_page, pred_label, pred_points = labelled_groups(aligned[LABELS], 3, LABELS, item="character",
                                                         example="U+3042 15 35", separator=" ", blank_is_empty=True)
    return centre_point_f1(gt_page, gt_label, gt_boxes, pred_page, pred_label, pred_points)
