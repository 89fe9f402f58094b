"""Helpers of pytest_mlebench.data.authoring (each helper branch keeps its own section)."""

from __future__ import annotations

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.authoring import hold_out_train_csv


# -- p14a --


def test_hold_out_train_csv_writes_the_four_files(tmp_path):
    raw, public, private = tmp_path / "raw", tmp_path / "public", tmp_path / "private"
    raw.mkdir()
    (raw / "train.csv").write_text("key,text,label,extra\n" + "".join(f"0{i},t{i},{i / 3!r},x\n" for i in range(20)))
    train, test = hold_out_train_csv(raw, public, private, id_column="key", hidden=["label", "extra"],
                                     sample={"label": 0.5, "rank": lambda n: list(range(n))}, answers="answers.csv")
    source = pd.read_csv(raw / "train.csv", float_precision="round_trip")
    kept, held = train_test_split(source, test_size=0.1, random_state=0)
    assert train.equals(kept) and test.equals(held) and len(test) == 2
    assert (public / "train.csv").read_text() == kept.to_csv(index=False)
    assert (private / "answers.csv").read_text() == held.to_csv(index=False)
    assert (public / "test.csv").read_text() == held[["key", "text"]].to_csv(index=False)
    assert (public / "sample_submission.csv").read_text() == (
        "key,label,rank\n" + "".join(f"{key},0.5,{n}\n" for n, key in enumerate(held["key"])))
    assert sorted(p.name for p in public.iterdir()) == ["sample_submission.csv", "test.csv", "train.csv"]
