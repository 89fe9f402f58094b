"""Text Normalization (Russian): hold out 10% of Kaggle's training sentences, as MLE-bench does.

MLE-bench prepares both languages with the same code, so this reuses the English
competition's `prepare_language` (see its docstring: split of `ru_train.csv` by
sentence with `train_test_split(test_size=0.1, random_state=0)`, sentence ids
renumbered, every text cell quoted, public CSVs zipped like Kaggle's, the sample
submission also kept in private/ where MLE-bench's config points).
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.competitions import load_competition

PREFIX = "ru"
ENGLISH = "text-normalization-challenge-english-language"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    english = load_competition(Path(__file__).resolve().parent.with_name(ENGLISH)).code("prepare")
    english.prepare_language(raw_dir, public, private, PREFIX)
