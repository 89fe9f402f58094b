"""prepare.py of hubmap, uw-madison, siim-covid19, vesuvius and contrails on their generated raw data
(tests/competitions/preparation/raw), without MLE-bench: what the differential test cannot show.

The differential test proves the bytes equal MLE-bench's; these show that the sample submissions
are valid for our graders (the gold ones perfect), that raw data MLE-bench would stop on is
refused with a message naming the cause, that big files are hard-linked, and that contrails'
write into the raw folder happens as MLE-bench's does. They run under pandas 2.2 in CI too.
"""

from __future__ import annotations

import importlib
import os
import random
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.grading.grade import score_submission

COMPETITIONS = load_competitions()
IDS = ["hubmap-kidney-segmentation", "uw-madison-gi-tract-image-segmentation", "siim-covid19-detection",
       "vesuvius-challenge-ink-detection", "google-research-identify-contrails-reduce-global-warming"]


def _raw(competition_id: str, tmp_path: Path, seed: int = 0) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    module = importlib.import_module(f"tests.competitions.preparation.raw.{competition_id.replace('-', '_')}")
    module.make(raw, random.Random(seed))
    return raw


def _prepare(competition_id: str, raw: Path, tmp_path: Path) -> tuple[Path, Path]:
    public, private = tmp_path / "public", tmp_path / "private"
    public.mkdir(exist_ok=True)
    private.mkdir(exist_ok=True)
    COMPETITIONS[competition_id].code("prepare").prepare(raw, public, private)
    return public, private


@pytest.mark.parametrize("competition_id", IDS)
def test_the_sample_submission_is_valid_and_the_gold_one_perfect(competition_id, tmp_path):
    public, private = _prepare(competition_id, _raw(competition_id, tmp_path), tmp_path)
    competition = COMPETITIONS[competition_id]
    assert 0.0 <= score_submission(competition, public / "sample_submission.csv", private) < 1.0
    if (private / "gold_submission.csv").exists():
        assert score_submission(competition, private / "gold_submission.csv", private) == pytest.approx(1.0)


def test_hubmap_refuses_raw_data_that_does_not_fit_its_fixed_15_images(tmp_path):
    raw = _raw("hubmap-kidney-segmentation", tmp_path)
    table = pd.read_csv(raw / "train.csv")
    table.iloc[:14].to_csv(raw / "train.csv", index=False)
    with pytest.raises(ValueError, match=r"14 rows.*LABELLED_IMAGES = 15 \(12 train, 3 test\)"):
        _prepare("hubmap-kidney-segmentation", raw, tmp_path)
    assert not any((tmp_path / "public").iterdir())  # refused before anything is written


def test_hubmap_passes_each_image_s_three_files_linked(tmp_path):
    raw = _raw("hubmap-kidney-segmentation", tmp_path)
    public, _ = _prepare("hubmap-kidney-segmentation", raw, tmp_path)
    test_ids = pd.read_csv(public / "sample_submission.csv")["id"]
    for image_id in test_ids:
        for name in (f"{image_id}.tiff", f"{image_id}.json", f"{image_id}-anatomical-structure.json"):
            assert os.path.samefile(public / "test" / name, raw / "train" / name)
    assert (public / "test" / "sample_submission.csv").read_bytes() == (public / "sample_submission.csv").read_bytes()
    assert len(list((public / "train").glob("*.tiff"))) == 12 and len(test_ids) == 3


def test_vesuvius_refuses_a_file_mlebench_would_stop_on(tmp_path):
    raw = _raw("vesuvius-challenge-ink-detection", tmp_path)
    (raw / "train" / "3" / "surface_volume" / ".DS_Store").write_bytes(b"\0")
    with pytest.raises(ValueError, match=r"not \.png, \.csv or \.tif.*\.DS_Store"):
        _prepare("vesuvius-challenge-ink-detection", raw, tmp_path)


def test_vesuvius_test_fragment_lacks_the_labels_and_the_infrared_photo(tmp_path):
    raw = _raw("vesuvius-challenge-ink-detection", tmp_path)
    public, private = _prepare("vesuvius-challenge-ink-detection", raw, tmp_path)
    names = {p.name for p in (public / "test" / "a").rglob("*")}
    assert "mask.png" in names and not names & {"inklabels.png", "inklabels_rle.csv", "ir.png"}
    answers = pd.read_csv(private / "inklabels_rle.csv")
    assert list(answers.columns) == ["Id", "Predicted", "width", "height"] and answers["Id"].tolist() == ["a"]


def test_contrails_run_length_goes_down_each_column_first():
    run_length = COMPETITIONS["google-research-identify-contrails-reduce-global-warming"].code("prepare").run_length
    mask = np.array([[1, 0, 1], [1, 1, 0]], dtype=np.int32)  # columns: (1, 1), (0, 1), (1, 0)
    assert run_length(mask) == "1 2 4 2"
    assert run_length(mask[:, :, None]) == "1 2 4 2"  # Kaggle's masks are height x width x 1
    assert run_length(np.zeros((3, 3, 1), dtype=np.int32)) == "-"
    assert run_length(np.full((2, 2), 2)) == "-"  # only pixels equal to 1 count


def test_contrails_links_records_and_makes_the_raw_validation_folder_as_mlebench_does(tmp_path):
    raw = _raw("google-research-identify-contrails-reduce-global-warming", tmp_path)
    shutil.rmtree(raw / "validation")
    public, private = _prepare("google-research-identify-contrails-reduce-global-warming", raw, tmp_path)
    assert (raw / "validation").is_dir() and not any((raw / "validation").iterdir())
    record = pd.read_csv(private / "answers.csv", dtype={"record_id": str})["record_id"][0]
    assert sorted(p.name for p in (public / "test" / record).iterdir()) == [f"band_{n:02d}.npy" for n in range(8, 17)]
    assert os.path.samefile(public / "test" / record / "band_08.npy", raw / "train" / record / "band_08.npy")


def test_uw_madison_refuses_two_days_of_one_number(tmp_path):
    raw = _raw("uw-madison-gi-tract-image-segmentation", tmp_path)
    table = pd.read_csv(raw / "train.csv")
    first = table["id"][0]
    case, day = first.split("_")[:2]
    twin = first.replace(f"{case}_{day}_", f"{case}_day0{day[3:]}_")
    shutil.copytree(raw / "train" / case / f"{case}_{day}", raw / "train" / case / f"{case}_day0{day[3:]}")
    pd.concat([table, table.iloc[:1].assign(id=twin)]).to_csv(raw / "train.csv", index=False)
    with pytest.raises(ValueError, match="two days of the same number"):
        _prepare("uw-madison-gi-tract-image-segmentation", raw, tmp_path)


def test_siim_refuses_an_image_of_no_study(tmp_path):
    raw = _raw("siim-covid19-detection", tmp_path)
    images = pd.read_csv(raw / "train_image_level.csv")
    images.loc[0, "StudyInstanceUID"] = "ffffffffffff"
    images.to_csv(raw / "train_image_level.csv", index=False)
    with pytest.raises(ValueError, match="belong to no study"):
        _prepare("siim-covid19-detection", raw, tmp_path)
