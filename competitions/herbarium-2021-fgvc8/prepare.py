"""Herbarium 2021: a labelled test set held out of Kaggle's ~2.3M training sheets, per species, as
MLE-bench does.

Kaggle's test labels were never published, so MLE-bench splits `train/metadata.json` (a
COCO-style file) 80/20 per category; the test sheets are shuffled and renumbered so that neither
their order nor their names reveal the species. All of it is the shared
`hold_out_numbered_test` (pytest_mlebench/data/authoring/coco.py says what decides the bytes),
as for herbarium 2020; the differences are that the files sit at the top of the raw folder, are
read as UTF-8, and that the test metadata leaves out the top-level `institutions` list.
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.data.authoring import hold_out_numbered_test


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    hold_out_numbered_test(raw_dir, public, private, folder="", encoding="utf-8", test_drops=("institutions",))
