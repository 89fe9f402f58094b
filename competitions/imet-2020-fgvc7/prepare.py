"""iMet 2020: a labelled test set held out of Kaggle's 142,119 training artworks, as MLE-bench does.

Kaggle's test set was hidden, so MLE-bench holds out 15% of `train.csv` (scikit-learn's
`train_test_split`, random_state 0, on the frame read with float_precision "round_trip"), about
Kaggle's own test share. What decides the bytes: the rows stay in the split's shuffled order and
are written with pandas' `to_csv` defaults; the sample submission gives every test artwork the
attribute ids "0 1 2"; Kaggle's labels.csv is passed on as it is. Each image `train/<id>.png`
goes to `public/train/` or `public/test/` under its own name (hard-linked where possible).
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.data.authoring import link_or_copy, link_or_copy_files, split_train_csv, write_csvs


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    train, answers = split_train_csv(raw_dir, public, private, test_size=0.15)
    write_csvs({private / "answers.csv": answers, public / "train.csv": train,
                public / "sample_submission.csv": answers.assign(attribute_ids="0 1 2")})
    link_or_copy(raw_dir / "labels.csv", public / "labels.csv")
    for rows, folder in ((train, "train"), (answers, "test")):
        link_or_copy_files((f"{image}.png" for image in rows["id"]), raw_dir / "train", public / folder)
