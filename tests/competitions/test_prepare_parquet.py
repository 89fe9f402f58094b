"""prepare.py of icecube-neutrinos-in-deep-ice in steps smaller than its data: Kaggle's 132 million
metadata rows are streamed, so the code that cuts batches into row groups must give the same
content whatever the step. The differential test (tests/competitions/preparation) proves the
content equal to MLE-bench's at the real step; this one shrinks the step to a few rows."""

from __future__ import annotations

import random

import pyarrow.parquet as pq

from pytest_mlebench.competitions import load_competitions
from tests.competitions.preparation.raw import icecube_neutrinos_in_deep_ice as generator
from tests.competitions.preparation.trees import differences

ICECUBE = "icecube-neutrinos-in-deep-ice"


def _prepare(raw, out, module):
    for side in ("public", "private"):
        (out / side).mkdir(parents=True)
    module.prepare(raw, out / "public", out / "private")


def test_a_small_step_writes_the_same_content_in_row_groups_of_that_step(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    generator.make(raw, random.Random(1))
    module = load_competitions()[ICECUBE].code("prepare")
    _prepare(raw, tmp_path / "whole", module)
    monkeypatch.setattr(module, "ROW_GROUP_ROWS", 5)
    _prepare(raw, tmp_path / "steps", module)

    assert differences(tmp_path / "whole", tmp_path / "steps") == []
    train = pq.ParquetFile(tmp_path / "steps" / "public" / "train_meta.parquet")
    sizes = [train.metadata.row_group(n).num_rows for n in range(train.num_row_groups)]
    assert len(sizes) > 3 and set(sizes[:-1]) == {5} and 0 < sizes[-1] <= 5
    assert sum(sizes) == pq.ParquetFile(tmp_path / "whole" / "public" / "train_meta.parquet").metadata.num_rows
    # the answers were written in several steps too, with one header
    answers = (tmp_path / "steps" / "private" / "test.csv").read_text()
    assert answers.count("event_id") == 1 and answers == (tmp_path / "whole" / "private" / "test.csv").read_text()
