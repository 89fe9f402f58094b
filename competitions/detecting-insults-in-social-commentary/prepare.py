"""Detecting Insults: Kaggle released the labelled test set, so MLE-bench uses it as it is.

No split: train.csv is published unchanged and test_with_solutions.csv becomes the
private answers unchanged (both copied byte for byte). The public test file, the
all-zero sample submission and a "gold" submission (the true labels in submission
layout) are derived from the answers, in MLE-bench's column order.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

SUBMISSION_COLUMNS = ["Insult", "Date", "Comment"]


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir = Path(raw_dir)
    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(raw_dir / "train.csv", public / "train.csv")
    shutil.copyfile(raw_dir / "test_with_solutions.csv", private / "test.csv")

    answers = pd.read_csv(private / "test.csv", float_precision="round_trip")
    gold = answers[SUBMISSION_COLUMNS]
    gold.to_csv(private / "gold_submission.csv", index=False)
    gold.drop(columns=["Insult"]).to_csv(public / "test.csv", index=False)
    sample = gold.copy()
    sample["Insult"] = 0
    sample.to_csv(public / "sample_submission_null.csv", index=False)
