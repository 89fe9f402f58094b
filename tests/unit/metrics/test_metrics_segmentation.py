"""Segmentation metrics: RLE decoding, Dice, TGS IoU precision, pixel F-beta, 3D Hausdorff, on hand-worked cases."""

import numpy as np
import pytest
from scipy.spatial.distance import directed_hausdorff
from sklearn.metrics import fbeta_score

from pytest_mlebench.metrics import dice_global, dice_hausdorff, mean_dice, mean_iou_precision, pixel_fbeta
from pytest_mlebench.metrics.segmentation import hausdorff_3d, mask_counts, rle_counts, rle_decode, rle_runs


def encode(mask: np.ndarray) -> str:
    """Column-major RLE of a 2D mask, the test's own encoder."""
    flat = np.concatenate([[0], mask.T.ravel().astype(int), [0]])
    changes = np.flatnonzero(np.diff(flat))
    starts, ends = changes[0::2], changes[1::2]
    return " ".join(f"{s + 1} {e - s}" for s, e in zip(starts, ends))


def test_rle_decode_numbers_pixels_down_the_columns():
    # 4x4 image, pixels 1-3 (first column, rows 0-2) and 10-14 (column 2 rows 1-3, column 3 rows 0-1).
    expected = np.array([[1, 0, 0, 1], [1, 0, 1, 1], [1, 0, 1, 0], [0, 0, 1, 0]], dtype=bool)
    assert (rle_decode("1 3 10 5", 4, 4) == expected).all()
    assert (rle_decode("1 3 10 5", 4, 4, column_major=False) == expected.T).all()


def test_rle_decode_of_a_blank_string_is_an_empty_mask_and_runs_past_the_end_are_cut():
    assert not rle_decode("", 3, 2).any() and not rle_decode("   ", 3, 2).any()
    # 6 pixels: the run 5..14 keeps only pixels 5 and 6; a run starting past the end adds nothing.
    assert rle_decode("5 10 20 3", 3, 2).sum() == 2
    starts, ends = rle_runs("5 10 20 3", 6)
    assert starts.tolist() == [4] and ends.tolist() == [6]


@pytest.mark.parametrize("rle, message", [
    ("3 2 1 1", "sorted"), ("1 3 2 2", "overlap"), ("0 2", "positive"), ("1 0", "positive"),
    ("1 x", "integers"), ("1.5 2", "integers"), ("1 2 5", "pairs"), (float("nan"), "text"),
])
def test_rle_errors_are_refused_as_mlebench_refuses_them(rle, message):
    with pytest.raises(ValueError, match=message):
        rle_decode(rle, 4, 4)


def test_rle_counts_equal_counts_on_decoded_masks():
    rng = np.random.default_rng(0)
    truth = rng.random((5, 7, 6)) < 0.4
    pred = rng.random((5, 7, 6)) < 0.5
    counts = rle_counts([encode(m) for m in truth], [encode(m) for m in pred], 42)
    assert (counts == mask_counts(truth, pred)).all()
    assert (counts[:, 0] == truth.reshape(5, -1).sum(1)).all()


def test_dice_global_pools_all_images():
    # Image 1: truth 4 px, prediction 2 px, both 2; image 2: truth 0, prediction 1.
    # Pooled: 2*2 / (4 + 3) = 4/7.
    assert dice_global([[4, 2, 2], [0, 1, 0]]) == pytest.approx(4 / 7)
    assert np.isnan(dice_global([[0, 0, 0]]))  # MLE-bench's both-empty value


def test_mean_dice_scores_both_empty_images_as_one():
    # 2*2/(4+2) = 2/3 and 1 for the empty pair: mean 5/6.
    assert mean_dice([[4, 2, 2], [0, 0, 0]]) == pytest.approx(5 / 6)
    assert mean_dice([[4, 2, 2], [0, 0, 0]], both_empty=0.0) == pytest.approx(1 / 3)


def test_mean_iou_precision_counts_thresholds_beaten():
    n = 101 * 101
    # IoU 0.7: beats 0.5, 0.55, 0.6, 0.65 but not 0.7000000000000002 -> 4/10.
    # IoU exactly 0.6 does not beat 0.6000000000000001 -> 2/10.
    assert mean_iou_precision([[70, 70 + 30, 70]], n) == pytest.approx(0.4)  # |A∩B|=70, union=100
    assert mean_iou_precision([[60, 100, 60]], n) == pytest.approx(0.2)
    assert mean_iou_precision([[0, 0, 0]], n) == 1.0  # nothing to find, nothing found
    assert mean_iou_precision([[0, 5, 0]], n) == 0.0  # nothing to find, something found
    assert mean_iou_precision([[50, 50, 50]], n) == 1.0  # perfect


def test_mean_iou_precision_keeps_mlebenchs_empty_prediction_quirk():
    # Empty prediction on a truth of 6,000 of 10,201 pixels: IoU 0.588 (as if all pixels were predicted),
    # which beats 0.5 and 0.55 -> 0.2; on a small truth it scores 0.
    n = 101 * 101
    assert mean_iou_precision([[6000, 0, 0]], n) == pytest.approx(0.2)
    assert mean_iou_precision([[100, 0, 0]], n) == 0.0


def test_pixel_fbeta_equals_scikit_learn():
    # tp 2, fp 2, fn 2: precision = recall = 0.5, so F0.5 = 0.5.
    assert pixel_fbeta([[4, 4, 2]]) == pytest.approx(0.5)
    rng = np.random.default_rng(1)
    truth, pred = rng.random((1, 30, 20)) < 0.3, rng.random((1, 30, 20)) < 0.4
    assert pixel_fbeta(mask_counts(truth, pred)) == pytest.approx(fbeta_score(truth.ravel(), pred.ravel(), beta=0.5))
    assert pixel_fbeta([[0, 0, 0]]) == 0.0


@pytest.mark.parametrize("bad", [[[1, 2]], [], [[2, 1, 2]], [[-1, 0, 0]]])
def test_count_metrics_refuse_malformed_counts(bad):
    with pytest.raises(ValueError):
        dice_global(bad)


def test_hausdorff_3d_on_two_points():
    # Volume (2, 4, 4): truth at (0,0,0), prediction at (1,0,0); scaled by the shape: distance 1/2,
    # divided by the unit cube's diagonal sqrt(3).
    truth, pred = np.zeros((2, 4, 4), bool), np.zeros((2, 4, 4), bool)
    truth[0, 0, 0], pred[1, 0, 0] = True, True
    assert hausdorff_3d(truth, pred) == pytest.approx(0.5 / np.sqrt(3))


def test_hausdorff_3d_rules_for_empty_identical_and_oversized():
    empty, one = np.zeros((2, 3, 3), bool), np.zeros((2, 3, 3), bool)
    one[0, 1, 1] = True
    assert np.isnan(hausdorff_3d(empty, empty))
    assert hausdorff_3d(one, one) == 0.0
    assert hausdorff_3d(one, empty) == 1.0 and hausdorff_3d(empty, one) == 1.0
    assert hausdorff_3d(one, np.ones((2, 3, 3), bool)) == 1.0  # 18 pixels > 10 x 1


def test_hausdorff_3d_equals_scipy_directed_hausdorff():
    rng = np.random.default_rng(2)
    truth, pred = rng.random((4, 9, 7)) < 0.2, rng.random((4, 9, 7)) < 0.25
    a, b = np.argwhere(truth) / truth.shape, np.argwhere(pred) / pred.shape
    expected = max(directed_hausdorff(a, b)[0], directed_hausdorff(b, a)[0]) / np.sqrt(3)
    assert hausdorff_3d(truth, pred) == pytest.approx(expected)


def test_dice_hausdorff_combines_rows_and_scans():
    # One scan, 3 rows: rows 0 and 1 are two organs of slice 0, row 2 an organ of slice 1.
    t = np.zeros((3, 2, 2), bool)
    p = np.zeros((3, 2, 2), bool)
    t[0, 0, :] = p[0, 0, :] = True  # row 0, slice 0: identical, Dice 1
    t[2, 1, 0] = True  # row 2, slice 1: truth pixel (1,0), prediction pixel (1,1): Dice 0
    p[2, 1, 1] = True
    # Volumes (2 slices, 2, 2): truth {(0,0,0),(0,0,1),(1,1,0)}, prediction {(0,0,0),(0,0,1),(1,1,1)}.
    # Hausdorff: (1,1,0) is 1/2 (in the last axis, scaled by 2) from (1,1,1): 0.5 / sqrt(3).
    # Dice mean over rows 0 and 2 (row 1 both empty): 0.5.
    score = dice_hausdorff([(t, p, np.array([0, 0, 1]))])
    assert score == pytest.approx(0.4 * 0.5 + 0.6 * (1 - 0.5 / np.sqrt(3)))
    assert dice_hausdorff([(t, t, np.array([0, 0, 1]))]) == pytest.approx(1.0)


def test_dice_hausdorff_refuses_mismatched_shapes_and_nothing():
    with pytest.raises(ValueError, match="shapes"):
        dice_hausdorff([(np.zeros((1, 2, 2)), np.zeros((1, 2, 3)), np.array([0]))])
    with pytest.raises(ValueError, match="zero scans"):
        dice_hausdorff([])


def test_rle_counts_batch_path_equals_the_row_by_row_path():
    """Well-formed masks are counted all at once; the counts must be those of each mask's own runs,
    including runs cut at the last pixel and images without any run."""
    from pytest_mlebench.metrics import segmentation

    rng = np.random.default_rng(7)

    def random_rle(n_pixels):
        points = np.sort(rng.choice(np.arange(1, n_pixels + 40), size=2 * rng.integers(0, 5), replace=False))
        return " ".join(f"{a} {b - a}" for a, b in zip(points[0::2], points[1::2]))

    sizes = rng.integers(50, 300, 200)
    truth = [random_rle(n) for n in sizes]
    predicted = [random_rle(n) for n in sizes]
    expected = []
    for t, p, n in zip(truth, predicted, sizes):
        a, b = segmentation.rle_runs(t, int(n)), segmentation.rle_runs(p, int(n))
        expected.append([(a[1] - a[0]).sum(), (b[1] - b[0]).sum(), segmentation._overlap(a, b)])
    assert (segmentation._batch_counts(truth, predicted, sizes) == np.array(expected)).all()
    assert (segmentation.rle_counts(truth, predicted, sizes) == np.array(expected)).all()
