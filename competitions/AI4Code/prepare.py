"""Google AI4Code: hold out 20,000 training notebooks with no relatives left in train, as MLE-bench does.

Kaggle's test notebooks come without orders, so MLE-bench carves its test set out of
`train/`. It shuffles train_ancestors.csv (`DataFrame.sample(frac=1, random_state=0)`),
groups the notebooks by `ancestor_id` in the order each ancestor first appears, and walks
the groups in that order: a whole group goes to test while it still fits in the 20,000,
otherwise to train (so later small groups keep filling test until it is exactly full).
What decides the bytes:
- train_ancestors.csv is written in the shuffled order (test notebooks removed);
  train_orders.csv and test_orders.csv keep Kaggle's order of train_orders.csv;
- the sample submission lists the test notebooks in test_orders.csv's order, each with its
  cells in the order of the notebook's `cell_type` mapping (Kaggle's "given" order);
- notebook files are copied byte for byte into public/train/ and public/test/.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

TEST_NOTEBOOKS = 20_000


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    ancestors = pd.read_csv(raw_dir / "train_ancestors.csv", float_precision="round_trip")
    ancestors = ancestors.sample(frac=1, random_state=0).reset_index(drop=True)
    test_ids = _held_out(ancestors, TEST_NOTEBOOKS)
    held_out = set(test_ids)
    train_ids = [i for i in ancestors["id"] if i not in held_out]

    for folder, ids in (("train", train_ids), ("test", test_ids)):
        (public / folder).mkdir(parents=True, exist_ok=True)
        for notebook in ids:
            shutil.copyfile(raw_dir / "train" / f"{notebook}.json", public / folder / f"{notebook}.json")

    private.mkdir(parents=True, exist_ok=True)
    orders = pd.read_csv(raw_dir / "train_orders.csv", float_precision="round_trip")
    in_test = orders["id"].isin(test_ids)
    orders[~in_test].to_csv(public / "train_orders.csv", index=False)
    test_orders = orders[in_test]
    test_orders.to_csv(private / "test_orders.csv", index=False)
    ancestors[~ancestors["id"].isin(test_ids)].to_csv(public / "train_ancestors.csv", index=False)

    given = [" ".join(_cell_ids(public / "test" / f"{notebook}.json")) for notebook in test_orders["id"]]
    pd.DataFrame({"id": list(test_orders["id"]), "cell_order": given}).to_csv(
        public / "sample_submission.csv", index=False)


def _held_out(ancestors: pd.DataFrame, size: int) -> list[str]:
    """The test notebooks: whole ancestor groups, in first-appearance order, while they fit."""
    groups: dict[object, list[str]] = {}
    for notebook, ancestor in zip(ancestors["id"], ancestors["ancestor_id"]):
        groups.setdefault(ancestor, []).append(notebook)
    chosen: list[str] = []
    for members in groups.values():
        if len(chosen) + len(members) <= size:
            chosen.extend(members)
    if len(chosen) != size:
        raise ValueError(f"the ancestor groups fill only {len(chosen)} of the {size} test notebooks")
    return chosen


def _cell_ids(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return list(json.load(handle)["cell_type"])
