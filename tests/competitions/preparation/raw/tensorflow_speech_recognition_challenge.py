"""tensorflow-speech-recognition-challenge raw data in small: Kaggle's train.7z (train/audio/<word>/
<8 hex digits>_nohash_<n>.wav clips of a few samples for the 10 command words and some of the
other 20, with the same file names under several words, `_background_noise_/` with its long
noise files and README.md, and the testing/validation lists, LICENSE and README.md beside
audio/), plus test.7z and sample_submission.7z, which MLE-bench ignores."""

from __future__ import annotations

import io
import random
import wave
from pathlib import Path

import py7zr

WORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go", "bed", "bird", "cat", "dog", "happy",
         "marvin", "sheila", "tree", "wow", "zero"]


def _wav(rng: random.Random, samples: int = 8) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(rng.randbytes(2 * samples))
    return buffer.getvalue()


def make(raw: Path, rng: random.Random) -> None:
    speakers = ["".join(rng.choice("0123456789abcdef") for _ in range(8)) for _ in range(12)]
    members = {}
    for word in WORDS:
        for speaker in rng.sample(speakers, rng.randint(1, 5)):  # one speaker's clip names recur across words
            members[f"train/audio/{word}/{speaker}_nohash_{rng.randint(0, 2)}.wav"] = _wav(rng)
    for noise in ("white_noise.wav", "dude_miaowing.wav", "running_tap.wav"):
        members[f"train/audio/_background_noise_/{noise}"] = _wav(rng, 64)
    members["train/audio/_background_noise_/README.md"] = b"noise files\n"
    listed = sorted(name.removeprefix("train/audio/") for name in members if name.endswith(".wav"))
    members["train/testing_list.txt"] = "\n".join(listed[::7]).encode()
    members["train/validation_list.txt"] = "\n".join(listed[3::7]).encode()
    members["train/LICENSE"] = b"CC BY 4.0\n"
    members["train/README.md"] = b"Speech Commands\n"
    with py7zr.SevenZipFile(raw / "train.7z", "w") as archive:
        for name, data in members.items():
            archive.writestr(data, name)
    with py7zr.SevenZipFile(raw / "test.7z", "w") as archive:
        archive.writestr(_wav(rng), "test/audio/clip_000044442.wav")
    with py7zr.SevenZipFile(raw / "sample_submission.7z", "w") as archive:
        archive.writestr(b"fname,label\nclip_000044442.wav,silence\n", "sample_submission.csv")
