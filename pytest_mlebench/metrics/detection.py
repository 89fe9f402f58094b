"""Detection metrics: box IoU, COCO mAP, VOC mAP, 3D mAP over IoU thresholds, centre-point F1.

Each follows the program MLE-bench grades with, including its quirks, so
that scores match: pycocotools' COCOeval (vinbigdata), MLE-bench's own VOC
mAP (siim-covid19), Lyft's 3D mAP script (3d-object-detection) and the
Kuzushiji F1 script. Inputs are flat arrays, one entry per box, with an
integer image (or sample, page) index saying which image a box belongs to.
The matching of predictions to true boxes is greedy and sequential by
nature; it runs per image and class on small arrays, everything else is
vectorised.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score

__all__ = ["coco_map", "voc_map", "mean_ap_3d", "centre_point_f1"]

COCO_RECALL_POINTS = np.linspace(0.0, 1.0, 101)
COCO_AREA_RANGE = (0.0, 1e10)  # pycocotools' "all" area range
LYFT_IOU_THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def box_iou(boxes_a, boxes_b) -> np.ndarray:
    """IoU of every box of `boxes_a` with every box of `boxes_b`, boxes as [x_min, y_min, x_max, y_max].

    A pair whose union is not positive has IoU 0 (as in MLE-bench's siim grader).
    """
    a = np.asarray(boxes_a, dtype=float).reshape(-1, 4)[:, None, :]
    b = np.asarray(boxes_b, dtype=float).reshape(-1, 4)[None, :, :]
    width = np.maximum(0.0, np.minimum(a[..., 2], b[..., 2]) - np.maximum(a[..., 0], b[..., 0]))
    height = np.maximum(0.0, np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 1], b[..., 1]))
    inter = width * height
    union = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1]) + (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1]) - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, inter / np.where(union > 0, union, 1.0), 0.0)


def coco_box_iou(dt_boxes, gt_boxes) -> np.ndarray:
    """pycocotools' IoU of [x, y, width, height] boxes: (detections, truths); no overlap -> 0."""
    d = np.asarray(dt_boxes, dtype=float).reshape(-1, 4)[:, None, :]
    g = np.asarray(gt_boxes, dtype=float).reshape(-1, 4)[None, :, :]
    w = np.minimum(d[..., 0] + d[..., 2], g[..., 0] + g[..., 2]) - np.maximum(d[..., 0], g[..., 0])
    h = np.minimum(d[..., 1] + d[..., 3], g[..., 1] + g[..., 3]) - np.maximum(d[..., 1], g[..., 1])
    inter = np.where((w > 0) & (h > 0), w * h, 0.0)
    union = d[..., 2] * d[..., 3] + g[..., 2] * g[..., 3] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(inter > 0, inter / union, 0.0)


def coco_map(gt_image, gt_class, gt_boxes, dt_image, dt_class, dt_scores, dt_boxes,
             iou_threshold: float = 0.5, gt_area=None, dt_area=None, gt_ids=None, dt_ids=None,
             max_dets: int = 100) -> float:
    """COCO average precision at one IoU threshold, all areas, 100 detections per image (`stats[0]`).

    The computation of pycocotools' COCOeval (evaluate, accumulate, summarize)
    for boxes [x, y, width, height]: per class, detections ranked by score
    (ties keep their order) are matched greedily to the unmatched true box of
    highest IoU (>= threshold; ties go to the later box); precision is made
    monotone and read at 101 recall points; the mean over classes that have
    true boxes. Only classes of the true boxes count. Boxes whose area lies
    outside [0, 1e10] are ignored (unmatched detections) or excluded (truths).

    `gt_ids` / `dt_ids` are the annotation ids (default 1, 2, ...). COCOeval
    treats id 0 as "no match": a detection matched to the true box with id 0
    counts as a false positive, and a true box matched by the detection with
    id 0 stays free for the next detection. Graders that number from 0, as
    MLE-bench's vinbigdata grader does, must pass those ids to score the same.
    Returns -1 when no class has a true box (pycocotools' value).
    """
    gt_image, gt_class = np.asarray(gt_image), np.asarray(gt_class)
    dt_image, dt_class = np.asarray(dt_image), np.asarray(dt_class)
    dt_scores = np.asarray(dt_scores, dtype=float)
    gt_boxes = np.asarray(gt_boxes, dtype=float).reshape(-1, 4)
    dt_boxes = np.asarray(dt_boxes, dtype=float).reshape(-1, 4)
    if not (len(gt_boxes) == len(gt_image) == len(gt_class)) or not (
            len(dt_boxes) == len(dt_image) == len(dt_class) == len(dt_scores)):
        raise ValueError("one image, class and box (4 numbers) are needed per true box and per detection")
    gt_area = gt_boxes[:, 2] * gt_boxes[:, 3] if gt_area is None else np.asarray(gt_area, dtype=float)
    dt_area = dt_boxes[:, 2] * dt_boxes[:, 3] if dt_area is None else np.asarray(dt_area, dtype=float)
    gt_ids = np.arange(1, len(gt_image) + 1) if gt_ids is None else np.asarray(gt_ids)
    dt_ids = np.arange(1, len(dt_image) + 1) if dt_ids is None else np.asarray(dt_ids)
    gt_ignored = (gt_area < COCO_AREA_RANGE[0]) | (gt_area > COCO_AREA_RANGE[1])
    dt_outside = (dt_area < COCO_AREA_RANGE[0]) | (dt_area > COCO_AREA_RANGE[1])
    threshold = min(iou_threshold, 1 - 1e-10)

    # Detections best score first (ties in their order), grouped by (class, image); truths by the same key.
    order = np.argsort(-dt_scores, kind="stable")
    gt_groups = pd.DataFrame({"c": gt_class, "i": gt_image}).groupby(["c", "i"], sort=False).indices
    dt_groups = pd.DataFrame({"c": dt_class[order], "i": dt_image[order]}).groupby(["c", "i"], sort=False).indices
    images_of = {}
    for c, i in list(gt_groups) + [key for key in dt_groups if key[0] in set(gt_class)]:
        images_of.setdefault(c, set()).add(i)

    precisions = []
    for cls in sorted(set(gt_class)):
        scores, matched, ignored, n_true = [], [], [], 0
        for image in sorted(images_of[cls]):
            g = gt_groups.get((cls, image), np.zeros(0, dtype=int))
            g = g[np.argsort(gt_ignored[g], kind="stable")]  # ignored truths last
            d = order[dt_groups.get((cls, image), np.zeros(0, dtype=int))][:max_dets]
            match_id, match_ignored = _coco_match(
                coco_box_iou(dt_boxes[d], gt_boxes[g]), gt_ignored[g], gt_ids[g], dt_ids[d], threshold)
            scores.append(dt_scores[d])
            matched.append(match_id != 0)
            ignored.append(match_ignored | ((match_id == 0) & dt_outside[d]))
            n_true += int((~gt_ignored[g]).sum())
        if n_true == 0:
            continue  # pycocotools leaves such a class out (precision -1)
        rank = np.argsort(-np.concatenate(scores), kind="stable")
        matched, ignored = np.concatenate(matched)[rank], np.concatenate(ignored)[rank]
        tp = np.cumsum(matched & ~ignored).astype(float)
        fp = np.cumsum(~matched & ~ignored).astype(float)
        recall = tp / n_true
        precision = tp / (fp + tp + np.spacing(1))
        precision = np.maximum.accumulate(precision[::-1])[::-1]  # best precision at this recall or beyond
        at = np.searchsorted(recall, COCO_RECALL_POINTS, side="left")
        reached = at < len(precision)
        sampled = np.zeros(len(COCO_RECALL_POINTS))
        sampled[reached] = precision[at[reached]]
        precisions.append(sampled)
    return float(np.mean(precisions)) if precisions else -1.0


def _coco_match(iou, gt_ignored, gt_ids, dt_ids, threshold):
    """COCOeval.evaluateImg's greedy matching for one image and class (detections best first).

    Returns, per detection, the id of the matched truth (0 if none) and
    whether that truth is an ignored one.
    """
    match_id = np.zeros(len(dt_ids), dtype=np.int64)
    match_ignored = np.zeros(len(dt_ids), dtype=bool)
    taken_by = np.zeros(len(gt_ids), dtype=np.int64)  # id of the detection holding each truth, 0 = free
    for d in range(len(dt_ids)):
        free = (taken_by <= 0) & (iou[d] >= threshold)
        for pool in (free & ~gt_ignored, free & gt_ignored):  # regular truths first, ignored ones after
            if pool.any():
                best = np.flatnonzero(pool & (iou[d] == iou[d][pool].max()))[-1]  # ties: the later truth
                match_id[d], match_ignored[d] = gt_ids[best], gt_ignored[best]
                taken_by[best] = dt_ids[d]
                break
    return match_id, match_ignored


def voc_map(gt_image, gt_label, gt_boxes, pred_image, pred_label, pred_scores, pred_boxes,
            n_images: int, iou_threshold: float = 0.5) -> float:
    """MLE-bench's siim-covid19 mAP: per class of the true boxes, scikit-learn's average precision, averaged.

    Per image, predictions of the class in falling confidence (ties keep their
    order) each take the unmatched true box of highest IoU above the
    threshold (ties: the first box) and score (1, confidence); unmatched
    predictions score (0, confidence), unmatched true boxes (1, 0), and an
    image with neither adds one (0, 0). Boxes are [x_min, y_min, x_max, y_max].
    Raises ValueError when a class's pairs are all positives (MLE-bench's assertion).
    """
    gt = pd.DataFrame({"image": np.asarray(gt_image), "label": np.asarray(gt_label)})
    pred = pd.DataFrame({"image": np.asarray(pred_image), "label": np.asarray(pred_label),
                         "score": np.asarray(pred_scores, dtype=float)})
    gt_boxes = np.asarray(gt_boxes, dtype=float).reshape(-1, 4)
    pred_boxes = np.asarray(pred_boxes, dtype=float).reshape(-1, 4)
    pred = pred.iloc[np.argsort(-pred["score"].to_numpy(), kind="stable")]
    gt_groups = dict(list(gt.groupby(["label", "image"], sort=False)))
    pred_groups = dict(list(pred.groupby(["label", "image"], sort=False)))

    average_precisions = []
    for label in sorted(set(gt["label"])):
        y_true, y_score = [], []
        for image in range(n_images):
            g = gt_groups.get((label, image), gt.iloc[:0])
            p = pred_groups.get((label, image), pred.iloc[:0])
            iou = box_iou(pred_boxes[p.index], gt_boxes[g.index])
            taken = np.zeros(len(g), dtype=bool)
            for row, confidence in enumerate(p["score"].to_numpy()):
                candidates = np.where(taken | (iou[row] <= iou_threshold), -np.inf, iou[row])
                hit = len(g) > 0 and np.isfinite(candidates.max())
                if hit:
                    taken[int(np.argmax(candidates))] = True  # argmax: the first of equal IoUs
                y_true.append(int(hit))
                y_score.append(confidence)
            y_true += [1] * int((~taken).sum())
            y_score += [0.0] * int((~taken).sum())
            if len(g) == 0 and len(p) == 0:
                y_true.append(0)
                y_score.append(0.0)
        if all(y == 1 for y in y_true):
            raise ValueError(f"class {label!r}: every pair is a positive, average precision is undefined")
        average_precisions.append(average_precision_score(y_true, y_score))
    return float(np.mean(average_precisions)) if average_precisions else 0.0


def mean_ap_3d(gt_sample, gt_name, gt_centre, gt_size, gt_yaw,
               pred_sample, pred_name, pred_score, pred_centre, pred_size, pred_yaw,
               n_samples: int, iou_thresholds=LYFT_IOU_THRESHOLDS) -> float:
    """Lyft 3D detection: mean over samples and IoU thresholds of the sample's mAP over its true classes.

    Lyft's script, sample by sample: boxes are upright (centre x, y, z; size
    width, length, height; yaw about z), IoU is the volume of the footprint
    overlap times the height overlap over the union. Per class present in
    the sample's truth, predictions by falling score (ties keep their order)
    each look at their single best true box: a true positive when the IoU
    beats the threshold and no earlier prediction took that box, else a
    false positive (it never falls back to the second best). AP is the area
    under the monotone precision-recall curve; a class with no prediction
    scores 0; a sample's mAP averages its true classes only. Predictions of
    other classes are ignored, and only scored predictions must be valid
    boxes (finite numbers, positive sizes): ValueError otherwise.
    """
    gt = _boxes_3d(gt_sample, gt_name, np.ones(len(np.asarray(gt_sample))), gt_centre, gt_size, gt_yaw)
    pred = _boxes_3d(pred_sample, pred_name, pred_score, pred_centre, pred_size, pred_yaw)
    classes = gt[["sample", "name"]].drop_duplicates()
    pred = pred.merge(classes, on=["sample", "name"], how="inner", sort=False)
    for frame, who in ((gt, "true"), (pred, "predicted")):
        numbers = frame[["x", "y", "z", "w", "l", "h", "yaw", "score"]].to_numpy()
        if not np.isfinite(numbers).all() or (frame[["w", "l", "h"]].to_numpy() <= 0).any():
            raise ValueError(f"{who} boxes need finite numbers and positive sizes")
    # Rank predictions within (sample, class) by falling score, ties in their original order.
    pred = pred.iloc[np.lexsort((-pred["score"].to_numpy(), pred["name"].to_numpy(), pred["sample"].to_numpy()))]
    pred = pred.reset_index(drop=True)
    best_iou, best_gt = _best_true_box(pred, gt)

    thresholds = np.asarray(iou_thresholds, dtype=float)
    group = pred.groupby(["sample", "name"], sort=False).ngroup().to_numpy()
    n_true = gt.groupby(["sample", "name"]).size()
    n_true_of_pred = n_true.reindex(pd.MultiIndex.from_frame(pred[["sample", "name"]])).to_numpy()
    ap = np.zeros((len(classes), len(thresholds)))
    class_rows = pd.MultiIndex.from_frame(classes).get_indexer(
        pd.MultiIndex.from_frame(pred[["sample", "name"]].drop_duplicates()))
    for t, threshold in enumerate(thresholds):
        eligible = np.flatnonzero(best_iou > threshold)
        # The first eligible prediction aiming at a true box takes it; later ones are false positives.
        first = ~pd.Series(best_gt[eligible]).duplicated().to_numpy()
        tp = np.zeros(len(pred))
        tp[eligible[first]] = 1.0
        frame = pd.DataFrame({"group": group, "tp": tp, "fp": 1.0 - tp})
        cum = frame.groupby("group")[["tp", "fp"]].cumsum()
        recall = cum["tp"].to_numpy() / n_true_of_pred
        precision = cum["tp"].to_numpy() / np.maximum(cum["tp"].to_numpy() + cum["fp"].to_numpy(), np.finfo(float).eps)
        # Precision envelope: the best precision at this rank or any later one of the same group.
        envelope = pd.Series(precision[::-1]).groupby(group[::-1]).cummax().to_numpy()[::-1]
        step = recall - (cum["tp"].to_numpy() - 1) / n_true_of_pred  # recall gained at a true positive
        area = np.bincount(group, weights=np.where(tp > 0, step * envelope, 0.0), minlength=group.max() + 1 if len(group) else 0)
        ap[class_rows, t] = area
    sample_of_class = classes["sample"].to_numpy()
    per_sample = pd.DataFrame(ap).groupby(sample_of_class).mean()  # mAP of each sample at each threshold
    if len(per_sample) < n_samples:
        return float("nan")  # a sample without true boxes: Lyft's mean over no class (MLE-bench: NaN)
    return float(per_sample.to_numpy().mean())


def _boxes_3d(sample, name, score, centre, size, yaw) -> pd.DataFrame:
    centre = np.asarray(centre, dtype=float).reshape(-1, 3)
    size = np.asarray(size, dtype=float).reshape(-1, 3)
    return pd.DataFrame({
        "sample": np.asarray(sample), "name": np.asarray(name), "score": np.asarray(score, dtype=float),
        "x": centre[:, 0], "y": centre[:, 1], "z": centre[:, 2],
        "w": size[:, 0], "l": size[:, 1], "h": size[:, 2], "yaw": np.asarray(yaw, dtype=float),
    })


def _best_true_box(pred: pd.DataFrame, gt: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """For each prediction, the highest 3D IoU with a true box of its sample and class, and that box (first of ties)."""
    columns = ["x", "y", "z", "w", "l", "h", "yaw"]
    p_all, g_all = pred[columns].to_numpy(), gt[columns].to_numpy()
    p_keys = pd.DataFrame({"sample": pred["sample"], "name": pred["name"], "pred": np.arange(len(pred))})
    g_keys = pd.DataFrame({"sample": gt["sample"].to_numpy(), "name": gt["name"].to_numpy(), "gt": np.arange(len(gt))})
    best_iou = np.full(len(pred), -np.inf)
    best_gt = np.full(len(pred), -1)
    # Pairs are built a slice of samples at a time, about a million pairs per slice.
    per_sample = (p_keys.groupby(["sample", "name"]).size() * g_keys.groupby(["sample", "name"]).size()).groupby(level=0).sum()
    slices = np.cumsum(per_sample.to_numpy()) // 1_000_000
    for part in np.unique(slices):
        samples = per_sample.index[slices == part]
        pairs = p_keys[p_keys["sample"].isin(samples)].merge(
            g_keys[g_keys["sample"].isin(samples)], on=["sample", "name"], sort=False)
        i, j = pairs["pred"].to_numpy(), pairs["gt"].to_numpy()
        if not len(i):
            continue
        iou = box_iou_3d(p_all[i], g_all[j])
        first = np.lexsort((j, -iou, i))  # per prediction: highest IoU, then the earliest true box
        first = first[np.r_[True, i[first][1:] != i[first][:-1]]]
        best_iou[i[first]], best_gt[i[first]] = iou[first], j[first]
    return best_iou, best_gt


def box_iou_3d(boxes_a, boxes_b) -> np.ndarray:
    """IoU of upright 3D boxes, pair by pair (rows: x, y, z, width, length, height, yaw), clipped to [0, 1]."""
    a, b = np.asarray(boxes_a, dtype=float), np.asarray(boxes_b, dtype=float)
    height = np.minimum(a[:, 2] + a[:, 5] / 2, b[:, 2] + b[:, 5] / 2) - np.maximum(a[:, 2] - a[:, 5] / 2, b[:, 2] - b[:, 5] / 2)
    height = np.maximum(height, 0.0)
    # Only pairs whose bounding circles meet and whose heights overlap need the polygon work.
    reach = (np.hypot(a[:, 3], a[:, 4]) + np.hypot(b[:, 3], b[:, 4])) / 2
    close = np.flatnonzero((np.hypot(a[:, 0] - b[:, 0], a[:, 1] - b[:, 1]) < reach) & (height > 0))
    inter = np.zeros(len(a))
    inter[close] = footprint_overlap(a[close], b[close]) * height[close]
    union = a[:, 3] * a[:, 4] * a[:, 5] + b[:, 3] * b[:, 4] * b[:, 5] - inter
    return np.clip(inter / union, 0, 1)


def footprint_overlap(boxes_a, boxes_b) -> np.ndarray:
    """Area shared by the ground rectangles of box pairs (rows: x, y, z, width, length, height, yaw).

    The overlap of two convex polygons is the convex polygon spanned by the
    corners of each inside the other and the crossings of their edges: those
    points, ordered by angle around their centre, give the area by the
    shoelace formula. Vectorised over pairs.
    """
    boxes_a, boxes_b = np.asarray(boxes_a, dtype=float), np.asarray(boxes_b, dtype=float)
    origin = boxes_a[:, None, :2]  # work around a's centre: small coordinates keep the shoelace exact
    a, b = _corners(boxes_a) - origin, _corners(boxes_b) - origin  # (pairs, 4, 2)
    crossings, crossing_ok = _edge_crossings(a, b)
    pts = np.concatenate([a, b, crossings], axis=1)
    valid = [_inside(a, b), _inside(b, a), crossing_ok]
    ok = np.concatenate(valid, axis=1)
    n_ok = ok.sum(axis=1)
    centre = (pts * ok[..., None]).sum(axis=1) / np.maximum(n_ok, 1)[:, None]
    angle = np.where(ok, np.arctan2(pts[..., 1] - centre[:, None, 1], pts[..., 0] - centre[:, None, 0]), np.inf)
    order = np.argsort(angle, axis=1)
    pts = np.take_along_axis(pts, order[..., None], axis=1)
    ok = np.take_along_axis(ok, order, axis=1)
    # Unused slots repeat the first point: they add nothing to the shoelace sum.
    pts = np.where(ok[..., None], pts, pts[:, :1, :])
    following = np.roll(pts, -1, axis=1)
    twice_area = (pts[..., 0] * following[..., 1] - following[..., 0] * pts[..., 1]).sum(axis=1)
    return np.where(n_ok >= 3, np.abs(twice_area) / 2, 0.0)


def _corners(boxes) -> np.ndarray:
    """The four ground corners of each box, in order around it (as Lyft's Box3D places them)."""
    boxes = np.asarray(boxes, dtype=float)
    x, y, width, length, yaw = boxes[:, 0], boxes[:, 1], boxes[:, 3], boxes[:, 4], boxes[:, 6]
    cos, sin = np.cos(yaw), np.sin(yaw)
    along = np.stack([length / 2 * cos, length / 2 * sin], axis=1)
    across = np.stack([width / 2 * sin, -width / 2 * cos], axis=1)
    centre = np.stack([x, y], axis=1)
    return np.stack([centre + along + across, centre + along - across,
                     centre - along - across, centre - along + across], axis=1)


def _inside(points, polygon) -> np.ndarray:
    """Which of `points` (pairs, k, 2) lie in the convex `polygon` (pairs, 4, 2), boundary included."""
    start = polygon
    edge = np.roll(polygon, -1, axis=1) - polygon
    rel = points[:, :, None, :] - start[:, None, :, :]
    cross = edge[:, None, :, 0] * rel[..., 1] - edge[:, None, :, 1] * rel[..., 0]  # (pairs, k, 4)
    scale = np.abs(edge).max(axis=(1, 2))[:, None, None] ** 2 + 1.0
    tol = 1e-9 * scale
    return (cross >= -tol).all(axis=2) | (cross <= tol).all(axis=2)


def _edge_crossings(a, b) -> tuple[np.ndarray, np.ndarray]:
    """Where each edge of `a` crosses each edge of `b`: points (pairs, 16, 2) and which exist."""
    p, r = a[:, :, None, :], (np.roll(a, -1, axis=1) - a)[:, :, None, :]
    q, s = b[:, None, :, :], (np.roll(b, -1, axis=1) - b)[:, None, :, :]
    denom = r[..., 0] * s[..., 1] - r[..., 1] * s[..., 0]
    qp = q - p
    with np.errstate(invalid="ignore", divide="ignore"):
        t = (qp[..., 0] * s[..., 1] - qp[..., 1] * s[..., 0]) / denom
        u = (qp[..., 0] * r[..., 1] - qp[..., 1] * r[..., 0]) / denom
    ok = (denom != 0) & (t >= 0) & (t <= 1) & (u >= 0) & (u <= 1)
    points = p + np.where(ok, t, 0.0)[..., None] * r
    return points.reshape(len(a), 16, 2), ok.reshape(len(a), 16)


def centre_point_f1(gt_page, gt_label, gt_boxes, pred_page, pred_label, pred_points) -> float:
    """Kuzushiji: F1 of predicted character centres; a hit lies strictly inside a true box with the same label.

    True boxes are [x, y, width, height]. Each true box, in order, takes the
    first still unused prediction of its page that hits it; the counts of
    hits (TP), unused predictions (FP) and missed boxes (FN) over all pages
    give F1 (0 when there are no hits).
    """
    gt_boxes = np.asarray(gt_boxes, dtype=float).reshape(-1, 4)
    pred_points = np.asarray(pred_points, dtype=float).reshape(-1, 2)
    gt = pd.DataFrame({"page": np.asarray(gt_page), "label": np.asarray(gt_label)})
    pred = pd.DataFrame({"page": np.asarray(pred_page), "label": np.asarray(pred_label)})
    pred_groups = pred.groupby(["page", "label"], sort=False).indices
    tp = 0
    for key, rows in gt.groupby(["page", "label"], sort=False).indices.items():
        candidates = pred_groups.get(key)
        if candidates is None:
            continue
        box = gt_boxes[rows]
        x, y = pred_points[candidates, 0], pred_points[candidates, 1]
        hits = ((box[:, None, 0] < x) & (box[:, None, 0] + box[:, None, 2] > x)
                & (box[:, None, 1] < y) & (box[:, None, 1] + box[:, None, 3] > y))
        unused = np.ones(len(candidates), dtype=bool)
        for row in range(len(rows)):
            available = hits[row] & unused
            if available.any():
                unused[np.argmax(available)] = False
                tp += 1
    fp, fn = len(pred) - tp, len(gt) - tp
    if tp == 0:
        return 0.0
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall)
