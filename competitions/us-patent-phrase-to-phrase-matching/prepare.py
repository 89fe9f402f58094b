"""U.S. Patent Phrase to Phrase Matching: a labelled test set held out of Kaggle's train.csv.

Kaggle's test scores were never published, so MLE-bench keeps 10% of the training pairs
(`train_test_split`, random_state 0) as the graded test set. The bytes depend on reading
train.csv as MLE-bench does (round-trip floats, so a score such as 0.25 or 0.75 is written back as
read), on keeping train_test_split's shuffled row order, and on pandas' default `to_csv`.
The sample submission scores every pair 0 (an integer column, written as "0").
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.data.authoring import hold_out_train_csv


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    hold_out_train_csv(raw_dir, public, private, id_column="id", hidden=["score"], sample={"score": 0})
