"""rsna-breast-cancer-detection raw data in small: Kaggle's train.csv (one row per mammogram,
grouped by patient; integer patient and image ids; usually a CC and an MLO view per breast,
sometimes an extra view or a single one; blank ages, BIRADS and densities, so those columns read
as floats or text with NaN; difficult_negative_case True/False; now and then a breast whose
images disagree on cancer, which shows whose "first" is taken), the DICOM files
train_images/<patient_id>/<image_id>.dcm (a few bytes each), and Kaggle's test.csv,
test_images/ and sample_submission.csv, which MLE-bench ignores."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from tests.competitions.preparation.images import dicom_bytes

COLUMNS = ["site_id", "patient_id", "image_id", "laterality", "view", "age", "cancer", "biopsy", "invasive", "BIRADS",
           "implant", "density", "machine_id", "difficult_negative_case"]
MACHINES = (21, 29, 48, 49, 93, 120, 170, 190, 197, 210, 216)


def _breast_views(rng: random.Random) -> list[str]:
    roll = rng.random()
    if roll < 0.1:
        return [rng.choice(("CC", "MLO"))]
    if roll < 0.25:
        return ["CC", "MLO", rng.choice(("AT", "LM", "ML", "LMO"))]
    return ["CC", "MLO"]


def make(raw: Path, rng: random.Random, patients: int = 42) -> None:
    table = io.StringIO()
    out = csv.writer(table, lineterminator="\n")
    out.writerow(COLUMNS)
    for patient in sorted(rng.sample(range(5, 65535), patients)):
        site, age = rng.choice((1, 2)), ("" if rng.random() < 0.08 else f"{rng.randint(26, 89)}.0")
        implant, density, machine = int(rng.random() < 0.05), rng.choice(("A", "B", "C", "D", "")), rng.choice(MACHINES)
        for laterality in ("L", "R"):
            cancer = int(rng.random() < 0.15)
            birads = "" if rng.random() < 0.4 else f"{rng.choice((0, 1, 2))}.0"
            for view in _breast_views(rng):
                image = rng.randrange(1, 2**31)
                marked = 1 - cancer if rng.random() < 0.05 else cancer  # a breast whose images disagree
                out.writerow([site, patient, image, laterality, view, age, marked, marked * int(rng.random() < 0.5),
                              marked * int(rng.random() < 0.3), birads, implant, density, machine,
                              rng.random() < 0.15])
                path = raw / "train_images" / str(patient) / f"{image}.dcm"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(dicom_bytes(rng))
    (raw / "train.csv").write_text(table.getvalue())
    test_patient, images = 10008, (736471439, 1591370361)
    (raw / "test.csv").write_text("site_id,patient_id,image_id,laterality,view,age,implant,machine_id,prediction_id\n"
                                  + "".join(f"2,{test_patient},{i},L,MLO,81,0,21,{test_patient}_L\n" for i in images))
    for image in images:
        path = raw / "test_images" / str(test_patient) / f"{image}.dcm"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(dicom_bytes(rng))
    (raw / "sample_submission.csv").write_text(f"prediction_id,cancer\n{test_patient}_L,0.021\n")
