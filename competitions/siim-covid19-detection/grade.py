"""SIIM COVID-19: MLE-bench's VOC-style mAP (IoU > 0.5) over the six labels, study and image rows together.

MLE-bench's rules: columns `id` and `PredictionString` are required; one row
per study and per image of the test set (same ids, any order); each
PredictionString is "label confidence x_min y_min x_max y_max" repeated
(whitespace-separated; an empty cell, a count that is not a multiple of 6,
or a non-number is invalid). Study rows carry a class label with the dummy
box "0 0 1 1"; image rows carry "opacity" boxes or "none 1 0 0 1 1".
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.metrics import voc_map
from pytest_mlebench.grading.recipes import labelled_groups, rows_by_id

ID, PREDICTIONS = "id", "PredictionString"
BOX = "label confidence x_min y_min x_max y_max"


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    aligned = rows_by_id(submission, answers, ID, [PREDICTIONS], unit="test study and image")
    gt_image, gt_label, gt_values = labelled_groups(answers[PREDICTIONS], 6, PREDICTIONS, item="box", example=BOX)
    pred_image, pred_label, pred_values = labelled_groups(aligned[PREDICTIONS], 6, PREDICTIONS, item="box",
                                                          example="none 1 0 0 1 1")
    return voc_map(gt_image, gt_label, gt_values[:, 1:], pred_image, pred_label, pred_values[:, 0],
                   pred_values[:, 1:], n_images=len(answers))
