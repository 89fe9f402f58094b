"""H&M Personalized Fashion Recommendations: the last days of Kaggle's transactions become the
test period, as MLE-bench prepares it.

Every transaction on or after (latest `t_dat` - 7 days) is held out: that is eight calendar
days, the cut included. What decides the bytes:
- transactions_train.csv is read as MLE-bench reads every CSV (pandas' default types, floats
  round-trip), so `article_id` loses Kaggle's leading zero ("0663713001" -> 663713001) and the
  earlier rows are written back in Kaggle's order;
- answers.csv has one row per customer who bought in the test period, customers sorted, their
  article ids (as integers) joined by spaces in purchase order, repeats kept;
- sample_submission.csv, articles.csv, customers.csv and images/ are Kaggle's, copied as they are
  (the sample lists every customer, so it does not tell who bought).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    transactions = pd.read_csv(raw_dir / "transactions_train.csv", float_precision="round_trip")
    dates = pd.to_datetime(transactions["t_dat"])
    held_out = (dates >= dates.max() - pd.Timedelta(days=7)).to_numpy()
    test = transactions[held_out]

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    answers = test["article_id"].astype(str).groupby(test["customer_id"]).agg(" ".join)
    answers.rename("prediction").reset_index().to_csv(private / "answers.csv", index=False)
    transactions[~held_out].to_csv(public / "transactions_train.csv", index=False)
    for name in ("sample_submission.csv", "articles.csv", "customers.csv"):
        shutil.copyfile(raw_dir / name, public / name)
    shutil.copytree(raw_dir / "images", public / "images", dirs_exist_ok=True)
