"""Tweet Sentiment Extraction: a labelled test set held out of Kaggle's train.csv.

Kaggle's test phrases were never published, so MLE-bench keeps 10% of the training tweets
(`train_test_split`, random_state 0) as the graded test set. The bytes depend on reading
train.csv as MLE-bench does (pandas' defaults with round-trip floats: the one tweet without
text stays a blank cell, leading spaces inside tweets are kept), on train_test_split's shuffled
row order and on pandas' default `to_csv`. The sample submission leaves every phrase blank.
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.data.authoring import hold_out_train_csv


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    hold_out_train_csv(raw_dir, public, private, id_column="textID", hidden=["selected_text"],
                       sample={"selected_text": ""})
