"""freesound-audio-tagging-2019 raw data in small: Kaggle's train_curated.csv and train_noisy.csv
(fname, comma-separated labels, quoted), sample_submission.csv (fname and the 80 classes, its
clips sorted by name), the audio zips train_curated.zip, train_noisy.zip and test.zip of tiny
WAV files, and, standing in for Zenodo's FSDKaggle2019.meta.zip, a zip of the same layout
(FSDKaggle2019.meta/test_post_competition.csv with fname, labels, usage Public or Private,
freesound_id and license, in no particular order; a label outside the 80 classes; the two train
post-competition files).

The meta zip is written beside the raw folder (`<raw>/../zenodo/`), not into it: MLE-bench's
prepare downloads it into the raw folder and deletes it at the end, and it must not reach the
network. The test side gives it to both preparations: oracle_prepare.py replaces MLE-bench's
download by a copy of this file, and `seam` points ours at it through its environment variable
and pins the synthetic file's md5 in place of Zenodo's (the explicit test seam: ours never
accepts an unchecked file).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import random
import zipfile
from pathlib import Path

from pytest_mlebench.data.checksums import md5
from tests.support.mlebench_support import COMPETITIONS_DIR

META = "FSDKaggle2019.meta.zip"
STAMP = (2019, 6, 1, 0, 0, 0)  # fixed member times: one seed, one byte-identical raw folder


def classes() -> list[str]:
    import tomllib

    return tomllib.loads((COMPETITIONS_DIR / "freesound-audio-tagging-2019" / "competition.toml").read_text())[
        "grading"]["target_columns"]


def meta_zip(raw: Path) -> Path:
    return raw.parent / "zenodo" / META


def _fname(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(8)) + ".wav"


def _labels(rng: random.Random, names: list[str]) -> str:
    return ",".join(rng.sample(names, rng.choice([1, 1, 2, 3])))


def _table(rows: list[list], header: list[str]) -> str:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(header)
    out.writerows(rows)
    return buffer.getvalue()


def _audio_zip(path: Path, names: list[str], rng: random.Random) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(zipfile.ZipInfo(name, STAMP), b"RIFF" + rng.randbytes(12))


def make(raw: Path, rng: random.Random) -> None:
    names = classes()
    curated, noisy, test = ([_fname(rng) for _ in range(n)] for n in (12, 15, 30))
    (raw / "train_curated.csv").write_text(_table([[f, _labels(rng, names)] for f in curated], ["fname", "labels"]))
    (raw / "train_noisy.csv").write_text(_table([[f, _labels(rng, names)] for f in noisy], ["fname", "labels"]))
    for name, clips in (("train_curated.zip", curated), ("train_noisy.zip", noisy), ("test.zip", test)):
        _audio_zip(raw / name, clips, rng)
    usage = ["Private" if rng.random() < 0.7 else "Public" for _ in test]
    private = sorted(f for f, u in zip(test, usage) if u == "Private")
    (raw / "sample_submission.csv").write_text(_table([[f, *[0] * len(names)] for f in private], ["fname", *names]))

    rows = [[f, _labels(rng, names) if n % 9 else _labels(rng, names) + ",Not_a_class", u, rng.randint(1000, 450000),
             rng.choice(["CC-BY", "CC0", "CC-BY-NC"])] for n, (f, u) in enumerate(zip(test, usage))]
    target = meta_zip(raw)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(zipfile.ZipInfo("FSDKaggle2019.meta/", STAMP), "")
        archive.writestr(zipfile.ZipInfo("FSDKaggle2019.meta/test_post_competition.csv", STAMP),
                         _table(rows, ["fname", "labels", "usage", "freesound_id", "license"]))
        for name, clips in (("train_curated", curated), ("train_noisy", noisy)):
            archive.writestr(zipfile.ZipInfo(f"FSDKaggle2019.meta/{name}_post_competition.csv", STAMP),
                             _table([[f, _labels(rng, names)] for f in clips], ["fname", "labels"]))


def seam(monkeypatch, raw: Path, prepare) -> None:
    """Ours reads the synthetic zip from its environment variable and checks it against the
    synthetic file's md5, pinned here for the test only."""
    monkeypatch.setenv(prepare.META.env, str(meta_zip(raw)))
    monkeypatch.setattr(prepare, "META", dataclasses.replace(prepare.META, md5=md5(meta_zip(raw))))
