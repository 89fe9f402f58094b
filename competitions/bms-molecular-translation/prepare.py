"""BMS Molecular Translation: 20% of Kaggle's labelled molecule images held out as the test set, as MLE-bench does.

Kaggle's test InChIs were never published, so MLE-bench splits `train_labels.csv` (read with
pandas' defaults: both columns are text) with scikit-learn's `train_test_split` (test_size
0.2, random_state 0). What decides the bytes: rows stay in the split's shuffled order and are
written with pandas' `to_csv` defaults (InChIs holding commas come out quoted); the sample
submission is the held-out rows with every InChI set to water's, "InChI=1S/H2O/h1H2";
`extra_approved_InChIs.csv` is passed on unchanged. Each image keeps Kaggle's folder scheme,
`<a>/<b>/<c>/<image_id>.png` from the id's first three characters, below `public/train/` or
`public/test/` (hard-linked where possible).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy, link_or_copy_files, train_test_split, write_csvs

WATER = "InChI=1S/H2O/h1H2"


def image_path(image_id: str) -> str:
    """Kaggle's nested location of an image: "abc123" -> "a/b/c/abc123.png"."""
    return f"{image_id[0]}/{image_id[1]}/{image_id[2]}/{image_id}.png"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    labels = pd.read_csv(raw_dir / "train_labels.csv")
    train, test = train_test_split(labels, test_size=0.2, random_state=0)
    write_csvs({public / "train_labels.csv": train, private / "test.csv": test,
                public / "sample_submission.csv": test.assign(InChI=WATER)})
    for rows, folder in ((train, "train"), (test, "test")):
        link_or_copy_files((image_path(str(i)) for i in rows["image_id"]), raw_dir / "train", public / folder)
    link_or_copy(raw_dir / "extra_approved_InChIs.csv", public / "extra_approved_InChIs.csv")
