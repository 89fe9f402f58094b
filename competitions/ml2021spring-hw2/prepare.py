"""ML2021 Spring HW2 (TIMIT phoneme frames): carve a labelled test set out of the training frames, as MLE-bench does.

The course's test labels are not public, so MLE-bench splits the training
frames, keeping the original test share: test_size = len(test) / (len(train) +
len(test)), about 0.268, with random_state 0 over the frame indices. The new
arrays keep the course's file names and folder (`timit_11/timit_11/`); the
answers are one row per new test frame, `Id` 0, 1, 2... in the order of the
new `test_11.npy`. The CSV files are byte-identical to MLE-bench's.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

FOLDER = Path("timit_11") / "timit_11"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    source = Path(raw_dir) / FOLDER
    # Memory-mapped: the feature arrays are large and only the selected rows are copied.
    features = np.load(source / "train_11.npy", mmap_mode="r")
    labels = np.load(source / "train_label_11.npy")
    old_test_rows = len(np.load(source / "test_11.npy", mmap_mode="r"))
    test_share = old_test_rows / (len(features) + old_test_rows)
    train_rows, test_rows = train_test_split(range(len(features)), test_size=test_share, random_state=0)

    target = public / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    np.save(target / "train_11.npy", features[train_rows])
    np.save(target / "train_label_11.npy", labels[train_rows])
    np.save(target / "test_11.npy", features[test_rows])

    answers = pd.DataFrame({"Id": range(len(test_rows)), "ClassId": labels[test_rows]})
    sample = answers.copy()
    sample["ClassId"] = 0
    sample.to_csv(public / "sampleSubmission.csv", index=False)
    answers.to_csv(private / "answers.csv", index=False)
