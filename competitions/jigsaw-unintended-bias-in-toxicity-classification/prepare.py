"""Jigsaw Unintended Bias in Toxicity Classification: Kaggle's own split, with its private labels.

After the competition Kaggle published the private test set with every label
(`test_private_expanded.csv`, 45 columns), so MLE-bench keeps Kaggle's split: train.csv and the
labelled test file are copied byte for byte (train.csv to public/, the labelled test to
private/test.csv). Only public/test.csv (id and comment_text) and the sample submission (every
prediction 0.0) are written by pandas, with its default `to_csv`: comments that hold commas,
quotes or line breaks are quoted as pandas quotes them, which need not be as Kaggle did.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

ID = "id"
TEXT = "comment_text"
TEST = "test_private_expanded.csv"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(raw_dir / "train.csv", public / "train.csv")
    shutil.copyfile(raw_dir / TEST, private / "test.csv")
    test = pd.read_csv(raw_dir / TEST, usecols=[ID, TEXT], float_precision="round_trip")[[ID, TEXT]]
    test.to_csv(public / "test.csv", index=False)
    sample = test[[ID]].copy()
    sample["prediction"] = 0.0
    sample.to_csv(public / "sample_submission.csv", index=False)
