"""prepare.py of the label-metric lite/dev competitions, on tiny synthetic raw folders.

We have no Kaggle raw data for these competitions here, so each test builds a
raw folder with Kaggle's layout and columns, runs the competition's own
prepare.py, and checks what MLE-bench's preparation guarantees: the files and
folders it writes, the split it makes (same call, same seed), no answers in
public/, images copied byte for byte where they belong, and a sample
submission that our grader scores as valid.
"""

from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.grading.grade import score_submission

COMPETITIONS = load_competitions()


def _prepare(competition_id: str, raw: Path, tmp_path: Path) -> tuple[Path, Path]:
    public, private = tmp_path / "prepared" / "public", tmp_path / "prepared" / "private"
    COMPETITIONS[competition_id].code("prepare").prepare(raw, public, private)
    return public, private


def _sample_scores(competition_id: str, public: Path, private: Path, sample_name: str) -> float:
    """The sample submission must be a valid submission for our own grader."""
    return score_submission(COMPETITIONS[competition_id], public / sample_name, private)


def _image_bytes(name: str) -> bytes:
    return f"fake image {name}".encode()


def test_public_files_match_the_checksummed_names():
    # the CSV files each prepare.py writes, as listed in the [checksums] of its competition.toml
    expected = {
        "aptos2019-blindness-detection": {"public/train.csv", "public/test.csv", "public/sample_submission.csv", "private/test.csv"},
        "tabular-playground-series-dec-2021": {"public/train.csv", "public/test.csv", "public/sample_submission.csv", "private/test.csv"},
        "ml2021spring-hw2": {"public/sampleSubmission.csv", "private/answers.csv"},
        "movie-review-sentiment-analysis-kernels-only": {"public/sampleSubmission.csv", "private/answers.csv"},
        "paddy-disease-classification": {"public/train.csv", "public/sample_submission.csv", "private/test.csv"},
        "plant-seedlings-classification": {"public/sample_submission.csv", "private/answers.csv"},
    }
    for competition_id, files in expected.items():
        assert set(COMPETITIONS[competition_id].data.checksums) == files, competition_id


def test_aptos(tmp_path):
    raw = tmp_path / "raw"
    (raw / "train_images").mkdir(parents=True)
    labels = pd.DataFrame({"id_code": [f"{i:03x}c1434d8d7" for i in range(30)], "diagnosis": [i % 5 for i in range(30)]})
    labels.to_csv(raw / "train.csv", index=False)
    for image_id in labels["id_code"]:
        (raw / "train_images" / f"{image_id}.png").write_bytes(_image_bytes(image_id))

    public, private = _prepare("aptos2019-blindness-detection", raw, tmp_path)
    _, expected_test = train_test_split(labels, test_size=0.1, random_state=0)
    answers = pd.read_csv(private / "test.csv")
    assert answers["id_code"].tolist() == expected_test["id_code"].tolist() and len(answers) == 3
    assert list(pd.read_csv(public / "test.csv").columns) == ["id_code"]
    train = pd.read_csv(public / "train.csv")
    assert len(train) == 27 and set(train["id_code"]).isdisjoint(answers["id_code"])
    for folder, ids in (("train_images", train["id_code"]), ("test_images", answers["id_code"])):
        assert sorted(p.name for p in (public / folder).iterdir()) == sorted(f"{i}.png" for i in ids)
        assert all((public / folder / f"{i}.png").read_bytes() == _image_bytes(i) for i in ids)
    sample = pd.read_csv(public / "sample_submission.csv")
    assert list(sample.columns) == ["id_code", "diagnosis"] and set(sample["diagnosis"]) == {0}
    assert _sample_scores("aptos2019-blindness-detection", public, private, "sample_submission.csv") == 0.0


def test_tabular_playground_dec_2021(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    data = pd.DataFrame({"Id": range(40), "Elevation": np.arange(40) * 10 + 2500, "Soil_Type1": [0, 1] * 20,
                         "Cover_Type": [1, 2, 2, 3, 7] * 8})
    data.to_csv(raw / "train.csv", index=False)

    public, private = _prepare("tabular-playground-series-dec-2021", raw, tmp_path)
    answers = pd.read_csv(private / "test.csv")
    assert len(answers) == 4 and list(answers.columns) == list(data.columns)
    assert answers["Id"].tolist() == train_test_split(data, test_size=0.1, random_state=0)[1]["Id"].tolist()
    assert "Cover_Type" not in pd.read_csv(public / "test.csv").columns
    assert len(pd.read_csv(public / "train.csv")) == 36
    sample = pd.read_csv(public / "sample_submission.csv")
    assert list(sample.columns) == ["Id", "Cover_Type"] and set(sample["Cover_Type"]) == {2}
    # the sample predicts type 2 everywhere: right for the test rows whose type is 2
    expected = round(float((answers["Cover_Type"] == 2).mean()), 5)
    assert _sample_scores("tabular-playground-series-dec-2021", public, private, "sample_submission.csv") == expected


def test_ml2021spring_hw2(tmp_path):
    source = tmp_path / "raw" / "timit_11" / "timit_11"
    source.mkdir(parents=True)
    features = np.arange(20 * 3, dtype=np.float32).reshape(20, 3)
    labels = np.array([str(i % 39) for i in range(20)])
    np.save(source / "train_11.npy", features)
    np.save(source / "train_label_11.npy", labels)
    np.save(source / "test_11.npy", np.zeros((8, 3), dtype=np.float32))  # test share 8 / 28

    public, private = _prepare("ml2021spring-hw2", tmp_path / "raw", tmp_path)
    train_rows, test_rows = train_test_split(range(20), test_size=8 / 28, random_state=0)
    assert len(test_rows) == math.ceil(20 * 8 / 28)
    target = public / "timit_11" / "timit_11"
    np.testing.assert_array_equal(np.load(target / "train_11.npy"), features[train_rows])
    np.testing.assert_array_equal(np.load(target / "train_label_11.npy"), labels[train_rows])
    np.testing.assert_array_equal(np.load(target / "test_11.npy"), features[test_rows])
    answers = pd.read_csv(private / "answers.csv")
    assert answers["Id"].tolist() == list(range(len(test_rows)))
    assert answers["ClassId"].tolist() == [int(x) for x in labels[test_rows]]
    assert not (public / "timit_11" / "timit_11" / "test_label_11.npy").exists()
    assert _sample_scores("ml2021spring-hw2", public, private, "sampleSubmission.csv") == round(
        float((answers["ClassId"] == 0).mean()), 5)


def test_movie_review_sentiment(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    data = pd.DataFrame({"PhraseId": range(1, 21), "SentenceId": [1] * 10 + [2] * 10,
                         "Phrase": [f"phrase , {i} 's" for i in range(20)], "Sentiment": [i % 5 for i in range(20)]})
    with zipfile.ZipFile(raw / "train.tsv.zip", "w") as archive:
        archive.writestr("train.tsv", data.to_csv(index=False, sep="\t"))

    public, private = _prepare("movie-review-sentiment-analysis-kernels-only", raw, tmp_path)
    answers = pd.read_csv(private / "answers.csv")
    assert list(answers.columns) == ["PhraseId", "SentenceId", "Phrase", "Sentiment"] and len(answers) == 6
    assert answers["PhraseId"].tolist() == train_test_split(data, test_size=0.3, random_state=0)[1]["PhraseId"].tolist()
    for name, rows, columns in (("train", 14, list(data.columns)), ("test", 6, ["PhraseId", "SentenceId", "Phrase"])):
        with zipfile.ZipFile(public / f"{name}.tsv.zip") as archive:
            assert archive.namelist() == [f"{name}.tsv"]
            table = pd.read_csv(io.BytesIO(archive.read(f"{name}.tsv")), sep="\t")
        assert list(table.columns) == columns and len(table) == rows
    assert not (public / "train.tsv").exists()
    assert _sample_scores("movie-review-sentiment-analysis-kernels-only", public, private, "sampleSubmission.csv") == round(
        float((answers["Sentiment"] == 2).mean()), 5)


def test_paddy_disease_classification(tmp_path):
    raw = tmp_path / "raw"
    labels = ["blast", "normal", "hispa", "tungro"]
    data = pd.DataFrame({"image_id": [f"{100000 + i}.jpg" for i in range(16)], "label": labels * 4,
                         "variety": ["ADT45"] * 16, "age": range(40, 56)})
    raw.mkdir()
    data.to_csv(raw / "train.csv", index=False)
    pd.DataFrame({"image_id": ["200001.jpg"], "label": [""]}).to_csv(raw / "sample_submission.csv", index=False)
    for row in data.itertuples():
        (raw / "train_images" / row.label).mkdir(parents=True, exist_ok=True)
        (raw / "train_images" / row.label / row.image_id).write_bytes(_image_bytes(row.image_id))

    public, private = _prepare("paddy-disease-classification", raw, tmp_path)
    answers = pd.read_csv(private / "test.csv")
    assert list(answers.columns) == list(data.columns) and len(answers) == 4
    assert answers["image_id"].tolist() == train_test_split(data, train_size=0.75, random_state=0)[1]["image_id"].tolist()
    train = pd.read_csv(public / "train.csv")
    assert sorted(p.relative_to(public / "train_images").as_posix() for p in (public / "train_images").glob("*/*")) == sorted(
        f"{r.label}/{r.image_id}" for r in train.itertuples())
    assert sorted(p.name for p in (public / "test_images").iterdir()) == sorted(answers["image_id"])
    assert all((public / "test_images" / i).read_bytes() == _image_bytes(i) for i in answers["image_id"])
    sample_text = (public / "sample_submission.csv").read_text().splitlines()
    assert sample_text[0] == "image_id,label" and all(line.endswith(".jpg,") for line in sample_text[1:])
    assert _sample_scores("paddy-disease-classification", public, private, "sample_submission.csv") == 0.0


def test_plant_seedlings_classification(tmp_path):
    images = tmp_path / "raw" / "train"
    species = ["Black-grass", "Maize", "Sugar beet"]
    for name in species:
        (images / name).mkdir(parents=True)
        for i in range(5):
            (images / name / f"{name[:2]}{i}.png").write_bytes(_image_bytes(f"{name}{i}"))
    (images / "Maize" / "notes.txt").write_text("not an image")

    public, private = _prepare("plant-seedlings-classification", tmp_path / "raw", tmp_path)
    listing = pd.DataFrame([(f"{n[:2]}{i}.png", n) for n in species for i in range(5)], columns=["file", "species"])
    answers = pd.read_csv(private / "answers.csv")
    assert list(answers.columns) == ["file", "species"] and len(answers) == math.ceil(15 * 0.14)
    assert answers["file"].tolist() == train_test_split(listing, test_size=0.14, random_state=0)[1]["file"].tolist()
    assert sorted(p.name for p in (public / "test").iterdir()) == sorted(answers["file"])
    train_files = sorted(p.relative_to(public / "train").as_posix() for p in (public / "train").glob("*/*"))
    assert len(train_files) == 15 - len(answers) and not set(answers["file"]) & {f.split("/")[1] for f in train_files}
    assert not (public / "train.csv").exists()
    expected = float((answers["species"] == "Sugar beet").mean())
    assert _sample_scores("plant-seedlings-classification", public, private, "sample_submission.csv") == round(expected, 5)


@pytest.mark.parametrize("competition_id", ["aptos2019-blindness-detection", "tabular-playground-series-dec-2021",
                                            "ml2021spring-hw2", "movie-review-sentiment-analysis-kernels-only",
                                            "paddy-disease-classification", "plant-seedlings-classification"])
def test_raw_files_are_named(competition_id):
    assert COMPETITIONS[competition_id].data.raw_files, "a competition with prepare.py names the raw files it reads"
