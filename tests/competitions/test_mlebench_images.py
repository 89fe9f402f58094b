"""MLE-bench image competitions on real Kaggle data: aerial-cactus-identification and
denoising-dirty-documents.

Both are prepared once per module from the verified raw files in
`../shared/kaggle-raw/<id>`. The checks: every CSV file MLE-bench checksums
has its md5 (so the splits are byte-identical), the TOML's checksums and
figures are those of `../shared/mlebench`, the image files land where
MLE-bench puts them with their original bytes, and grading follows MLE-bench:
the best value for the answers, the constant predictor's value for the sample
submission (worked out here from the raw data, not from our answers file),
and invalid for what MLE-bench's grader refuses.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from scipy.stats import rankdata
from sklearn.metrics import root_mean_squared_error

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.grade import score_submission
from tests.support.mlebench_support import Prepared, md5, prepared_fixtures, read_checksums_yaml

CACTUS = "aerial-cactus-identification"
DENOISE = "denoising-dirty-documents"
IDS = [CACTUS, DENOISE]

pytestmark = pytest.mark.slow


prepared_all, prepared = prepared_fixtures(IDS)


@pytest.fixture(scope="module")
def cactus(prepared_all) -> Prepared:
    return prepared_all[CACTUS]


@pytest.fixture(scope="module")
def denoise(prepared_all) -> Prepared:
    return prepared_all[DENOISE]


def _zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# ---------------------------------------------------------------- preparation, both


def test_every_checksummed_file_has_mlebenchmd5(prepared):
    checksums = prepared.competition.data.checksums
    assert checksums, "the [checksums] table must not be empty"
    assert {name: md5(prepared.root / name) for name in checksums} == checksums


def test_checksum_table_equals_the_shared_yaml(prepared, shared_dir):
    expected = read_checksums_yaml(shared_dir / "mlebench" / "checksums" / f"{prepared.competition.id}.yaml")[0]
    assert expected, "the yaml parser found no checksums"
    assert prepared.competition.data.checksums == expected


def test_csv_files_written_are_exactly_the_checksummed_ones(prepared):
    written = {str(p.relative_to(prepared.root)) for p in prepared.root.glob("*/*.csv")}
    assert written == set(prepared.competition.data.checksums)


def test_raw_files_listed_exist_in_shared(prepared):
    assert prepared.competition.data.raw_files
    assert all((prepared.raw / name).is_file() for name in prepared.competition.data.raw_files)


# ---------------------------------------------------------------- aerial cactus: files


def test_cactus_split_sizes_and_no_overlap(cactus):
    train = pd.read_csv(cactus.public / "train.csv")
    answers = pd.read_csv(cactus.private / "test.csv")
    assert (len(train), len(answers)) == (14175, 3325)
    assert set(train["id"]).isdisjoint(answers["id"])
    assert list(train.columns) == list(answers.columns) == ["id", "has_cactus"]


def test_cactus_image_archives_hold_the_split_images_with_original_bytes(cactus):
    raw = _zip_members(cactus.raw / "train.zip")
    for csv_name, archive in (("public/train.csv", "train.zip"), ("public/sample_submission.csv", "test.zip")):
        ids = pd.read_csv(cactus.root / csv_name)["id"]
        members = _zip_members(cactus.public / archive)
        assert set(members) == set(ids), f"{archive} must hold exactly the images of {csv_name}, at its top level"
        assert all(members[name] == raw[f"train/{name}"] for name in members)


def test_cactus_public_folder_holds_no_answers(cactus):
    assert sorted(p.name for p in cactus.public.iterdir()) == [
        "sample_submission.csv", "test.zip", "train.csv", "train.zip",
    ]
    assert sorted(p.name for p in cactus.private.iterdir()) == ["test.csv"]


def test_cactus_preparation_is_deterministic(cactus, tmp_path):
    cactus.competition.code("prepare").prepare(cactus.raw, tmp_path / "public", tmp_path / "private")
    for path in sorted(cactus.root.rglob("*.*")):
        assert md5(path) == md5(tmp_path / path.relative_to(cactus.root)), path.name


# ---------------------------------------------------------------- aerial cactus: grading


def _auc_by_ranks(labels: np.ndarray, scores: np.ndarray) -> float:
    """AUC as the Mann-Whitney statistic (ties count half), independent of scikit-learn."""
    ranks = rankdata(scores)
    positives = labels == 1
    n_pos, n_neg = positives.sum(), (~positives).sum()
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def test_cactus_answers_score_a_perfect_auc(cactus, tmp_path):
    answers = pd.read_csv(cactus.private / "test.csv")
    assert cactus.score(answers, tmp_path / "s.csv") == 1.0
    assert cactus.score(answers.sample(frac=1, random_state=1), tmp_path / "shuffled.csv") == 1.0
    flipped = answers.assign(has_cactus=1 - answers["has_cactus"])
    assert cactus.score(flipped, tmp_path / "flipped.csv") == 0.0


def test_cactus_sample_submission_scores_a_constant_guess(cactus):
    sample = pd.read_csv(cactus.public / "sample_submission.csv")
    answers = pd.read_csv(cactus.private / "test.csv")
    expected = _auc_by_ranks(answers["has_cactus"].to_numpy(), sample["has_cactus"].to_numpy())
    assert expected == 0.5
    assert score_submission(cactus.competition, cactus.public / "sample_submission.csv", cactus.private) == expected


def test_cactus_noisy_scores_match_the_rank_formula(cactus, tmp_path):
    answers = pd.read_csv(cactus.private / "test.csv")
    rng = np.random.default_rng(0)
    scores = np.clip(0.6 * answers["has_cactus"] + rng.normal(0.2, 0.3, len(answers)), 0, 1).round(3)
    submission = answers.assign(has_cactus=scores).sample(frac=1, random_state=2)
    expected = _auc_by_ranks(answers["has_cactus"].to_numpy(), scores.to_numpy())
    assert 0.6 < expected < 0.99
    assert cactus.score(submission, tmp_path / "s.csv") == round(expected, 5)


def _cactus_bad(answers: pd.DataFrame, case: str) -> pd.DataFrame:
    bad = answers.assign(has_cactus=0.5)
    if case == "missing target column":
        return bad[["id"]]
    if case == "missing id column":
        return bad[["has_cactus"]]
    if case == "one row missing":
        return bad.iloc[1:]
    if case == "one row twice":
        return pd.concat([bad, bad.iloc[:1]])
    if case == "duplicate id":
        bad.loc[0, "id"] = bad.loc[1, "id"]
    elif case == "unknown id":
        bad.loc[0, "id"] = "not-an-image.jpg"
    elif case == "above one":
        bad["has_cactus"] = np.where(answers["has_cactus"] == 1, 1.5, 0.0)
    elif case == "negative":
        bad["has_cactus"] = -answers["has_cactus"]
    elif case == "NaN":
        bad.loc[5, "has_cactus"] = np.nan
    elif case == "text":
        bad = bad.astype({"has_cactus": object})
        bad.loc[3, "has_cactus"] = "yes"
    return bad


CACTUS_BAD = [
    "missing target column", "missing id column", "one row missing", "one row twice", "duplicate id",
    "unknown id", "above one", "negative", "NaN", "text",
]


@pytest.mark.parametrize("case", CACTUS_BAD)
def test_cactus_invalid_submissions(cactus, tmp_path, case):
    answers = pd.read_csv(cactus.private / "test.csv")
    with pytest.raises(InvalidSubmission):
        cactus.score(_cactus_bad(answers, case), tmp_path / "s.csv")


# ---------------------------------------------------------------- denoising: files


def test_denoise_split_is_115_train_and_29_test_pages(denoise):
    raw_names = {Path(n).name for n in _zip_members(denoise.raw / "train.zip")}
    train = {p.name for p in (denoise.public / "train").glob("*.png")}
    test = {p.name for p in (denoise.public / "test").glob("*.png")}
    cleaned = {p.name for p in (denoise.public / "train_cleaned").glob("*.png")}
    assert (len(train), len(test)) == (115, 29)
    assert train | test == raw_names and not train & test
    assert cleaned == train, "only the training pages may have clean versions in public/"
    assert sorted(p.name for p in denoise.private.iterdir()) == ["answers.csv"]


def test_denoise_images_keep_their_original_bytes(denoise):
    for archive, folders in (("train.zip", ("train", "test")), ("train_cleaned.zip", ("train_cleaned",))):
        raw = {Path(name).name: data for name, data in _zip_members(denoise.raw / archive).items()}
        for folder in folders:
            for path in (denoise.public / folder).glob("*.png"):
                assert path.read_bytes() == raw[path.name], f"{folder}/{path.name}"


@pytest.fixture(scope="module")
def denoise_answers(denoise) -> pd.DataFrame:
    """The answers as the harness (and MLE-bench) reads them: inferred types, round-trip floats."""
    return pd.read_csv(denoise.private / "answers.csv", float_precision="round_trip")


@pytest.fixture(scope="module")
def clean_test_pixels(denoise) -> dict[str, np.ndarray]:
    """Grey levels in [0, 1] of each test page's clean version, straight from the raw archive."""
    raw = {Path(name).name: data for name, data in _zip_members(denoise.raw / "train_cleaned.zip").items()}
    return {
        path.stem: np.asarray(Image.open(io.BytesIO(raw[path.name])).convert("L"), dtype=float) / 255.0
        for path in (denoise.public / "test").glob("*.png")
    }


def test_denoise_answers_have_one_row_per_test_pixel(denoise_answers, clean_test_pixels):
    assert len(denoise_answers) == sum(page.size for page in clean_test_pixels.values()) == 5_789_880
    pages = denoise_answers["id"].str.split("_", n=1).str[0]
    assert set(pages) == set(clean_test_pixels)
    first = sorted(clean_test_pixels)[0]  # pages in file-name order, pixels row by row
    height, width = clean_test_pixels[first].shape
    head = denoise_answers.head(width + 1)
    assert list(head["id"]) == [f"{first}_1_{c}" for c in range(1, width + 1)] + [f"{first}_2_1"]
    assert np.array_equal(head["value"].to_numpy(), np.append(clean_test_pixels[first][0], clean_test_pixels[first][1, 0]))


# ---------------------------------------------------------------- denoising: grading


def _denoise_grade(denoise: Prepared, submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return round(denoise.competition.code("grade").grade(submission, answers), 5)


def test_denoise_answers_score_zero(denoise):
    assert score_submission(denoise.competition, denoise.private / "answers.csv", denoise.private) == 0.0


def test_denoise_sample_submission_scores_an_all_white_page(denoise, clean_test_pixels):
    squared = sum(((1.0 - page) ** 2).sum() for page in clean_test_pixels.values())
    count = sum(page.size for page in clean_test_pixels.values())
    expected = round(float(np.sqrt(squared / count)), 5)
    assert 0.2 < expected < 0.4
    assert score_submission(denoise.competition, denoise.public / "sampleSubmission.csv", denoise.private) == expected


def test_denoise_rows_in_any_order_and_extra_columns_are_accepted(denoise, denoise_answers):
    values = np.random.default_rng(0).random(len(denoise_answers))
    expected = round(float(root_mean_squared_error(denoise_answers["value"], values)), 5)
    submission = denoise_answers.assign(value=values, note="x")
    assert _denoise_grade(denoise, submission, denoise_answers) == expected
    shuffled = submission.sample(frac=1, random_state=3).reset_index(drop=True)
    assert _denoise_grade(denoise, shuffled, denoise_answers) == expected


def test_denoise_values_are_not_clipped(denoise, denoise_answers):
    values = denoise_answers["value"].to_numpy()
    expected = round(float(np.sqrt(np.mean((2.0 - values) ** 2))), 5)
    assert _denoise_grade(denoise, denoise_answers.assign(value=2.0), denoise_answers) == expected


def _denoise_bad(answers: pd.DataFrame, case: str) -> pd.DataFrame:
    if case == "missing value column":
        return answers[["id"]]
    if case == "missing id column":
        return answers[["value"]]
    if case == "one row missing":
        return answers.iloc[1:]
    if case == "one row twice":
        return pd.concat([answers, answers.iloc[:1]])
    bad = answers.copy()
    if case == "duplicate id":
        bad.loc[0, "id"] = bad.loc[1, "id"]
    elif case == "unknown id":
        bad.loc[7, "id"] = "1_1_1"  # page 1 is a training page
    elif case == "NaN value":
        bad.loc[11, "value"] = np.nan
    elif case == "infinite value":
        bad.loc[11, "value"] = np.inf
    elif case == "text value":
        bad = bad.astype({"value": object})
        bad.loc[11, "value"] = "white"
    return bad


DENOISE_BAD = [
    "missing value column", "missing id column", "one row missing", "one row twice",
    "duplicate id", "unknown id", "NaN value", "infinite value", "text value",
]


@pytest.mark.parametrize("case", DENOISE_BAD)
def test_denoise_invalid_submissions(denoise, denoise_answers, case):
    with pytest.raises(InvalidSubmission):
        _denoise_grade(denoise, _denoise_bad(denoise_answers, case), denoise_answers)


@pytest.mark.filterwarnings("ignore::pandas.errors.DtypeWarning")
def test_denoise_invalid_text_read_from_a_file(denoise, tmp_path):
    """Through the harness: a file whose value column pandas reads as text is refused."""
    path = tmp_path / "submission.csv"
    lines = (denoise.public / "sampleSubmission.csv").read_text().splitlines()
    lines[5] = lines[5].rsplit(",", 1)[0] + ",white"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InvalidSubmission):
        score_submission(denoise.competition, path, denoise.private)
