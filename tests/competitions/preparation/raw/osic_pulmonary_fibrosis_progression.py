"""osic-pulmonary-fibrosis-progression raw data in small: Kaggle's train.csv (Patient "ID" + 23
digits, Weeks from before the baseline CT (negative) to 133, FVC in ml, Percent as a long float
with a rare gap, Age, Sex, SmokingStatus), each patient's rows out of week order, kept patients
with two visits in one week (as in the real data; a held-out patient with one would stop
MLE-bench's preparation, so the generator keeps them out of the held-out tenth), and a folder of
tiny fake DICOM files `train/<Patient>/<n>.dcm` per patient, plus the test files MLE-bench
ignores."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from sklearn.model_selection import train_test_split

SMOKING = ["Ex-smoker", "Never smoked", "Currently smokes"]


def make(raw: Path, rng: random.Random, patients: int = 24) -> None:
    ids = sorted({"ID" + "".join(rng.choice("0123456789") for _ in range(23)) for _ in range(patients)})
    _, held_out = train_test_split(ids, test_size=0.1, random_state=0)
    rows = []
    for patient in ids:
        age, sex, smoking = rng.randint(49, 88), rng.choice(["Male", "Male", "Female"]), rng.choice(SMOKING)
        weeks = rng.sample(range(-5, 134), rng.randint(4, 9))
        if patient not in held_out and rng.random() < 0.4:
            weeks.append(rng.choice(weeks))
        for week in weeks:
            fvc = rng.randint(827, 6399)
            percent = "" if rng.random() < 0.03 else repr(fvc / rng.uniform(2500, 5000) * 100)
            rows.append([patient, week, fvc, percent, age, sex, smoking])
        for n in range(1, rng.randint(2, 4)):
            scan = raw / "train" / patient / f"{n}.dcm"
            scan.parent.mkdir(parents=True, exist_ok=True)
            scan.write_bytes(b"DICM" + rng.randbytes(rng.randint(4, 40)))
    rng.shuffle(rows)
    rows.sort(key=lambda row: row[0])  # grouped by patient as Kaggle's, weeks in no order
    with open(raw / "train.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Patient", "Weeks", "FVC", "Percent", "Age", "Sex", "SmokingStatus"])
        out.writerows(rows)
    (raw / "test.csv").write_text("Patient,Weeks,FVC,Percent,Age,Sex,SmokingStatus\n"
                                  "ID00419637202311204720264,6,3020,70.186855,73,Male,Ex-smoker\n")
    (raw / "sample_submission.csv").write_text("Patient_Week,FVC,Confidence\nID00419637202311204720264_-12,2000,100\n")
    (raw / "test" / "ID00419637202311204720264").mkdir(parents=True)
    (raw / "test" / "ID00419637202311204720264" / "1.dcm").write_bytes(b"DICM")
