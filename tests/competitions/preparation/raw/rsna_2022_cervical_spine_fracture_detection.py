"""rsna-2022-cervical-spine-fracture-detection raw data in small: Kaggle's train.csv (dotted
StudyInstanceUIDs "1.2.826.0.1.3680043.<n>" in no sorted order, patient_overall and C1-C7 as
0/1), train_bounding_boxes.csv (several slices per boxed study, float boxes, some with an
integral value), segmentations/<uid>.nii for some studies (a part of them also boxed, a part
not), train_images/<uid>/<slice>.dcm folders (a few bytes per slice), and Kaggle's test.csv,
test_images/ and sample_submission.csv, which MLE-bench ignores. Group sizes vary with the seed
but stay where each of MLE-bench's four draws takes at least one study, so every draw is
exercised (and none is asked for more than its group holds); with both seeds the last draw takes
boxed and segmented studies, whose boxes and segmentations MLE-bench then leaves out."""

from __future__ import annotations

import random
from pathlib import Path

from tests.competitions.preparation.images import dicom_bytes

VERTEBRAE = [f"C{n}" for n in range(1, 8)]


def _coordinate(rng: random.Random) -> str:
    return f"{rng.randint(20, 300)}.0" if rng.random() < 0.15 else repr(round(rng.uniform(20, 300), rng.randint(1, 4)))


def make(raw: Path, rng: random.Random) -> None:
    studies = [f"1.2.826.0.1.3680043.{n}" for n in rng.sample(range(1, 32000), rng.randint(75, 90))]
    boxed = rng.sample(studies, rng.randint(30, 40))
    overlap = rng.sample(boxed, rng.randint(6, 10))
    segmented = overlap + rng.sample([s for s in studies if s not in boxed], rng.randint(13, 18) - len(overlap))
    rows = []
    for uid in studies:
        vertebrae = [int(rng.random() < (0.4 if uid in boxed else 0.1)) for _ in VERTEBRAE]
        rows.append(",".join(map(str, [uid, int(any(vertebrae)), *vertebrae])))
    (raw / "train.csv").write_text("StudyInstanceUID,patient_overall," + ",".join(VERTEBRAE) + "\n" + "\n".join(rows) + "\n")
    boxes = []
    for uid in sorted(boxed, key=lambda _: rng.random()):
        for slice_number in sorted(rng.sample(range(1, 300), rng.randint(1, 4))):
            boxes.append(f"{uid},{_coordinate(rng)},{_coordinate(rng)},{_coordinate(rng)},{_coordinate(rng)},{slice_number}")
    (raw / "train_bounding_boxes.csv").write_text("StudyInstanceUID,x,y,width,height,slice_number\n" + "\n".join(boxes) + "\n")
    (raw / "segmentations").mkdir()
    for uid in segmented:
        (raw / "segmentations" / f"{uid}.nii").write_bytes(b"\x5c\x01\x00\x00" + bytes(rng.randrange(256) for _ in range(8)))
    for uid in studies:
        for slice_number in rng.sample(range(1, 400), rng.randint(1, 3)):
            path = raw / "train_images" / uid / f"{slice_number}.dcm"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(dicom_bytes(rng))
    tests = ["1.2.826.0.1.3680043.10197", "1.2.826.0.1.3680043.10454"]
    (raw / "test.csv").write_text("row_id,StudyInstanceUID,prediction_type\n"
                                  + "".join(f"{t}_C1,{t},C1\n" for t in tests))
    (raw / "sample_submission.csv").write_text("row_id,fractured\n" + "".join(f"{t}_C1,0.5\n" for t in tests))
    for t in tests:
        path = raw / "test_images" / t / "1.dcm"
        path.parent.mkdir(parents=True)
        path.write_bytes(dicom_bytes(rng))
