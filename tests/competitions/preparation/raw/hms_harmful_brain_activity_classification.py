"""hms-harmful-brain-activity-classification raw data in small: Kaggle's train.csv (15 columns:
EEGs with several labelled windows each, several EEGs under one spectrogram and patients with
several spectrograms, ids up to ten digits, offsets as floats, the expert consensus and six vote
counts whose shares are repeating fractions), rows in EEG order so a spectrogram's rows are not
together, tiny files `train_eegs/<eeg_id>.parquet` and `train_spectrograms/<id>.parquet`, the
example figures, and Kaggle's test files that MLE-bench ignores."""

from __future__ import annotations

import csv
import random
from pathlib import Path

CLASSES = ["Seizure", "LPD", "GPD", "LRDA", "GRDA", "Other"]
HEADER = ["eeg_id", "eeg_sub_id", "eeg_label_offset_seconds", "spectrogram_id", "spectrogram_sub_id",
          "spectrogram_label_offset_seconds", "label_id", "patient_id", "expert_consensus", "seizure_vote", "lpd_vote",
          "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]


def _parquet(path: Path, rng: random.Random) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PAR1" + rng.randbytes(rng.randint(4, 30)) + b"PAR1")


def make(raw: Path, rng: random.Random, spectrograms: int = 30) -> None:
    rows = []
    for spectrogram in rng.sample(range(353733, 2147388374), spectrograms):
        patient = rng.randint(56, 65494)
        for _ in range(rng.randint(1, 3)):
            eeg = rng.randint(568657, 4294958358)
            for sub in range(rng.randint(1, 4)):
                votes = [rng.choice([0, 0, 0, 1, 2, 3, 14]) for _ in CLASSES]
                votes[rng.randrange(len(votes))] += 1
                offset = float(sub * rng.choice([2, 6, 10]))
                rows.append([eeg, sub, offset, spectrogram, sub, offset + rng.randint(0, 3000), rng.randint(338, 4294958358),
                             patient, CLASSES[votes.index(max(votes))], *votes])
            _parquet(raw / "train_eegs" / f"{eeg}.parquet", rng)
        _parquet(raw / "train_spectrograms" / f"{spectrogram}.parquet", rng)
    rows.sort(key=lambda row: row[0])
    with open(raw / "train.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        out.writerows(rows)
    (raw / "test.csv").write_text("spectrogram_id,eeg_id,patient_id\n853520,3911565283,6885\n")
    (raw / "sample_submission.csv").write_text("eeg_id,seizure_vote,lpd_vote,gpd_vote,lrda_vote,grda_vote,other_vote\n"
                                               "3911565283,0.1666666,0.1666667,0.1666667,0.1666667,0.1666667,0.1666666\n")
    _parquet(raw / "test_eegs" / "3911565283.parquet", rng)
    _parquet(raw / "test_spectrograms" / "853520.parquet", rng)
    for name in ("Seizure.png", "LPD.png"):
        (raw / "example_figures").mkdir(exist_ok=True)
        (raw / "example_figures" / name).write_bytes(b"\x89PNG" + rng.randbytes(8))
