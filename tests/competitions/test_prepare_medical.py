"""prepare.py of the DICOM competitions (the RSNA ones and VinBigData), beyond the differential test:
what they promise on Kaggle's real sizes (files hard-linked, not copied; sample submissions our
graders accept) and the clear stop when raw data does not fit what MLE-bench hard-codes."""

from __future__ import annotations

import importlib
import os
import random
from pathlib import Path

import pandas as pd
import pytest

from pytest_mlebench.grading.grade import score_submission
from tests.competitions.test_prepare_auc import _run as _prepare  # (competition, public, private) of a raw folder

DICOM = {"rsna-miccai-brain-tumor-radiogenomic-classification": "*.dcm", "rsna-breast-cancer-detection": "*.dcm",
         "rsna-2022-cervical-spine-fracture-detection": "*.dcm", "vinbigdata-chest-xray-abnormalities-detection": "*.dicom"}


def _generated_raw(competition_id: str, tmp_path: Path) -> Path:
    module = importlib.import_module(f"tests.competitions.preparation.raw.{competition_id.replace('-', '_')}")
    raw = tmp_path / "raw"
    raw.mkdir()
    module.make(raw, random.Random(0))
    return raw


@pytest.mark.parametrize("competition_id", sorted(DICOM))
def test_images_are_linked_and_the_sample_submission_is_graded(competition_id, tmp_path):
    raw = _generated_raw(competition_id, tmp_path)
    competition, public, private = _prepare(competition_id, raw, tmp_path)
    images = list(public.rglob(DICOM[competition_id]))
    assert images and all(os.stat(p).st_nlink >= 2 for p in images), "every image should be a hard link into raw/"
    assert (private / competition.grading.answers).is_file() and not (public / competition.grading.answers).exists()
    score = score_submission(competition, public / "sample_submission.csv", private)
    assert isinstance(score, float)


def test_vinbigdata_refuses_a_train_csv_without_15000_images(tmp_path):
    raw = tmp_path / "raw"
    (raw / "train").mkdir(parents=True)
    pd.DataFrame({"image_id": [f"{i:032x}" for i in range(20)], "class_name": "No finding", "class_id": 14,
                  "rad_id": "R9", "x_min": None, "y_min": None, "x_max": None, "y_max": None}).to_csv(raw / "train.csv", index=False)
    with pytest.raises(ValueError, match=r"20 distinct images.*TRAIN_IMAGES = 13,500 and TEST_IMAGES = 1,500"):
        _prepare("vinbigdata-chest-xray-abnormalities-detection", raw, tmp_path)
    assert not any((tmp_path / "out").rglob("*.*")), "nothing is written before the check"


def test_rsna_2022_refuses_groups_out_of_kaggle_s_proportions(tmp_path):
    raw = tmp_path / "raw"
    (raw / "segmentations").mkdir(parents=True)
    studies = [f"1.2.826.0.1.3680043.{n}" for n in range(4)]
    pd.DataFrame({"StudyInstanceUID": studies, "patient_overall": 0, **{f"C{n}": 0 for n in range(1, 8)}}).to_csv(
        raw / "train.csv", index=False)
    # 12 boxed studies would put one in the kept tenth, but a tenth of 4 studies is none
    boxed = [f"1.2.826.0.1.3680043.{n}" for n in range(100, 112)]
    pd.DataFrame({"StudyInstanceUID": boxed, "x": 1.5, "y": 2.0, "width": 3.0, "height": 4.0, "slice_number": 7}).to_csv(
        raw / "train_bounding_boxes.csv", index=False)
    with pytest.raises(ValueError, match="needs -1 other studies of train.csv, but there are 4"):
        _prepare("rsna-2022-cervical-spine-fracture-detection", raw, tmp_path)


def test_rsna_breast_refuses_a_train_csv_that_is_not_kaggle_s(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    pd.DataFrame({"patient_id": [1, 2], "image_id": [3, 4], "cancer": [0, 1]}).to_csv(raw / "train.csv", index=False)
    with pytest.raises(ValueError, match=r"lacks the column\(s\) \['site_id', 'laterality'"):
        _prepare("rsna-breast-cancer-detection", raw, tmp_path)
