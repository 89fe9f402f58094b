"""Prepare the Japanese vowels starter: who of nine speakers uttered a vowel.

The data ship inside sktime (`load_japanese_vowels`), with the dataset's own
split: 270 training utterances (30 per speaker) and 370 test utterances. We keep
that split. Each utterance is a short multichannel series (7 to 29 frames of 12
cepstrum coefficients); it is written in long format, one row per frame.
The source lists utterances grouped by speaker, so every utterance gets a
shuffled id that carries no information about who spoke.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 7171
CHANNELS = [f"c{k:02d}" for k in range(1, 13)]


def load_split(split: str) -> tuple[list[np.ndarray], np.ndarray]:
    """Utterances as (frames, 12) arrays and their speaker labels ("1".."9")."""
    from sktime.datasets import load_japanese_vowels

    frame, speakers = load_japanese_vowels(split=split, return_X_y=True)
    series = [np.column_stack([frame.iloc[i, c].to_numpy(dtype=float) for c in range(frame.shape[1])]) for i in range(len(frame))]
    return series, np.asarray(speakers).astype(str)


def long_format(ids: list[str], series: list[np.ndarray]) -> pd.DataFrame:
    """One row per frame: id, t (0-based frame index), then the 12 channels."""
    parts = []
    for utterance_id, values in zip(ids, series):
        part = pd.DataFrame(values, columns=CHANNELS)
        part.insert(0, "t", np.arange(len(values)))
        part.insert(0, "id", utterance_id)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def prepare(raw_dir: Path | None, public: Path, private: Path) -> None:
    train_series, train_speakers = load_split("train")
    test_series, test_speakers = load_split("test")
    series = train_series + test_series
    speakers = np.concatenate([train_speakers, test_speakers])
    is_test = np.arange(len(series)) >= len(train_series)

    rng = np.random.default_rng(SEED)
    ids = [f"u{n:04d}" for n in rng.permutation(len(series))]
    order = np.argsort(ids)  # write everything sorted by id

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    for name, wanted in (("train", False), ("test", True)):
        rows = [i for i in order if is_test[i] == wanted]
        labels = pd.DataFrame({"id": [ids[i] for i in rows], "speaker": speakers[rows]})
        long_format(labels["id"].tolist(), [series[i] for i in rows]).to_csv(
            public / f"{name}_series.csv", index=False, float_format="%.6f"
        )
        if name == "train":
            labels.to_csv(public / "train.csv", index=False)
        else:
            labels[["id"]].to_csv(public / "test.csv", index=False)
            labels[["id"]].assign(speaker="1").to_csv(public / "sample_submission.csv", index=False)
            labels.to_csv(private / "answers.csv", index=False)
