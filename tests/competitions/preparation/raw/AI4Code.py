"""AI4Code raw data in small: Kaggle's train/<id>.json notebooks, train_orders.csv and
train_ancestors.csv. MLE-bench's test set is exactly 20,000 notebooks, so there are a little
over 20,000 (tiny ones). Quirks: ids that are all digits with leading zeros, forked families
(shared ancestor) of several sizes so the greedy hold-out skips groups, parent ids that are
blank or point outside the data, markdown with unicode, quotes and newlines, notebooks
whose given cell order differs from the true one."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

NOTEBOOKS = 20_600
MARKDOWN = ("# Título", "Some *text*, with \"quotes\"", "Ünïcödé 数据\nsecond line", "", "a, b; c")
CODE = ("import numpy as np", "df = pd.read_csv('x.csv')\ndf.head()", "print(\"hi\")", "x = 1  # ü")


def _hex(rng: random.Random, width: int) -> str:
    if rng.random() < 0.03:  # an id with no letters in it
        return "".join(rng.choice("0123456789") for _ in range(width - 4)).rjust(width, "0")
    return "".join(rng.choice("0123456789abcdef") for _ in range(width))


def make(raw: Path, rng: random.Random) -> None:
    (raw / "train").mkdir()
    ids = list(dict.fromkeys(_hex(rng, 14) for _ in range(NOTEBOOKS + 50)))[:NOTEBOOKS]
    ancestors: list[tuple[str, str, str]] = []
    position = 0
    while position < len(ids):
        size = rng.choice((1, 1, 1, 1, 2, 3, 5, 12))
        family = ids[position:position + size]
        root = family[0] if rng.random() < 0.7 else _hex(rng, 8)
        for notebook in family:
            parent = "" if rng.random() < 0.5 else rng.choice(family + [_hex(rng, 14)])
            ancestors.append((notebook, root[:8], parent))
        position += size
    rng.shuffle(ancestors)
    orders = []
    for notebook in ids:
        cells = list(dict.fromkeys(_hex(rng, 8) for _ in range(rng.randint(1, 6))))
        kinds = {cell: rng.choice(("code", "markdown")) for cell in cells}
        true = cells[:]
        rng.shuffle(true)
        given = [c for c in true if kinds[c] == "code"] + [c for c in cells if kinds[c] == "markdown"]
        source = {c: rng.choice(CODE if kinds[c] == "code" else MARKDOWN) for c in given}
        document = {"cell_type": {c: kinds[c] for c in given}, "source": source}
        (raw / "train" / f"{notebook}.json").write_text(json.dumps(document), encoding="utf-8")
        orders.append((notebook, " ".join(true)))
    rng.shuffle(orders)
    with open(raw / "train_orders.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["id", "cell_order"])
        out.writerows(orders)
    with open(raw / "train_ancestors.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["id", "ancestor_id", "parent_id"])
        out.writerows(ancestors)
    (raw / "test").mkdir()
    (raw / "test" / "0009d135ece78d.json").write_text('{"cell_type": {}, "source": {}}', encoding="utf-8")
    with open(raw / "sample_submission.csv", "w", encoding="utf-8") as handle:
        handle.write("id,cell_order\n0009d135ece78d,\n")
