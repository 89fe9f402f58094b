"""OpenVaccine (COVID-19 mRNA degradation): a labelled test set held out of Kaggle's 2,400
training RNA sequences, as MLE-bench does.

Kaggle's private test labels are not public, so MLE-bench holds out int(10% of the rows) of
`train.json` (JSON lines, read by pandas' `read_json`), drawn only among rows with
SN_filter > 0 (the ones Kaggle scored) by `DataFrame.sample(random_state=0)`. What decides the
bytes:
- the held-out rows keep train.json's order (the draw only marks them), as do the kept ones;
- public/train.json and public/test.json are pandas' `to_json(orient="records", lines=True)`
  (floats to 10 decimals), their `index` field renumbered 0, 1, ...; test.json keeps the fields
  of Kaggle's test.json, in that order;
- private/test.csv has one row per position `<id>_<j>` of every held-out sequence: the five
  measured values at the first seq_scored positions with keep True, 0.0 with keep False after;
  public/sample_submission.csv is the same rows with every value 0.0; both CSVs write floats
  with "%.10f".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]
TEST_FRACTION = 0.1


def _answers(test: pd.DataFrame) -> pd.DataFrame:
    """One row per position of each held-out sequence; only the first seq_scored are measured."""
    rows = []
    for record in test.itertuples(index=False):
        scored, length = record.seq_scored, record.seq_length
        if not scored < length:
            raise ValueError(f"stanford-covid-vaccine: sequence {record.id} has seq_scored {scored}, not fewer than "
                             f"its seq_length {length}: train.json is not Kaggle's")
        for target in TARGETS:
            if len(getattr(record, target)) != scored:
                raise ValueError(f"stanford-covid-vaccine: sequence {record.id} has {len(getattr(record, target))} "
                                 f"{target} values for seq_scored {scored}: train.json is not Kaggle's")
        for position in range(length):
            measured = position < scored
            values = {target: getattr(record, target)[position] if measured else 0.0 for target in TARGETS}
            rows.append({"id_seqpos": f"{record.id}_{position}", **values, "keep": measured})
    return pd.DataFrame(rows)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    train = pd.read_json(raw_dir / "train.json", lines=True)
    test_fields = list(pd.read_json(raw_dir / "test.json", lines=True).columns)
    count = int(len(train) * TEST_FRACTION)
    drawn = train[train["SN_filter"] > 0].sample(n=count, random_state=0).index
    held_out = train.index.isin(drawn)
    kept, test = train[~held_out].copy(), train[held_out].copy()

    answers = _answers(test)
    answers.to_csv(private / "test.csv", index=False, float_format="%.10f")
    kept["index"] = range(len(kept))
    kept.to_json(public / "train.json", orient="records", lines=True)
    unlabelled = test[test_fields].copy()
    unlabelled["index"] = range(len(unlabelled))
    unlabelled.to_json(public / "test.json", orient="records", lines=True)
    answers[["id_seqpos"]].assign(**dict.fromkeys(TARGETS, 0.0)).to_csv(
        public / "sample_submission.csv", index=False, float_format="%.10f")
