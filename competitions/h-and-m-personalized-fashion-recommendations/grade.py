"""H&M Personalized Fashion Recommendations: MAP@12 over the customers who bought in the test week.

MLE-bench's rules: exactly the columns `customer_id` and `prediction`; every
customer of the answers present (the sample lists all customers, and the
answers hold only those who bought, so extra customers are expected and
ignored). Both tables are then sorted by customer and paired row by row,
as MLE-bench does; repeating a customer therefore shifts the pairing and
ruins the score rather than being refused. Predictions are split on single
spaces after pandas 2's `astype(str)` (a blank cell becomes the guess "nan").
Article ids are compared as text: the answers write them as integers, without
the leading zero of Kaggle's sample submission and articles.csv.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.metrics import map_at_k

ID, TARGET = "customer_id", "prediction"
K = 12


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if set(submission.columns) != {ID, TARGET}:
        raise InvalidSubmission(f"the columns must be exactly {[ID, TARGET]}; the submission has {list(submission.columns)}")
    buyers = answers[ID]
    missing = buyers[~buyers.isin(submission[ID])]
    if len(missing):
        raise InvalidSubmission(
            f"{len(missing):,} customer(s) missing from {ID!r}, e.g. {missing.iloc[0]!r}: predict for every customer"
        )
    submission = submission[submission[ID].isin(buyers)].sort_values(ID)
    answers = answers.sort_values(ID)
    truth = [set(articles) for articles in _split(answers[TARGET])]
    predicted = _split(submission[TARGET])[: len(truth)]
    return map_at_k(truth, predicted, K)


def _split(column: pd.Series) -> list[list[str]]:
    """pandas 2's `astype(str).str.split(" ")`: missing cells become "nan", runs of spaces give empty guesses."""
    return [text.split(" ") for text in column.astype(object).map(str)]
