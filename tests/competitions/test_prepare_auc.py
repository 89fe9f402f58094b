"""prepare.py of the AUC-family competitions, run on tiny synthetic raw folders.

Kaggle's raw data for these competitions is not available here, so each test builds
a raw folder with Kaggle's layout and columns (a few rows, fake image/audio bytes)
and checks what MLE-bench's preparation promises: the split's sizes and rules,
files and columns where MLE-bench puts them, copied files unchanged, no answers in
public/, and a sample submission that our grader accepts.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competition
from pytest_mlebench.grading.grade import score_submission
from tests.support.mlebench_support import COMPETITIONS_DIR


def _run(competition_id: str, raw: Path, tmp_path: Path):
    competition = load_competition(COMPETITIONS_DIR / competition_id)
    public, private = tmp_path / "out" / "public", tmp_path / "out" / "private"
    public.mkdir(parents=True)
    private.mkdir(parents=True)
    competition.code("prepare").prepare(raw, public, private)
    return competition, public, private


def _sample_is_valid(competition, sample_path: Path, private: Path) -> float:
    return score_submission(competition, sample_path, private)


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _ids(n: int, prefix: str = "") -> list[str]:
    return [f"{prefix}{i:04x}{(i * 7919) % 65536:04x}" for i in range(n)]


# ---------------------------------------------------------------- histopathologic-cancer-detection


def test_histopathologic(tmp_path):
    raw = tmp_path / "raw"
    (raw / "train").mkdir(parents=True)
    (raw / "test").mkdir()
    ids = _ids(20)
    pd.DataFrame({"id": ids, "label": [i % 2 for i in range(20)]}).to_csv(raw / "train_labels.csv", index=False)
    for i in ids:
        (raw / "train" / f"{i}.tif").write_bytes(f"tif {i}".encode())
    for n in range(5):
        (raw / "test" / f"kaggle{n}.tif").write_bytes(b"x")
    competition, public, private = _run("histopathologic-cancer-detection", raw, tmp_path)

    answers = pd.read_csv(private / "answers.csv")
    train = pd.read_csv(public / "train_labels.csv")
    assert len(answers) == 4  # Kaggle's test share 5 / (20 + 5) of 20 rows
    assert set(answers["id"]).isdisjoint(train["id"]) and set(answers["id"]) | set(train["id"]) == set(ids)
    assert train["id"].tolist() == [i for i in ids if i in set(train["id"])]  # original row order kept
    assert sorted(p.stem for p in (public / "test").iterdir()) == sorted(answers["id"])
    assert (public / "train" / f"{train['id'][0]}.tif").read_bytes() == f"tif {train['id'][0]}".encode()
    sample = pd.read_csv(public / "sample_submission.csv")
    assert list(sample.columns) == ["id", "label"] and (sample["label"] == 0).all()
    assert _sample_is_valid(competition, public / "sample_submission.csv", private) == 0.5


# ---------------------------------------------------------------- jigsaw-toxic-comment-classification-challenge

TOXIC = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def test_jigsaw(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    train = pd.DataFrame({"id": ["t1", "t2"], "comment_text": ['He said "no",\nthen left', "fine"]})
    train[TOXIC] = [[1, 0, 1, 0, 1, 0], [0, 0, 0, 0, 0, 0]]
    test = pd.DataFrame({"id": ["a", "b", "c", "d", "e"], "comment_text": ["x", "y, z", "w", "v", "u"]})
    labels = pd.DataFrame({"id": test["id"]})
    labels[TOXIC] = [[1] * 6, [0] * 6, [-1] * 6, [1] * 6, [0] * 6]
    sample = pd.DataFrame({"id": test["id"]}).assign(**{c: 0.5 for c in TOXIC})
    for name, frame in (("train", train), ("test", test), ("test_labels", labels), ("sample_submission", sample)):
        _zip(raw / f"{name}.csv.zip", {f"{name}.csv": frame.to_csv(index=False)})
    competition, public, private = _run("jigsaw-toxic-comment-classification-challenge", raw, tmp_path)

    assert pd.read_csv(public / "train.csv").equals(train)  # the line break inside a comment survives
    assert list(pd.read_csv(public / "test.csv").columns) == ["id", "comment_text"]
    assert pd.read_csv(private / "test.csv").equals(labels)  # -1 rows kept; the grader drops them
    assert _sample_is_valid(competition, public / "sample_submission.csv", private) == 0.5


# ---------------------------------------------------------------- mlsp-2013-birds


def _mlsp_raw(raw: Path) -> None:
    """Fifteen recordings 0..14: ten in fold 0 (labelled), five in fold 1 ('?')."""
    root = "mlsp_contest_dataset"
    fold = [0 if r % 3 else 1 for r in range(15)]  # 1, 2, 4, 5, ... are fold 0
    members = {
        f"{root}/essential_data/CVfolds_2.txt": "rec_id,fold\n" + "".join(f"{r},{f}\n" for r, f in enumerate(fold)),
        f"{root}/essential_data/rec_id2filename.txt": "rec_id,filename\n" + "".join(f"{r},PC{r}_rec\n" for r in range(15)),
        f"{root}/essential_data/species_list.txt": "class_id,code,species\n0,BRCR,Brown Creeper\n",
        f"{root}/supplemental_data/segment_clusters.bmp": "clusters",
        f"{root}/supplemental_data/segment_mosaic.bmp": "mosaic",
    }
    labels = ["rec_id,[labels]"]
    for r in range(15):
        if fold[r] == 1:
            labels.append(f"{r},?")
        else:
            labels.append(f"{r},{r % 19},{(r + 5) % 19}" if r % 2 else f"{r}")  # even ones: no bird
    members[f"{root}/essential_data/rec_labels_test_hidden.txt"] = "\n".join(labels) + "\n"
    for table in ("histogram_of_segments.txt", "segment_features.txt", "segment_rectangles.txt"):
        members[f"{root}/supplemental_data/{table}"] = "header\n" + "".join(f"{r},0.{r},1.5\n" for r in range(15))
    for r in range(15):
        members[f"{root}/essential_data/src_wavs/PC{r}_rec.wav"] = f"wav {r}"
        for folder in ("filtered_spectrograms", "spectrograms", "supervised_segmentation"):
            members[f"{root}/supplemental_data/{folder}/PC{r}_rec.bmp"] = f"{folder} {r}"
        if r % 4:
            members[f"{root}/supplemental_data/segmentation_examples/PC{r}_rec.bmp"] = f"example {r}"
    _zip(raw / f"{root}.zip", {k: v.encode() for k, v in members.items()})


def test_mlsp_birds(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    _mlsp_raw(raw)
    competition, public, private = _run("mlsp-2013-birds", raw, tmp_path)
    essential = public / "essential_data"

    folds = pd.read_csv(essential / "CVfolds_2.txt")
    assert folds["rec_id"].tolist() == list(range(10)) and (folds["fold"] == 1).sum() == 2  # 20% of 10
    test_ids = folds.loc[folds["fold"] == 1, "rec_id"].tolist()
    old_id = [r for r in range(15) if r % 3]  # new id i was old recording old_id[i]
    names = pd.read_csv(essential / "rec_id2filename.txt")
    assert names["filename"].tolist() == [f"PC{r}_rec" for r in old_id]

    lines = (essential / "rec_labels_test_hidden.txt").read_text().splitlines()
    assert lines[0] == "rec_id,[labels]" and len(lines) == 11
    for new, line in enumerate(lines[1:]):
        old = old_id[new]
        expected = f"{new},?" if new in test_ids else (f"{new},{old % 19},{(old + 5) % 19}" if old % 2 else f"{new}")
        assert line == expected

    answers = pd.read_csv(private / "answers.csv")
    assert answers["Id"].tolist() == [r * 100 + s for r in test_ids for s in range(19)]
    for new in test_ids:
        old = old_id[new]
        sung = {old % 19, (old + 5) % 19} if old % 2 else set()
        assert set(answers.loc[answers["Probability"] == 1, "Id"]) >= {new * 100 + s for s in sung}
    assert answers["Probability"].sum() == sum(2 for new in test_ids if old_id[new] % 2)

    assert (public / "supplemental_data" / "histogram_of_segments.txt").read_text().splitlines()[:2] == [
        "rec_id,[histogram of segment features]",
        f"0,0.{old_id[0]},1.5",
    ]
    assert (essential / "src_wavs" / f"PC{old_id[3]}_rec.wav").read_bytes() == f"wav {old_id[3]}".encode()
    examples = {p.stem for p in (public / "supplemental_data" / "segmentation_examples").iterdir()}
    assert examples == {f"PC{r}_rec" for r in old_id if r % 4}
    assert len(list((public / "supplemental_data" / "spectrograms").iterdir())) == 10
    assert _sample_is_valid(competition, public / "sample_submission.csv", private) == 0.5


# ---------------------------------------------------------------- plant-pathology-2020-fgvc7

PLANT = ["healthy", "multiple_diseases", "rust", "scab"]


def test_plant_pathology(tmp_path):
    raw = tmp_path / "raw"
    (raw / "images").mkdir(parents=True)
    n = 200
    labels = pd.DataFrame(np.eye(4, dtype=int)[np.arange(n) % 4], columns=PLANT)
    labels.insert(0, "image_id", [f"Train_{i}" for i in range(n)])
    labels.to_csv(raw / "train.csv", index=False)
    for i in range(n):
        (raw / "images" / f"Train_{i}.jpg").write_bytes(f"leaf {i}".encode())
    (raw / "images" / "Test_0.jpg").write_bytes(b"Kaggle's unlabelled test photo")
    competition, public, private = _run("plant-pathology-2020-fgvc7", raw, tmp_path)

    answers, train = pd.read_csv(private / "test.csv"), pd.read_csv(public / "train.csv")
    assert len(answers) == 20 and len(train) == 180
    assert answers["image_id"].tolist() == [f"Test_{i}" for i in range(20)]
    assert train["image_id"].tolist() == [f"Train_{i}" for i in range(180)]
    assert pd.read_csv(public / "test.csv").equals(answers[["image_id"]])
    images = {p.name: p.read_bytes() for p in (public / "images").iterdir()}
    assert len(images) == n and b"Kaggle's unlabelled test photo" not in images.values()
    # a renamed photo keeps its label: its bytes name the original row
    original = int(images["Test_0.jpg"].decode().split()[1])
    assert answers.loc[0, PLANT].tolist() == labels.loc[original, PLANT].tolist()
    assert _sample_is_valid(competition, public / "sample_submission.csv", private) == 0.5


# ---------------------------------------------------------------- ranzcr-clip-catheter-line-classification

RANZCR = [
    "ETT - Abnormal", "ETT - Borderline", "ETT - Normal", "NGT - Abnormal", "NGT - Borderline",
    "NGT - Incompletely Imaged", "NGT - Normal", "CVC - Abnormal", "CVC - Borderline", "CVC - Normal",
    "Swan Ganz Catheter Present",
]  # fmt: skip


def test_ranzcr(tmp_path):
    raw = tmp_path / "raw"
    (raw / "train").mkdir(parents=True)
    n = 200
    uids = [f"1.2.826.0.1.{i}" for i in range(n)]
    labels = pd.DataFrame(np.random.default_rng(0).integers(0, 2, (n, len(RANZCR))), columns=RANZCR)
    labels.insert(0, "StudyInstanceUID", uids)
    labels["PatientID"] = [f"p{i // 2}" for i in range(n)]
    labels.to_csv(raw / "train.csv", index=False)
    pd.DataFrame({"StudyInstanceUID": uids[::3], "label": "CVC - Normal", "data": "[[1, 2], [3, 4]]"}).to_csv(
        raw / "train_annotations.csv", index=False
    )
    for uid in uids:
        (raw / "train" / f"{uid}.jpg").write_bytes(uid.encode())
    competition, public, private = _run("ranzcr-clip-catheter-line-classification", raw, tmp_path)

    answers, train = pd.read_csv(private / "test.csv"), pd.read_csv(public / "train.csv")
    assert len(answers) == 20 and list(answers.columns) == list(labels.columns)
    assert set(pd.read_csv(public / "train_annotations.csv")["StudyInstanceUID"]) <= set(train["StudyInstanceUID"])
    assert sorted(p.stem for p in (public / "test").iterdir()) == sorted(answers["StudyInstanceUID"])
    sample = pd.read_csv(public / "sample_submission.csv")
    assert list(sample.columns) == ["StudyInstanceUID"] + RANZCR[:9]  # MLE-bench's nine graded labels
    assert _sample_is_valid(competition, public / "sample_submission.csv", private) == 0.5


# ---------------------------------------------------------------- siim-isic-melanoma-classification


def _varint(n: int) -> bytes:
    out = b""
    while True:
        byte, n = n & 0x7F, n >> 7
        out += bytes([byte | (0x80 if n else 0)])
        if not n:
            return out


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _example(image_name: str) -> bytes:
    """A tf.train.Example with an int64 'target', a bytes 'image' and the bytes 'image_name'."""

    def entry(key: str, feature: bytes) -> bytes:
        return _field(1, _field(1, key.encode()) + _field(2, feature))

    target = _field(3, _field(1, _varint(1)))  # Int64List, packed
    image = _field(1, _field(1, b"\xff\xd8jpeg"))
    name = _field(1, _field(1, image_name.encode()))
    return _field(1, entry("target", target) + entry("image", image) + entry("image_name", name))


def _tfrecord(path: Path, names: list[str]) -> None:
    with open(path, "wb") as out:
        for name in names:
            payload = _example(name)
            out.write(struct.pack("<Q", len(payload)) + b"crc!" + payload + b"crc!")


def test_siim_isic(tmp_path):
    raw = tmp_path / "raw"
    for folder in ("tfrecords", "train", "jpeg/train"):
        (raw / folder).mkdir(parents=True)
    names = [f"ISIC_{i:07d}" for i in range(12)]
    train = pd.DataFrame(
        {"image_name": names, "patient_id": [f"IP_{i // 3}" for i in range(12)], "sex": ["male", "female"] * 6,
         "age_approx": [45.0, 50.0, np.nan] * 4, "anatom_site_general_challenge": "torso",
         "diagnosis": "nevus", "benign_malignant": "benign", "target": [0, 1] * 6}  # fmt: skip
    )
    train.to_csv(raw / "train.csv", index=False)
    shards = {"train00-2071.tfrec": names[0:3], "train01-2071.tfrec": names[3:6], "train06-2071.tfrec": names[6:8],
              "train07-2071.tfrec": names[8:12]}  # fmt: skip
    for shard, members in shards.items():
        _tfrecord(raw / "tfrecords" / shard, members)
    for name in names:
        (raw / "train" / f"{name}.dcm").write_bytes(f"dicom {name}".encode())
        (raw / "jpeg" / "train" / f"{name}.jpg").write_bytes(f"jpeg {name}".encode())
    competition, public, private = _run("siim-isic-melanoma-classification", raw, tmp_path)

    answers = pd.read_csv(private / "test.csv")
    assert answers["image_name"].tolist() == names[0:3] + names[6:8]  # train.csv order
    assert list(answers.columns) == ["image_name", "target"]
    test = pd.read_csv(public / "test.csv")
    assert list(test.columns) == ["image_name", "patient_id", "sex", "age_approx", "anatom_site_general_challenge"]
    assert pd.read_csv(public / "train.csv")["image_name"].tolist() == names[3:6] + names[8:12]
    assert sorted(p.name for p in (public / "tfrecords").iterdir()) == [
        "test00-2071.tfrec", "test01-2071.tfrec", "train00-2071.tfrec", "train01-2071.tfrec"]  # fmt: skip
    assert (public / "tfrecords" / "test01-2071.tfrec").read_bytes() == (raw / "tfrecords" / "train06-2071.tfrec").read_bytes()
    assert (public / "jpeg" / "test" / f"{names[7]}.jpg").read_bytes() == f"jpeg {names[7]}".encode()
    assert (public / "train" / f"{names[9]}.dcm").exists() and not (public / "train" / f"{names[0]}.dcm").exists()
    assert _sample_is_valid(competition, public / "sample_submission.csv", private) == 0.5


# ---------------------------------------------------------------- tabular-playground-series-may-2022


def test_tabular_may_2022(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    n = 100_050
    rng = np.random.default_rng(0)
    labelled = pd.DataFrame({"id": np.arange(n), "f_00": rng.normal(size=n).round(6), "f_27": "ABCDEFGHIJ",
                             "target": rng.integers(0, 2, n)})  # fmt: skip
    labelled.to_csv(raw / "train.csv", index=False)
    competition, public, private = _run("tabular-playground-series-may-2022", raw, tmp_path)

    answers = pd.read_csv(private / "test.csv")
    assert len(answers) == 100_000 and answers["id"].tolist() == list(range(50, n))
    assert pd.read_csv(public / "train.csv")["id"].tolist() == list(range(50))
    assert "target" not in pd.read_csv(public / "test.csv").columns
    gold = private / "gold_submission.csv"
    assert score_submission(competition, gold, private) == 1.0
    assert _sample_is_valid(competition, public / "sample_submission.csv", private) == 0.5


# ---------------------------------------------------------------- the-icml-2013-whale-challenge-right-whale-redux


def test_right_whale_redux(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    clips = {}
    n = 0
    for date in ("20090328", "20090329", "20090330", "20090331"):
        for second in range(3):
            name = f"{date}_000000_{second:03d}s0ms_TRAIN{n}_{n % 2}.aif"
            clips[f"train2/{name}"] = name.encode()
            n += 1
    _zip(raw / "train2.zip", {"train2/": b"", **clips})
    competition, public, private = _run("the-icml-2013-whale-challenge-right-whale-redux", raw, tmp_path)

    with zipfile.ZipFile(public / "train2.zip") as archive:
        train = sorted(archive.namelist())
        assert archive.read("train2/20090328_000000_000s0ms_TRAIN0_0.aif") == b"20090328_000000_000s0ms_TRAIN0_0.aif"
    assert len(train) == 6 and all(m.split("/")[1][:8] in ("20090328", "20090329") for m in train)
    assert "train2/20090329_000000_002s0ms_TRAIN5_1.aif" in train
    answers = pd.read_csv(private / "test.csv")
    assert answers["clip"].tolist() == [f"{d}_000000_{s:03d}s0ms_Test{i}.aif" for i, (d, s) in
                                        enumerate((d, s) for d in ("20090330", "20090331") for s in range(3))]  # fmt: skip
    assert answers["probability"].tolist() == [0, 1, 0, 1, 0, 1]  # from the original names' last digit
    with zipfile.ZipFile(public / "test2.zip") as archive:
        assert sorted(m.split("/")[1] for m in archive.namelist()) == sorted(answers["clip"])
        assert archive.read("test2/" + answers["clip"][1]) == b"20090330_000000_001s0ms_TRAIN7_1.aif"
    assert _sample_is_valid(competition, public / "sampleSubmission.csv", private) == 0.5


# ---------------------------------------------------------------- invasive-species-monitoring


def test_invasive_species(tmp_path):
    raw = tmp_path / "raw"
    (raw / "train").mkdir(parents=True)
    labels = pd.DataFrame({"name": range(1, 51), "invasive": [i % 2 for i in range(50)]})
    _zip(raw / "train_labels.csv.zip", {"train_labels.csv": labels.to_csv(index=False).encode()})
    for name in labels["name"]:
        (raw / "train" / f"{name}.jpg").write_bytes(f"photo {name}".encode())
    competition, public, private = _run("invasive-species-monitoring", raw, tmp_path)

    answers = pd.read_csv(private / "answers.csv")
    assert len(answers) == 10 and list(answers.columns) == ["name", "invasive"]
    with zipfile.ZipFile(public / "train_labels.csv.zip") as archive:
        train = pd.read_csv(io.BytesIO(archive.read("train_labels.csv")))
    with zipfile.ZipFile(public / "sample_submission.csv.zip") as archive:
        public_sample = archive.read("sample_submission.csv")
    assert public_sample == (private / "sample_submission.csv").read_bytes()
    assert set(train["name"]).isdisjoint(answers["name"]) and len(train) == 40
    assert sorted(int(p.stem) for p in (public / "test").iterdir()) == sorted(answers["name"])
    assert (public / "train" / f"{train['name'][0]}.jpg").read_bytes() == f"photo {train['name'][0]}".encode()
    assert _sample_is_valid(competition, private / "sample_submission.csv", private) == 0.5


def test_invasive_species_says_how_to_get_the_photos(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    labels = pd.DataFrame({"name": range(1, 11), "invasive": [0, 1] * 5})
    _zip(raw / "train_labels.csv.zip", {"train_labels.csv": labels.to_csv(index=False).encode()})
    with pytest.raises(FileNotFoundError, match="train.7z"):
        _run("invasive-species-monitoring", raw, tmp_path)


# ---------------------------------------------------------------- playground-series-s3e18


def test_playground_s3e18(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    n = 200
    rng = np.random.default_rng(1)
    labelled = pd.DataFrame({"id": range(n)})
    for k in range(31):
        labelled[f"fr_{k}"] = rng.normal(size=n).round(4)
    for k in range(1, 7):
        labelled[f"EC{k}"] = rng.integers(0, 2, n)
    labelled.to_csv(raw / "train.csv", index=False)
    competition, public, private = _run("playground-series-s3e18", raw, tmp_path)

    test, train = pd.read_csv(public / "test.csv"), pd.read_csv(public / "train.csv")
    assert test.shape == (20, 32) and train.shape == (180, 38)
    assert pd.read_csv(private / "test.csv")["id"].tolist() == test["id"].tolist()
    sample = pd.read_csv(public / "sample_submission.csv")
    assert list(sample.columns) == ["id", "EC1", "EC2"] and (sample[["EC1", "EC2"]] == 0.5).all().all()
    assert _sample_is_valid(competition, public / "sample_submission.csv", private) == 0.5
