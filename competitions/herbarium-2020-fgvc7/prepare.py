"""Herbarium 2020: a labelled test set held out of Kaggle's ~1M training sheets, per species, as
MLE-bench does.

Kaggle's test labels were never published, so MLE-bench splits `nybg2020/train/metadata.json`
(a COCO-style file, read as latin-1) 80/20 per category; the test sheets are shuffled and
renumbered so that neither their order nor their names reveal the species. All of it is the
shared `hold_out_numbered_test` (pytest_mlebench/data/authoring/coco.py says what decides the
bytes); this competition's own facts are the folder `nybg2020/`, the latin-1 reading (UTF-8
names come out as escaped two-character mojibake, as in MLE-bench's files) and the top-level
`regions` list that the test metadata leaves out.
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.data.authoring import hold_out_numbered_test


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    hold_out_numbered_test(raw_dir, public, private, folder="nybg2020", encoding="latin-1", test_drops=("regions",))
