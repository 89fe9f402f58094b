"""INGV volcanic eruption prediction: a labelled test set held out of Kaggle's 4,431 training
segments, as MLE-bench does.

Kaggle's test answers were never published, so MLE-bench holds out 10% of `train.csv`
(segment_id, time_to_eruption) with scikit-learn's `train_test_split` (random_state 0) on the
frame read with float_precision "round_trip". What decides the bytes: the rows stay in the
split's shuffled order and are written with pandas' `to_csv` defaults; private/test.csv holds
the held-out rows, public/train.csv the kept ones, public/sample_submission.csv the held-out ids
with time_to_eruption 0. Each segment `train/<segment_id>.csv` (ten sensors, 60,001 rows) goes
to `public/train/` or `public/test/` under its own name, hard-linked where possible: the
segments are tens of GB. Kaggle's own test/ segments and sample submission are left out.
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.data.authoring import link_or_copy_files, split_train_csv, write_csvs


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    train, test = split_train_csv(raw_dir, public, private, test_size=0.1)
    write_csvs({private / "test.csv": test, public / "train.csv": train,
                public / "sample_submission.csv": test.assign(time_to_eruption=0)})
    for rows, folder in ((train, "train"), (test, "test")):
        link_or_copy_files((f"{segment}.csv" for segment in rows["segment_id"]), raw_dir / "train", public / folder)
