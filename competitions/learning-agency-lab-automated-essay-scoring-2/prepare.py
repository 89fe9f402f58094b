"""Learning Agency Lab - Automated Essay Scoring 2.0: a labelled test set held out of Kaggle's train.csv.

Kaggle's test essays are hidden, so MLE-bench keeps 10% of the 17,307 training essays
(`train_test_split`, random_state 0); the held-out rows with their scores are private/answers.csv.
The sample submission's scores are random integers 1 to 6 drawn by numpy's legacy
`RandomState(42).randint(1, 7)`, one per test essay in the split's order. The bytes also depend
on reading train.csv as MLE-bench does (essays with line breaks and quotes are re-quoted by
pandas' default `to_csv`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pytest_mlebench.data.authoring import hold_out_train_csv


def _random_scores(count: int) -> np.ndarray:
    return np.random.RandomState(42).randint(1, 7, size=count)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    hold_out_train_csv(raw_dir, public, private, id_column="essay_id", hidden=["score"],
                       sample={"score": _random_scores}, answers="answers.csv")
