"""VinBigData chest X-rays: COCO mAP at IoU 0.4, as pycocotools computes it for MLE-bench's grader.

MLE-bench's rules: columns `image_id` and `PredictionString` are required;
the set of image ids must be the answers' (rows are not counted: a repeated
image adds its boxes); each PredictionString is "class score x_min y_min
x_max y_max" repeated, numbers separated by single spaces (anything else,
or an empty cell, is invalid); the class is truncated to an integer.

Two quirks of MLE-bench's grader change scores and are kept: boxes reach
pycocotools as [x_min, y_min, x_max, y_max] where it expects [x, y, width,
height] (so IoU is computed on the boxes [x_min, x_max + x_min] x
[y_min, y_max + y_min]), and annotations are numbered from 0, which
pycocotools reads as "no match" (see `coco_map`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import require_columns
from pytest_mlebench.metrics import coco_map

ID, PREDICTIONS = "image_id", "PredictionString"
BOX = ["x_min", "y_min", "x_max", "y_max"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [PREDICTIONS, ID])
    if set(submission[ID]) != set(answers[ID]):
        raise InvalidSubmission("the image ids must be exactly those of the test images (each at least once)")
    images = pd.Index(answers[ID].unique())  # pycocotools image numbers: order of first appearance
    gt_image = images.get_indexer(answers[ID])
    gt_order = np.argsort(gt_image, kind="stable")  # annotations numbered image by image
    gt_ids = np.empty(len(answers), dtype=np.int64)
    gt_ids[gt_order] = np.arange(len(answers))
    gt_boxes = answers[BOX].to_numpy(dtype=float)

    rows = [_parse(text) for text in submission[PREDICTIONS]]
    counts = [len(r) for r in rows]
    values = np.concatenate(rows) if rows else np.zeros((0, 6))
    dt_image = np.repeat(images.get_indexer(submission[ID]), counts)
    try:
        dt_class = np.array([int(value) for value in values[:, 0]], dtype=np.int64)
    except (ValueError, OverflowError):
        raise InvalidSubmission("every class in PredictionString must be a finite number") from None
    return coco_map(
        gt_image, answers["class_id"].to_numpy(), gt_boxes, dt_image, dt_class, values[:, 1], values[:, 2:],
        iou_threshold=0.4,
        gt_area=(gt_boxes[:, 2] - gt_boxes[:, 0]) * (gt_boxes[:, 3] - gt_boxes[:, 1]),
        dt_area=(values[:, 4] - values[:, 2]) * (values[:, 5] - values[:, 3]),
        gt_ids=gt_ids, dt_ids=np.arange(len(values)),
    )


def _parse(text) -> np.ndarray:
    """One row of (class, score, x_min, y_min, x_max, y_max) per box."""
    if not isinstance(text, str):
        raise InvalidSubmission(f"{PREDICTIONS} must be text like '14 1 0 0 1 1', got {text!r}")
    try:
        numbers = np.array([float(token) for token in text.split(" ")])
    except ValueError:
        raise InvalidSubmission(f"{PREDICTIONS} must be numbers separated by single spaces: {text[:60]!r}") from None
    if len(numbers) % 6:
        raise InvalidSubmission(f"{PREDICTIONS} needs 6 numbers per box (class score x_min y_min x_max y_max): {text[:60]!r}")
    return numbers.reshape(-1, 6)
