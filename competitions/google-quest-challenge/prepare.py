"""Google QUEST Q&A Labeling: a labelled test set held out of Kaggle's train.csv, as MLE-bench makes it.

Kaggle's test labels are hidden, so MLE-bench keeps 10% of the 6,079 training rows
(`train_test_split`, random_state 0). Spearman's correlation needs some variation in every
target column, and `question_type_spelling` is almost always 0; when it is constant in the
held-out rows, the first held-out row (in the split's order) and the first kept row with a
non-zero spelling label trade places: each takes the other's values at its own position, so
both files keep their row order. private/test.csv holds qa_id and the 30 targets;
public/test.csv the 11 other columns. The sample submission ramps every target evenly from 0
to 1 down the rows (numpy's `linspace`), written with pandas' default float format.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pytest_mlebench.competitions import load_competition
from pytest_mlebench.data.authoring import split_train_csv

ID = "qa_id"
RARE = "question_type_spelling"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    targets = list(load_competition(Path(__file__).resolve().parent).grading.target_columns)
    train, test = split_train_csv(raw_dir, public, private, test_size=0.1)
    if test[RARE].nunique() == 1:
        donor = train.index[train[RARE] != 0][0]
        held_out = test.iloc[0].copy()
        test.iloc[0] = train.loc[donor].copy()
        train.loc[donor] = held_out
    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=targets).to_csv(public / "test.csv", index=False)
    answers = test[[ID, *targets]]
    answers.to_csv(private / "test.csv", index=False)
    sample = answers.copy()
    sample[targets] = np.tile(np.linspace(0, 1, len(sample))[:, None], (1, len(targets)))
    sample.to_csv(public / "sample_submission.csv", index=False)
