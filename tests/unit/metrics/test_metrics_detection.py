"""Detection metrics on hand-worked cases: box IoU, COCO mAP (with pycocotools' id-0 quirk), VOC mAP,
Lyft 3D mAP and the Kuzushiji centre-point F1."""

import numpy as np
import pytest
from sklearn.metrics import average_precision_score

from pytest_mlebench.metrics import centre_point_f1, coco_map, mean_ap_3d, voc_map
from pytest_mlebench.metrics.detection import box_iou, box_iou_3d, coco_box_iou, footprint_overlap


def test_box_iou_of_corner_boxes():
    # [0,0,2,2] and [1,1,3,3] share a 1x1 square: 1 / (4 + 4 - 1).
    assert box_iou([[0, 0, 2, 2]], [[1, 1, 3, 3], [5, 5, 6, 6]]) == pytest.approx(np.array([[1 / 7, 0.0]]))
    assert box_iou([[0, 0, 0, 0]], [[0, 0, 0, 0]])[0, 0] == 0.0  # no union: 0, as MLE-bench


def test_coco_box_iou_reads_x_y_width_height():
    assert coco_box_iou([[0, 0, 2, 2]], [[1, 1, 2, 2]])[0, 0] == pytest.approx(1 / 7)


# One image, one class, true boxes g1 [0,0,10,10] and g2 [20,20,10,10] (x, y, w, h); detections:
# d1 = g1 (score .9), d2 far away (.8), d3 = g2 (.7).
GT = dict(gt_image=[0, 0], gt_class=[1, 1], gt_boxes=[[0, 0, 10, 10], [20, 20, 10, 10]])
DT = dict(dt_image=[0, 0, 0], dt_class=[1, 1, 1], dt_scores=[0.9, 0.8, 0.7],
          dt_boxes=[[0, 0, 10, 10], [50, 50, 5, 5], [20, 20, 10, 10]])


def test_coco_map_by_hand():
    # TP, FP, TP: recall .5 .5 1, precision 1 .5 .667 -> monotone 1 .667 .667. Read at 101 recall points:
    # 0.00-0.50 (51 points) give 1, 0.51-1.00 (50 points) give 2/3: AP = (51 + 50 * 2/3) / 101.
    assert coco_map(**GT, **DT, iou_threshold=0.4) == pytest.approx((51 + 50 * 2 / 3) / 101)


def test_coco_map_keeps_pycocotools_id_zero_quirk():
    # Ids from 0: d1 matches g1 whose id is 0, which COCOeval reads as "unmatched": d1 is a false positive.
    # FP, FP, TP: recall 0 0 .5, precision 0 0 1/3 -> monotone 1/3 everywhere up to recall .5, then nothing:
    # 51 points of 1/3 out of 101.
    score = coco_map(**GT, **DT, iou_threshold=0.4, gt_ids=[0, 1], dt_ids=[0, 1, 2])
    assert score == pytest.approx(51 / 3 / 101)


def test_coco_map_ignores_classes_without_truth_and_caps_detections():
    extra = dict(dt_image=[0, 0, 0, 0], dt_class=[1, 1, 1, 7], dt_scores=[0.9, 0.8, 0.7, 0.99],
                 dt_boxes=DT["dt_boxes"] + [[0, 0, 10, 10]])
    assert coco_map(**GT, **extra, iou_threshold=0.4) == pytest.approx((51 + 50 * 2 / 3) / 101)
    # With one detection per image only d1 counts: recall .5 at precision 1 -> 51 / 101.
    assert coco_map(**GT, **DT, iou_threshold=0.4, max_dets=1) == pytest.approx(51 / 101)
    assert coco_map([], [], np.zeros((0, 4)), [], [], [], np.zeros((0, 4))) == -1.0


def test_coco_map_ties_go_to_the_later_true_box_and_a_truth_is_matched_once():
    # Two identical true boxes, two identical detections: both detections are TPs (one per truth).
    gt = dict(gt_image=[0, 0], gt_class=[3, 3], gt_boxes=[[0, 0, 4, 4], [0, 0, 4, 4]])
    dt = dict(dt_image=[0, 0], dt_class=[3, 3], dt_scores=[0.5, 0.5], dt_boxes=[[0, 0, 4, 4], [0, 0, 4, 4]])
    assert coco_map(**gt, **dt) == pytest.approx(1.0)


# siim: class "opacity" only. Image 0: a true box found (conf .9); image 1: no truth, a false detection (.8);
# image 2: a true box missed. Pairs (1,.9) (0,.8) (1,0).
VOC_GT = dict(gt_image=[0, 2], gt_label=["opacity", "opacity"], gt_boxes=[[0, 0, 10, 10], [5, 5, 15, 15]])
VOC_PRED = dict(pred_image=[0, 1], pred_label=["opacity", "opacity"], pred_scores=[0.9, 0.8],
                pred_boxes=[[0, 0, 10, 10], [0, 0, 10, 10]])


def test_voc_map_by_hand():
    # Precision/recall at .9: 1/.5; at .8: .5/.5; at 0: 2/3 / 1 -> AP = .5 * 1 + .5 * 2/3 = 5/6.
    assert voc_map(**VOC_GT, **VOC_PRED, n_images=3) == pytest.approx(5 / 6)
    assert voc_map(**VOC_GT, **VOC_PRED, n_images=3) == pytest.approx(average_precision_score([1, 0, 1], [0.9, 0.8, 0]))


def test_voc_map_adds_a_true_negative_for_empty_images_and_needs_iou_above_half():
    # A fourth image with nothing adds (0, 0): pairs (1,.9) (0,.8) (1,0) (0,0).
    four = voc_map(**VOC_GT, **VOC_PRED, n_images=4)
    assert four == pytest.approx(average_precision_score([1, 0, 1, 0], [0.9, 0.8, 0, 0]))
    # IoU exactly 0.5 ([0,0,10,10] vs [0,0,10,5]) is not enough: the detection is a false positive.
    half = dict(VOC_PRED, pred_boxes=[[0, 0, 10, 5], [0, 0, 10, 10]])
    assert voc_map(**VOC_GT, **half, n_images=3) == pytest.approx(average_precision_score([0, 0, 1, 1], [0.9, 0.8, 0, 0]))


def test_voc_map_refuses_an_all_positive_class():
    with pytest.raises(ValueError, match="undefined"):
        voc_map(gt_image=[0], gt_label=["a"], gt_boxes=[[0, 0, 1, 1]], pred_image=[0], pred_label=["a"],
                pred_scores=[1.0], pred_boxes=[[0, 0, 1, 1]], n_images=1)


def test_box_iou_3d_by_hand():
    # 2x2x2 cubes shifted by 1 along x: overlap 1 x 2 x 2 = 4, union 8 + 8 - 4 = 12.
    a = np.array([[0, 0, 0, 2, 2, 2, 0.0]])
    b = np.array([[1, 0, 0, 2, 2, 2, 0.0]])
    assert box_iou_3d(a, b)[0] == pytest.approx(1 / 3)
    # A 2x4 box turned by 90 degrees over the same centre: footprints overlap in a 2x2 square.
    c = np.array([[0, 0, 0, 2, 4, 1, 0.0]])
    d = np.array([[0, 0, 0, 2, 4, 1, np.pi / 2]])
    assert footprint_overlap(c, d)[0] == pytest.approx(4.0)
    assert box_iou_3d(c, d)[0] == pytest.approx(4 / 12)
    assert box_iou_3d(a, np.array([[9, 9, 0, 2, 2, 2, 0.3]]))[0] == 0.0


def lyft(gt, pred, n_samples=1):
    """gt/pred rows: (sample, name, x, y, z, w, l, h, yaw[, score])."""
    gt, pred = list(gt), list(pred)
    return mean_ap_3d(
        [g[0] for g in gt], [g[1] for g in gt], [g[2:5] for g in gt], [g[5:8] for g in gt], [g[8] for g in gt],
        [p[0] for p in pred], [p[1] for p in pred], [p[9] for p in pred], np.array([p[2:5] for p in pred]).reshape(-1, 3),
        np.array([p[5:8] for p in pred]).reshape(-1, 3), [p[8] for p in pred], n_samples=n_samples)


CAR = (0, "car", 10.0, 10.0, 0.0, 2.0, 4.0, 1.5, 0.3)


def test_mean_ap_3d_by_hand():
    assert lyft([CAR], [CAR + (0.9,)]) == pytest.approx(1.0)
    # A false car ranked first: TP at rank 2, precision 1/2 at recall 1 -> AP 0.5 at every threshold.
    fake = (0, "car", 50.0, 50.0, 0.0, 2.0, 4.0, 1.5, 0.0, 0.95)
    assert lyft([CAR], [fake, CAR + (0.9,)]) == pytest.approx(0.5)
    # A bus in the truth with no prediction adds a class with AP 0: (0.5 + 0) / 2.
    bus = (0, "bus", 30.0, 30.0, 0.0, 3.0, 10.0, 3.0, 0.0)
    assert lyft([CAR, bus], [fake, CAR + (0.9,)]) == pytest.approx(0.25)


def test_mean_ap_3d_counts_thresholds_and_one_match_per_true_box():
    # Shifted by 1 m along the 4 m length: IoU 3/5 = 0.6 beats 0.5 and 0.55 only -> 2 of 10 thresholds.
    shifted = (0, "car", 10.0 + np.cos(0.3), 10.0 + np.sin(0.3), 0.0, 2.0, 4.0, 1.5, 0.3, 0.9)
    assert lyft([CAR], [shifted]) == pytest.approx(0.2)
    # Two perfect copies of one car: the second is a false positive: AP 1 (recall 1 at rank 1).
    assert lyft([CAR], [CAR + (0.9,), CAR + (0.8,)]) == pytest.approx(1.0)


def test_mean_ap_3d_checks_only_scored_boxes_and_needs_truth_in_every_sample():
    bad_truck = (0, "truck", 0.0, 0.0, 0.0, -1.0, 1.0, 1.0, 0.0, 0.5)
    assert lyft([CAR], [CAR + (0.9,), bad_truck]) == pytest.approx(1.0)  # trucks are not scored here
    with pytest.raises(ValueError, match="positive sizes"):
        lyft([CAR], [(0, "car", 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.5)])
    assert np.isnan(lyft([CAR], [], n_samples=2))  # sample 1 has no true box: MLE-bench's NaN


def test_centre_point_f1_by_hand():
    # Page 0: two "A" boxes at x 0-10 and 20-30 (y 0-10). Predictions: A(5,5) hits the first box, A(5,6) is
    # left over (the first box is taken), B(25,5) has the wrong label, A(0,5) sits on the border (not inside).
    # TP 1, FP 3, FN 1: precision 1/4, recall 1/2, F1 = 2 * (1/8) / (3/4) = 1/3.
    gt = dict(gt_page=[0, 0], gt_label=["A", "A"], gt_boxes=[[0, 0, 10, 10], [20, 0, 10, 10]])
    pred = dict(pred_page=[0, 0, 0, 0], pred_label=["A", "A", "B", "A"], pred_points=[[5, 5], [5, 6], [25, 5], [0, 5]])
    assert centre_point_f1(**gt, **pred) == pytest.approx(1 / 3)
    assert centre_point_f1(**gt, pred_page=[0, 0], pred_label=["A", "A"], pred_points=[[5, 5], [25, 5]]) == 1.0
    assert centre_point_f1(**gt, pred_page=[], pred_label=[], pred_points=np.zeros((0, 2))) == 0.0
