"""chaii - Hindi and Tamil Question Answering: a labelled test set held out of Kaggle's train.csv.

Kaggle's test answers are hidden, so MLE-bench keeps 10% of the training questions
(`train_test_split`, random_state 0). public/test.csv drops answer_text and answer_start;
private/test.csv has the submission's shape, id and the answer renamed PredictionString; the
sample submission answers "dummy text" everywhere. Rows keep the split's shuffled order and
are written with pandas' default `to_csv`, which re-quotes the multi-line Hindi and Tamil
contexts as pandas quotes them.
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.data.authoring import split_train_csv

ANSWER = "PredictionString"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    train, test = split_train_csv(raw_dir, public, private, test_size=0.1)
    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=["answer_start", "answer_text"]).to_csv(public / "test.csv", index=False)
    answers = test[["id", "answer_text"]].set_axis(["id", ANSWER], axis=1)
    answers.to_csv(private / "test.csv", index=False)
    answers.assign(**{ANSWER: "dummy text"}).to_csv(public / "sample_submission.csv", index=False)
