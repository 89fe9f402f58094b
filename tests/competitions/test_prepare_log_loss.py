"""prepare.py of dog-breed-identification and dogs-vs-cats-redux-kernels-edition on tiny synthetic raw folders.

We have no Kaggle raw data for these two here, so each test builds a raw folder
with Kaggle's layout (a handful of fake JPEG files whose bytes name the photo)
and checks what MLE-bench's preparation guarantees: the split is scikit-learn's
`train_test_split` with MLE-bench's arguments, the files and columns are
MLE-bench's, no answer reaches public/, every photo lands with its own bytes,
and the sample submission is graded valid by the competition's own grader.
"""

from __future__ import annotations

import hashlib
import math
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from pytest_mlebench.competitions import load_competition
from pytest_mlebench.grading.grade import score_submission
from tests.support.paths import REPO

FOLDER = REPO / "competitions"
DOG_BREEDS = load_competition(FOLDER / "dog-breed-identification")
DOGS_CATS = load_competition(FOLDER / "dogs-vs-cats-redux-kernels-edition")


def _prepare(competition, raw: Path, root: Path) -> tuple[Path, Path]:
    public, private = root / "public", root / "private"
    public.mkdir(parents=True)
    private.mkdir(parents=True)
    competition.code("prepare").prepare(raw, public, private)
    return public, private


def _md5s(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.md5(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- dog breeds

BREEDS = list(DOG_BREEDS.grading.target_columns)


@pytest.fixture(scope="module")
def dog_raw(tmp_path_factory) -> Path:
    """Kaggle's layout: labels.csv (id, breed) and train/<id>.jpg; 50 photos of 7 breeds."""
    raw = tmp_path_factory.mktemp("dog-raw")
    (raw / "train").mkdir()
    ids = [hashlib.md5(str(i).encode()).hexdigest() for i in range(50)]
    breeds = [BREEDS[(i * 17) % 7] for i in range(50)]
    pd.DataFrame({"id": ids, "breed": breeds}).to_csv(raw / "labels.csv", index=False)
    for image_id in ids:
        (raw / "train" / f"{image_id}.jpg").write_bytes(f"jpeg of {image_id}".encode())
    (raw / "test").mkdir()  # Kaggle's unlabelled test photos: not used
    return raw


@pytest.fixture(scope="module")
def dog_prepared(dog_raw, tmp_path_factory) -> tuple[Path, Path]:
    return _prepare(DOG_BREEDS, dog_raw, tmp_path_factory.mktemp("dog-prepared"))


def test_dog_breeds_files_are_mlebenchs(dog_prepared):
    public, private = dog_prepared
    assert sorted(p.name for p in public.iterdir()) == ["labels.csv", "sample_submission.csv", "test", "train"]
    assert sorted(p.name for p in private.iterdir()) == ["test.csv"]
    assert {f"public/{name}" for name in ("labels.csv", "sample_submission.csv")} | {"private/test.csv"} == set(
        DOG_BREEDS.data.checksums
    )


def test_dog_breeds_split_is_train_test_split_10_percent_seed_0(dog_raw, dog_prepared):
    public, private = dog_prepared
    labels = pd.read_csv(dog_raw / "labels.csv")
    expected_train, expected_test = train_test_split(labels, test_size=0.1, random_state=0)
    train = pd.read_csv(public / "labels.csv")
    answers = pd.read_csv(private / "test.csv")
    assert list(train.columns) == ["id", "breed"]
    assert train.equals(expected_train.reset_index(drop=True))
    assert answers["id"].tolist() == expected_test["id"].tolist()
    assert (len(train), len(answers)) == (45, 5)


def test_dog_breeds_answers_are_one_hot_in_breed_order(dog_raw, dog_prepared):
    _, private = dog_prepared
    answers = pd.read_csv(private / "test.csv")
    assert list(answers.columns) == ["id"] + BREEDS
    truth = pd.read_csv(dog_raw / "labels.csv").set_index("id")["breed"]
    for _, row in answers.iterrows():
        assert row[BREEDS].sum() == 1 and row[truth[row["id"]]] == 1


def test_dog_breeds_photos_land_in_their_folder_with_their_bytes(dog_raw, dog_prepared):
    public, private = dog_prepared
    for folder, frame in (("train", pd.read_csv(public / "labels.csv")), ("test", pd.read_csv(private / "test.csv"))):
        files = sorted(p.name for p in (public / folder).iterdir())
        assert files == sorted(f"{i}.jpg" for i in frame["id"])
        assert all((public / folder / f).read_bytes() == (dog_raw / "train" / f).read_bytes() for f in files)


def test_dog_breeds_sample_submission_is_uniform_and_graded_valid(dog_prepared):
    public, private = dog_prepared
    text = (public / "sample_submission.csv").read_text().splitlines()
    assert text[0] == ",".join(["id"] + BREEDS)
    assert text[1].split(",")[1:] == ["0.008333333333333333"] * 120  # 1/120 written in full, as MLE-bench does
    assert score_submission(DOG_BREEDS, public / "sample_submission.csv", private) == round(math.log(120), 5)
    assert score_submission(DOG_BREEDS, private / "test.csv", private) == 0.0


# ---------------------------------------------------------------- dogs vs. cats


@pytest.fixture(scope="module")
def pets_raw(tmp_path_factory) -> Path:
    """Kaggle's layout: train.zip holding train/cat.<n>.jpg and train/dog.<n>.jpg (12 of each)."""
    raw = tmp_path_factory.mktemp("pets-raw")
    with zipfile.ZipFile(raw / "train.zip", "w") as archive:
        for animal in ("cat", "dog"):
            for n in range(12):
                archive.writestr(f"train/{animal}.{n}.jpg", f"{animal} number {n}")
    return raw


@pytest.fixture(scope="module")
def pets_prepared(pets_raw, tmp_path_factory) -> tuple[Path, Path]:
    return _prepare(DOGS_CATS, pets_raw, tmp_path_factory.mktemp("pets-prepared"))


def _expected_split() -> tuple[list[str], list[str]]:
    names = sorted(f"{animal}.{n}.jpg" for animal in ("cat", "dog") for n in range(12))  # "cat.10" before "cat.2"
    return train_test_split(names, test_size=0.1, random_state=0)


def test_pets_files_are_mlebenchs(pets_prepared):
    public, private = pets_prepared
    assert sorted(p.name for p in public.iterdir()) == ["sample_submission.csv", "test", "test.zip", "train", "train.zip"]
    assert sorted(p.name for p in private.iterdir()) == ["answers.csv"]


def test_pets_test_photos_are_numbered_in_split_order_and_answered(pets_prepared):
    public, private = pets_prepared
    _, test_names = _expected_split()
    answers = pd.read_csv(private / "answers.csv")
    assert list(answers.columns) == ["id", "label"]
    assert answers["id"].tolist() == list(range(1, len(test_names) + 1)) == [1, 2, 3]
    for i, original in enumerate(test_names, start=1):
        animal, n, _ = original.split(".")
        assert (public / "test" / f"{i}.jpg").read_text() == f"{animal} number {n}"
        assert answers.loc[i - 1, "label"] == int(animal == "dog")


def test_pets_train_photos_are_renamed_per_animal_in_split_order(pets_prepared):
    public, _ = pets_prepared
    train_names, _ = _expected_split()
    counters = {"cat": 0, "dog": 0}
    for original in train_names:
        animal, n, _ = original.split(".")
        assert (public / "train" / f"{animal}.{counters[animal]}.jpg").read_text() == f"{animal} number {n}"
        counters[animal] += 1
    assert len(list((public / "train").iterdir())) == len(train_names) == 21


def test_pets_archives_hold_the_folders_files_at_top_level(pets_prepared):
    public, _ = pets_prepared
    for folder in ("train", "test"):
        with zipfile.ZipFile(public / f"{folder}.zip") as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        assert members == {p.name: p.read_bytes() for p in (public / folder).iterdir()}


def test_pets_sample_submission_is_graded_valid(pets_prepared):
    public, private = pets_prepared
    sample = pd.read_csv(public / "sample_submission.csv")
    assert list(sample.columns) == ["id", "label"] and (sample["label"] == 0.5).all()
    assert score_submission(DOGS_CATS, public / "sample_submission.csv", private) == round(math.log(2), 5)
    assert score_submission(DOGS_CATS, private / "answers.csv", private) == 0.0


# ---------------------------------------------------------------- both


@pytest.mark.parametrize("competition, raw, prepared", [
    (DOG_BREEDS, "dog_raw", "dog_prepared"),
    (DOGS_CATS, "pets_raw", "pets_prepared"),
], ids=["dog-breeds", "pets"])
def test_preparation_is_deterministic(competition, raw, prepared, request, tmp_path):
    public, private = request.getfixturevalue(prepared)
    again_public, again_private = _prepare(competition, request.getfixturevalue(raw), tmp_path)
    assert _md5s(again_public) == _md5s(public) and _md5s(again_private) == _md5s(private)
