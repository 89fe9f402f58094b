"""LMSYS - Chatbot Arena Human Preference Predictions: a labelled test set held out of Kaggle's train.csv.

Kaggle's test conversations are hidden, so MLE-bench keeps 10% of the 55k training rows
(`train_test_split`, random_state 0); the held-out rows, every column, are private/answers.csv.
public/test.csv keeps id, prompt, response_a and response_b (the model names and the three
winner columns are dropped). The sample submission gives each outcome 0.3333333333333333 (the
shortest repr of a third, as pandas writes it). The prompts and responses are JSON lists of
strings, full of quotes, commas, line breaks and non-ASCII text, re-quoted by pandas' `to_csv`.
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.data.authoring import hold_out_train_csv

OUTCOMES = ("winner_model_a", "winner_model_b", "winner_tie")


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    hold_out_train_csv(raw_dir, public, private, id_column="id", hidden=["model_a", "model_b", *OUTCOMES],
                       sample=dict.fromkeys(OUTCOMES, 1 / 3), answers="answers.csv")
