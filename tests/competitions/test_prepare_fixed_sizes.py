"""prepare.py of competitions whose MLE-bench preparation hard-codes a size of Kaggle's data:
raw data that does not fit stops with a message that names our constant and what was found,
and the sample submission of a small preparation is graded valid. (That the output is
MLE-bench's, byte for byte, is proven by preparation/test_preparation_differential.py.)"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from pytest_mlebench.competitions import load_competition
from pytest_mlebench.data.checksums import verify_checksums
from pytest_mlebench.grading.grade import score_submission
from tests.competitions.preparation.raw import alaska2_image_steganalysis, billion_word_imputation
from tests.support.mlebench_support import COMPETITIONS_DIR


def _prepare(competition_id: str, raw: Path, tmp_path: Path, **options):
    competition = load_competition(COMPETITIONS_DIR / competition_id)
    public, private = tmp_path / "out" / "public", tmp_path / "out" / "private"
    public.mkdir(parents=True)
    private.mkdir(parents=True)
    competition.code("prepare").prepare(raw, public, private, **options)
    return competition, public, private


def test_alaska2_needs_more_covers_than_it_holds_out(tmp_path):
    cover = tmp_path / "raw" / "Cover"
    cover.mkdir(parents=True)
    for number in range(1, 5001):
        (cover / f"{number:05d}.jpg").write_bytes(b"x")
    with pytest.raises(ValueError, match=r"holds 5000 \.jpg images.*TEST_IMAGES = 5000"):
        _prepare("alaska2-image-steganalysis", tmp_path / "raw", tmp_path)


def test_alaska2_gives_mlebench_s_md5s_from_any_images(tmp_path):
    """Its two CSV files depend only on the draws (ids in order, which of them show a stego image),
    not on the images: even the generated raw data reproduces the md5s of MLE-bench's real split."""
    raw = tmp_path / "raw"
    raw.mkdir()
    alaska2_image_steganalysis.make(raw, random.Random(1))
    competition, public, private = _prepare("alaska2-image-steganalysis", raw, tmp_path)
    verify_checksums(competition, public.parent)
    assert len(list((public / "Test").iterdir())) == 5000
    assert (public / "Test" / "0001.jpg").stat().st_nlink == 2  # hard-linked, not copied
    # every score 0: the weighted AUC of a constant, about 0.59 (description.md)
    assert score_submission(competition, public / "sample_submission.csv", private) == pytest.approx(0.5857, abs=1e-3)


def test_billion_word_refuses_a_corpus_shorter_than_its_line_count(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    with zipfile.ZipFile(raw / "train_v2.txt.zip", "w") as archive:
        archive.writestr("train_v2.txt", "".join(f"line {n} of the corpus .\n" for n in range(10)))
    with pytest.raises(ValueError, match=r"has 10 lines.*TRAIN_LINES = 20 "):
        _prepare("billion-word-imputation", raw, tmp_path, train_lines=20)


def test_billion_word_names_what_the_zip_holds_instead(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    with zipfile.ZipFile(raw / "train_v2.txt.zip", "w") as archive:
        archive.writestr("corpus/train.txt", "a b c .\n")
    with pytest.raises(ValueError, match=r"corpus/train\.txt.*not train_v2\.txt"):
        _prepare("billion-word-imputation", raw, tmp_path)


def test_billion_word_sample_submission_is_graded_valid(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    billion_word_imputation.make(raw, random.Random(0))
    competition, public, private = _prepare("billion-word-imputation", raw, tmp_path,
                                            train_lines=billion_word_imputation.TRAIN_LINES)
    assert sorted(p.name for p in public.iterdir()) == ["test_v2.txt.zip", "train_v2.txt.zip"]
    with zipfile.ZipFile(public / "test_v2.txt.zip") as archive:
        assert archive.read("test_v2.txt") == (private / "sample_submission.csv").read_bytes()
    # the sample inserts nothing: each sentence is one word and one space short
    assert score_submission(competition, private / "sample_submission.csv", private) > 1
