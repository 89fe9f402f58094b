"""prepare.py of the COCO-style metadata family (herbarium 2020-2022, iNaturalist 2019, iWildCam
2019-2020) beyond the byte-for-byte comparison with MLE-bench (tests/competitions/preparation):
the sample submission is valid for our own grader, photos are hard-linked rather than copied,
nothing is written into the raw folder, and raw data that MLE-bench's split cannot handle stops
with a message that says what is wrong."""

from __future__ import annotations

import json
import os
import random
import tarfile
import zipfile
from pathlib import Path

import pytest

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.grading.grade import score_submission
from tests.competitions.preparation.raw import (herbarium_2020_fgvc7, herbarium_2021_fgvc8, herbarium_2022_fgvc9,
                                                inaturalist_2019_fgvc6, iwildcam_2019_fgvc6, iwildcam_2020_fgvc7)

COMPETITIONS = load_competitions()
FAMILY = {"herbarium-2020-fgvc7": (herbarium_2020_fgvc7, "sample_submission.csv"),
          "herbarium-2021-fgvc8": (herbarium_2021_fgvc8, "sample_submission.csv"),
          "herbarium-2022-fgvc9": (herbarium_2022_fgvc9, "sample_submission.csv"),
          "inaturalist-2019-fgvc6": (inaturalist_2019_fgvc6, "kaggle_sample_submission.csv"),
          "iwildcam-2019-fgvc6": (iwildcam_2019_fgvc6, "sample_submission.csv"),
          "iwildcam-2020-fgvc7": (iwildcam_2020_fgvc7, "sample_submission.csv")}


def _raw(competition_id: str, tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    FAMILY[competition_id][0].make(raw, random.Random(1))
    return raw


def _prepare(competition_id: str, raw: Path, tmp_path: Path) -> tuple[Path, Path]:
    public, private = tmp_path / "public", tmp_path / "private"
    public.mkdir()
    private.mkdir()
    COMPETITIONS[competition_id].code("prepare").prepare(raw, public, private)
    return public, private


def _tree(root: Path) -> dict:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in sorted(root.rglob("*"))}


@pytest.mark.parametrize("competition_id", sorted(FAMILY))
def test_the_sample_submission_is_valid_and_the_raw_folder_stays_as_it_was(competition_id, tmp_path):
    raw = _raw(competition_id, tmp_path)
    before = _tree(raw)
    public, private = _prepare(competition_id, raw, tmp_path)
    assert _tree(raw) == before
    score = score_submission(COMPETITIONS[competition_id], public / FAMILY[competition_id][1], private)
    assert 0 <= score <= 1
    assert not any("answers" in p.name for p in public.rglob("*"))


@pytest.mark.parametrize(("competition_id", "photos"), [("herbarium-2020-fgvc7", "nybg2020/train/images"),
                                                        ("herbarium-2021-fgvc8", "train/images"),
                                                        ("herbarium-2022-fgvc9", "train_images"),
                                                        ("iwildcam-2020-fgvc7", "train")])
def test_photos_are_hard_links_to_the_raw_ones(competition_id, photos, tmp_path):
    raw = _raw(competition_id, tmp_path)
    public, _ = _prepare(competition_id, raw, tmp_path)
    inodes = {p.stat().st_ino for p in (raw / photos).rglob("*.jpg")}
    prepared = [p for p in public.rglob("*.jpg")]
    assert len(prepared) >= 100 and all(p.stat().st_ino in inodes for p in prepared)


def test_herbarium_2022_refuses_a_category_of_one_sheet(tmp_path):
    raw = _raw("herbarium-2022-fgvc9", tmp_path)
    metadata = json.loads((raw / "train_metadata.json").read_text())
    metadata["annotations"][0]["category_id"] = 99999
    (raw / "train_metadata.json").write_text(json.dumps(metadata))
    with pytest.raises(ValueError, match="category 99999 has a single image"):
        _prepare("herbarium-2022-fgvc9", raw, tmp_path)


def test_herbarium_refuses_metadata_whose_lists_are_out_of_step(tmp_path):
    raw = _raw("herbarium-2021-fgvc8", tmp_path)
    metadata = json.loads((raw / "train" / "metadata.json").read_text())
    metadata["images"][:2] = metadata["images"][1::-1]
    (raw / "train" / "metadata.json").write_text(json.dumps(metadata))
    with pytest.raises(ValueError, match="must be in the same order"):
        _prepare("herbarium-2021-fgvc8", raw, tmp_path)


def test_inaturalist_names_the_photos_its_archive_lacks(tmp_path):
    raw = _raw("inaturalist-2019-fgvc6", tmp_path)
    with tarfile.open(raw / "train_val2019.tar.gz") as archive:
        kept = [m for m in archive.getmembers() if not m.isfile()] + [m for m in archive.getmembers() if m.isfile()][1:]
        with tarfile.open(tmp_path / "short.tar.gz", "w:gz") as short:
            for member in kept:
                short.addfile(member, archive.extractfile(member) if member.isfile() else None)
    os.replace(tmp_path / "short.tar.gz", raw / "train_val2019.tar.gz")
    with pytest.raises(FileNotFoundError, match="1 photos named in train2019.json are not in train_val2019.tar.gz"):
        _prepare("inaturalist-2019-fgvc6", raw, tmp_path)


def test_iwildcam_2019_names_the_photo_its_archive_lacks(tmp_path):
    raw = _raw("iwildcam-2019-fgvc6", tmp_path)
    with zipfile.ZipFile(raw / "train_images.zip") as archive, \
            zipfile.ZipFile(tmp_path / "short.zip", "w") as short:
        names = archive.namelist()
        for name in names[1:]:
            short.writestr(name, archive.read(name))
    os.replace(tmp_path / "short.zip", raw / "train_images.zip")
    with pytest.raises(FileNotFoundError, match=f"has no member '{names[0]}'"):
        _prepare("iwildcam-2019-fgvc6", raw, tmp_path)


def test_iwildcam_2020_refuses_photos_without_a_location(tmp_path):
    raw = _raw("iwildcam-2020-fgvc7", tmp_path)
    path = raw / "iwildcam2020_train_annotations.json"
    data = json.loads(path.read_text())
    del data["images"][3]["location"]
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="1 photos have no location"):
        _prepare("iwildcam-2020-fgvc7", raw, tmp_path)
