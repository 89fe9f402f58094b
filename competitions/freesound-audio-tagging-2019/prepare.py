"""Freesound Audio Tagging 2019: Kaggle's own test clips, with the labels published on Zenodo after
the competition, as MLE-bench does.

The test labels are not in Kaggle's files: they are `test_post_competition.csv` inside
`FSDKaggle2019.meta.zip` of Zenodo record 3612637, which MLE-bench downloads. We take that zip
from the environment variable MLEBENCH_FSDKAGGLE2019_META (a path), else from the raw folder
beside Kaggle's files, else download it into the raw folder, and check it first, before anything
is written (authoring/external.py). Its md5 is not pinned: MLE-bench's code does not give one;
Zenodo publishes it in the record's file listing, which is read when the network allows. Without
the listing, the zip is proven by what it yields: the answers must have MLE-bench's md5 of
private/test.csv (competition.toml's [checksums]), else nothing is prepared.

What decides the bytes:
- every item of the raw folder whose name does not contain "FSDKaggle2019.meta" passes on into
  public/ under its name (Kaggle's audio zips and CSV files; hard-linked where possible: the
  audio is tens of GB);
- private/test.csv is the rows of test_post_competition.csv (pandas' default `read_csv`) whose
  usage is "Private", in the file's order: fname, then for each of the 80 classes in the order
  of Kaggle's sample submission 1 when the class is among the row's comma-separated labels,
  else 0 (a label outside the 80 is dropped), written with pandas' `to_csv` defaults.
MLE-bench unpacks the zip into the raw folder and deletes zip and folder at the end; we read the
member from the zip and keep the zip in the raw folder, so it is not downloaded again.
"""

from __future__ import annotations

import hashlib
import shutil
import tomllib
import zipfile
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import ExternalFile, link_or_copy, obtain
from pytest_mlebench.errors import ChecksumMismatch

ID = "freesound-audio-tagging-2019"
META = ExternalFile(
    name="FSDKaggle2019.meta.zip",
    url="https://zenodo.org/records/3612637/files/FSDKaggle2019.meta.zip?download=1",
    listing="https://zenodo.org/api/records/3612637",
    env="MLEBENCH_FSDKAGGLE2019_META",
)
LABELS_MEMBER = "FSDKaggle2019.meta/test_post_competition.csv"
LEFT_OUT = "FSDKaggle2019.meta"  # raw items whose names contain this do not pass on (MLE-bench's rule)


def _definition() -> dict:
    return tomllib.loads(Path(__file__).with_name("competition.toml").read_text())


def _answers(meta: Path, classes: list[str]) -> pd.DataFrame:
    with zipfile.ZipFile(meta) as archive, archive.open(LABELS_MEMBER) as handle:
        labels = pd.read_csv(handle)
    private = labels[labels["usage"] == "Private"]
    if private["labels"].isna().any():
        raise ValueError(f"{ID}: {LABELS_MEMBER} has Private rows without labels: {META.name} is not Zenodo's")
    rows = [[fname, *(int(name in set(tags.split(","))) for name in classes)]
            for fname, tags in zip(private["fname"], private["labels"])]
    return pd.DataFrame(rows, columns=["fname", *classes])


def _check(answers: pd.DataFrame, sample: pd.DataFrame, classes: list[str]) -> None:
    """MLE-bench's checks: the sample submission has the answers' rows and the 80 classes."""
    if classes != _definition()["grading"]["target_columns"]:
        raise ValueError(f"{ID}: sample_submission.csv's columns are not fname and the competition's 80 classes")
    if sorted(sample["fname"]) != sorted(answers["fname"]):
        raise ValueError(f"{ID}: sample_submission.csv has {len(sample)} clips, the Private rows of "
                         f"{LABELS_MEMBER} {len(answers)}, and they are not the same clips: the files do not match")


def _prove_by_answers(text: str, meta: Path) -> None:
    """A zip whose md5 could not be checked is used only if its answers are MLE-bench's, byte for byte."""
    expected = _definition()["checksums"]["private/test.csv"]
    actual = hashlib.md5(text.encode()).hexdigest()
    if actual != expected:
        raise ChecksumMismatch(
            f"{ID}: {meta} could not be checked by md5 (none is pinned and {META.listing} could not be read), and "
            f"the answers it gives have md5 {actual}, not MLE-bench's {expected}: it is not Zenodo's {META.name}. "
            f"Download {META.url} again")


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    meta = obtain(META, raw_dir)
    sample = pd.read_csv(raw_dir / "sample_submission.csv")
    classes = list(sample.columns[1:])
    answers = _answers(meta.path, classes)
    _check(answers, sample, classes)
    text = answers.to_csv(index=False)
    if meta.checked_against is None:
        _prove_by_answers(text, meta.path)

    for item in sorted(raw_dir.iterdir()):
        if LEFT_OUT not in item.name:
            if item.is_dir():
                shutil.copytree(item, public / item.name, copy_function=link_or_copy)
            else:
                link_or_copy(item, public / item.name)
    (private / "test.csv").write_bytes(text.encode())
