"""TensorFlow speech recognition: a labelled test set held out of Kaggle's 64,727 training clips,
as MLE-bench does.

MLE-bench unpacks `train.7z` (its `train/audio/<word>/<clip>.wav`, `_background_noise_/` among the
words) and holds out 10% of the clips with scikit-learn's `train_test_split` (random_state 0) on
the list of every `.wav` below train/audio/, sorted by "<folder>_<file name>" (the folder the clip
lies in is its label). What decides the bytes:
- kept clips go to public/train/audio/<label>/ under their own names;
- held-out clips are renamed clip_00000000.wav, clip_00000001.wav, ... in the split's order
  (names repeat across words) into public/test/audio/; private/test.csv is fname and label in
  that order, public/sample_submission.csv the same fnames with the label "silence", both with
  pandas' `to_csv` defaults.
The labels stay the folder names (30 words and _background_noise_), not Kaggle's 12 classes, as
in MLE-bench. Unlike MLE-bench, which unpacks into the raw folder and then copies every clip, we
unpack into a scratch folder beside `public` and move the clips into place: nothing is written
into raw, and the clips (a few GB) are written once.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import py7zr

from pytest_mlebench.data.authoring import train_test_split, write_csvs


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source.replace(target)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    scratch = Path(tempfile.mkdtemp(prefix=".train-7z-", dir=public.parent))
    try:
        with py7zr.SevenZipFile(raw_dir / "train.7z", mode="r") as archive:
            archive.extractall(scratch)
        clips = sorted((scratch / "train" / "audio").rglob("*.wav"), key=lambda p: f"{p.parent.name}_{p.name}")
        if not clips:
            raise ValueError("tensorflow-speech-recognition-challenge: train.7z holds no train/audio/<word>/*.wav: "
                             "it is not Kaggle's")
        train, test = train_test_split(clips, test_size=0.1, random_state=0)
        (public / "test" / "audio").mkdir(parents=True, exist_ok=True)
        for clip in train:
            _move(clip, public / "train" / "audio" / clip.parent.name / clip.name)
        names = [f"clip_{index:08d}.wav" for index in range(len(test))]
        labels = [clip.parent.name for clip in test]
        for clip, name in zip(test, names):
            _move(clip, public / "test" / "audio" / name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    write_csvs({private / "test.csv": pd.DataFrame({"fname": names, "label": labels}),
                public / "sample_submission.csv": pd.DataFrame({"fname": names, "label": "silence"})})
