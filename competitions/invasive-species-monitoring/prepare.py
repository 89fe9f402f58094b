"""Invasive Species Monitoring: hold out 20% of Kaggle's labelled photos, as MLE-bench does.

`train_test_split` of train_labels.csv (test_size 0.2, random_state 0). The answers
and the sample submission (every `invasive` 0.5) keep the label table's layout
(`name,invasive`). MLE-bench writes the sample submission to private/ as well as
public/ (its config points graders at the private copy; see known_issues), so both
are written. Like MLE-bench, the public CSV files are handed out zipped
(`train_labels.csv.zip`, `sample_submission.csv.zip`); the photos go to `train/` and
`test/` as plain `<name>.jpg` files (MLE-bench packs them into 7z archives).

The photos come from Kaggle's `train.7z`: an already unpacked `train/` folder in the
raw folder is used when present, otherwise the archive is read with `py7zr`.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir = Path(raw_dir)
    with zipfile.ZipFile(raw_dir / "train_labels.csv.zip") as source:
        labels = pd.read_csv(io.BytesIO(source.read("train_labels.csv")), float_precision="round_trip")
    train, answers = train_test_split(labels, test_size=0.2, random_state=0)
    sample = answers.copy()
    sample["invasive"] = 0.5

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    answers.to_csv(private / "answers.csv", index=False)
    sample.to_csv(private / "sample_submission.csv", index=False)
    for name, frame in (("train_labels.csv", train), ("sample_submission.csv", sample)):
        _write_zipped_csv(frame, name, public / f"{name}.zip")

    with _photo_folder(raw_dir) as photos:
        for folder, names in (("train", train["name"]), ("test", answers["name"])):
            (public / folder).mkdir(exist_ok=True)
            for name in names:
                shutil.copyfile(photos / f"{name}.jpg", public / folder / f"{name}.jpg")


def _write_zipped_csv(frame: pd.DataFrame, name: str, archive: Path) -> None:
    member = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o644 << 16
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr(member, frame.to_csv(index=False))


@contextmanager
def _photo_folder(raw_dir: Path) -> Iterator[Path]:
    """A folder of Kaggle's training photos (`<name>.jpg`): raw `train/`, or `train.7z` unpacked."""
    if (raw_dir / "train").is_dir():
        yield raw_dir / "train"
        return
    archive = raw_dir / "train.7z"
    if not archive.exists():
        raise FileNotFoundError(f"neither {raw_dir / 'train'}/ nor {archive} exists: Kaggle's photos are missing")
    try:
        import py7zr
    except ImportError:
        raise RuntimeError(
            f"reading {archive} needs the py7zr package (pip install py7zr), "
            f"or unpack it yourself so that {raw_dir / 'train'}/ holds the photos"
        ) from None
    with tempfile.TemporaryDirectory() as unpacked, py7zr.SevenZipFile(archive, mode="r") as source:
        source.extractall(unpacked)
        yield Path(unpacked) / "train"
