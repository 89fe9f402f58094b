"""Plant Pathology 2021: a labelled test set held out of Kaggle's 18,632 training leaves, as MLE-bench does.

Kaggle's test set was hidden, so MLE-bench holds out 20% of `train.csv` (scikit-learn's
`train_test_split`, random_state 0, on the frame read with float_precision "round_trip").
What decides the bytes: the rows stay in the split's shuffled order and are written with
pandas' `to_csv` defaults; the answers keep both columns (image, labels: space-separated
diseases); the sample submission labels every test leaf "healthy". Each image
`train_images/<image>` goes to `public/train_images/` or `public/test_images/` under its own
name (hard-linked where possible).
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.data.authoring import link_or_copy_files, split_train_csv, write_csvs


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    train, answers = split_train_csv(raw_dir, public, private, test_size=0.2)
    write_csvs({private / "answers.csv": answers, public / "train.csv": train,
                public / "sample_submission.csv": answers.assign(labels="healthy")})
    for rows, folder in ((train, "train_images"), (answers, "test_images")):
        link_or_copy_files(rows["image"], raw_dir / "train_images", public / folder)
