"""The shared helpers of prepare.py files (pytest_mlebench.data.authoring), each tested once."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from pytest_mlebench.data import authoring
from pytest_mlebench.data.authoring import hold_out_train_csv



def test_hold_out_train_csv_writes_the_four_files(tmp_path):
    raw, public, private = tmp_path / "raw", tmp_path / "public", tmp_path / "private"
    raw.mkdir()
    (raw / "train.csv").write_text("key,text,label,extra\n" + "".join(f"0{i},t{i},{i / 3!r},x\n" for i in range(20)))
    train, test = hold_out_train_csv(raw, public, private, id_column="key", hidden=["label", "extra"],
                                     sample={"label": 0.5, "rank": lambda n: list(range(n))}, answers="answers.csv")
    source = pd.read_csv(raw / "train.csv", float_precision="round_trip")
    kept, held = train_test_split(source, test_size=0.1, random_state=0)
    assert train.equals(kept) and test.equals(held) and len(test) == 2
    assert (public / "train.csv").read_text() == kept.to_csv(index=False)
    assert (private / "answers.csv").read_text() == held.to_csv(index=False)
    assert (public / "test.csv").read_text() == held[["key", "text"]].to_csv(index=False)
    assert (public / "sample_submission.csv").read_text() == (
        "key,label,rank\n" + "".join(f"{key},0.5,{n}\n" for n, key in enumerate(held["key"])))
    assert sorted(p.name for p in public.iterdir()) == ["sample_submission.csv", "test.csv", "train.csv"]




def test_link_or_copy_links_on_one_filesystem_and_replaces_what_is_there(tmp_path):
    source = tmp_path / "raw" / "a.jpg"
    source.parent.mkdir()
    source.write_bytes(b"\xff\xd8 image")
    target = tmp_path / "public" / "train" / "a.jpg"
    assert authoring.link_or_copy(source, target) == target
    assert target.read_bytes() == source.read_bytes() and os.path.samefile(source, target)
    # a second preparation over the first: the link is replaced, the raw file left as it was
    authoring.link_or_copy(source, target)
    assert source.read_bytes() == b"\xff\xd8 image" and os.path.samefile(source, target)
    other = tmp_path / "raw" / "b.jpg"
    other.write_bytes(b"other")
    authoring.link_or_copy(other, target)
    assert target.read_bytes() == b"other" and source.read_bytes() == b"\xff\xd8 image"


def test_link_or_copy_copies_when_a_link_is_refused(tmp_path, monkeypatch):
    source = tmp_path / "a.npy"
    source.write_bytes(b"\x93NUMPY")

    def refuse(*_):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(authoring.files.os, "link", refuse)
    target = authoring.link_or_copy(source, tmp_path / "out" / "a.npy")
    assert target.read_bytes() == b"\x93NUMPY" and not os.path.samefile(source, target)


def test_link_or_copy_serves_as_copytree_s_copy_function(tmp_path):
    (tmp_path / "raw" / "old" / "x").mkdir(parents=True)
    (tmp_path / "raw" / "old" / "x" / "1.npy").write_bytes(b"1")
    shutil.copytree(tmp_path / "raw" / "old", tmp_path / "public" / "old", copy_function=authoring.link_or_copy)
    assert (tmp_path / "public" / "old" / "x" / "1.npy").read_bytes() == b"1"


def test_link_or_copy_files_keeps_relative_paths_and_makes_an_empty_target(tmp_path):
    raw = tmp_path / "raw"
    (raw / "a").mkdir(parents=True)
    (raw / "a" / "a1.npy").write_bytes(b"a1")
    (raw / "b.png").write_bytes(b"b")
    authoring.link_or_copy_files(["a/a1.npy", "b.png"], raw, tmp_path / "out")
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file()) == ["a/a1.npy", "b.png"]
    authoring.link_or_copy_files([], raw, tmp_path / "empty")
    assert (tmp_path / "empty").is_dir() and not any((tmp_path / "empty").iterdir())
    with pytest.raises(FileNotFoundError):
        authoring.link_or_copy_files(["missing.png"], raw, tmp_path / "out")


def test_write_csvs_writes_pandas_defaults_without_the_index(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"id": ["007", "a,b"], "p": [0.1 + 0.2, float("nan")]}, index=[5, 3])
    authoring.write_csvs({tmp_path / "private" / "test.csv": frame, tmp_path / "s.csv": frame[["id"]]})
    assert (tmp_path / "private" / "test.csv").read_text() == 'id,p\n007,0.30000000000000004\n"a,b",\n'
    assert (tmp_path / "s.csv").read_text() == 'id\n007\n"a,b"\n'


def test_tfrecord_strings_reads_each_record_s_bytes_feature_in_order(tmp_path):
    from tests.competitions.preparation.images import example, write_tfrecord

    records = [example({"image": b"\xff\xd8\x00" * 50, "image_name": "1000015157.jpg".encode(), "target": 3}),
               example({"target": 300, "image_name": "é.jpg".encode(), "image": b""})]
    path = write_tfrecord(tmp_path / "ld_train00-2.tfrec", records)
    assert authoring.tfrecord_strings(path, "image_name") == ["1000015157.jpg", "é.jpg"]
    for absent in ("label", "target"):  # missing, and an Int64List rather than bytes
        with pytest.raises(ValueError, match=f"no bytes feature '{absent}'"):
            authoring.tfrecord_strings(path, absent)
    assert authoring.tfrecord_strings(write_tfrecord(tmp_path / "empty.tfrec", []), "image_name") == []




def test_bson_documents_streams_each_document_and_refuses_a_truncated_file(tmp_path):
    from tests.competitions.preparation.bson_files import encode, write_bson

    docs = [{"_id": 0, "imgs": [{"picture": b"\xff\xd8" * 3}], "category_id": 1000010653}, {"_id": 2**40, "s": "é"}]
    path = write_bson(tmp_path / "train.bson", docs)
    assert list(authoring.bson_documents(path)) == [encode(d) for d in docs]
    assert list(authoring.bson_documents(write_bson(tmp_path / "empty.bson", []))) == []
    (tmp_path / "cut.bson").write_bytes(path.read_bytes()[:-3])
    with pytest.raises(ValueError, match="not a whole BSON document"):
        list(authoring.bson_documents(tmp_path / "cut.bson"))


def test_bson_elements_decodes_numbers_and_rebuilds_a_document_byte_for_byte():
    from tests.competitions.preparation.bson_files import Int64, encode

    doc = {"_id": Int64(7), "imgs": [{"picture": b"\x00\x01"}, {"picture": b""}], "category_id": 1000018296,
           "w": -1.5, "name": "a\x01b", "flag": True, "big": -2**33}
    data = encode(doc)
    elements = authoring.bson_elements(data)
    assert [(n, v) for n, v, _ in elements] == [("_id", 7), ("imgs", None), ("category_id", 1000018296), ("w", -1.5),
                                                ("name", None), ("flag", None), ("big", -2**33)]
    assert authoring.bson_document(elements) == data
    kept = [e for e in elements if e[0] != "category_id"]
    assert authoring.bson_document(kept) == encode({k: v for k, v in doc.items() if k != "category_id"})
    with pytest.raises(ValueError, match="unsupported BSON element type 0x42"):
        authoring.bson_elements(b"\x0c\x00\x00\x00\x42x\x00\x00\x00\x00\x00\x00")


def test_link_or_copy_trees_links_every_file_below_each_named_folder(tmp_path):
    raw = tmp_path / "raw" / "train"
    for path, data in (("00000/FLAIR/Image-1.dcm", b"f1"), ("00000/T1w/Image-10.dcm", b"t"), ("00002/T2w/Image-2.dcm", b"2"),
                       ("00003/x.dcm", b"left out")):
        (raw / path).parent.mkdir(parents=True, exist_ok=True)
        (raw / path).write_bytes(data)
    (raw / "00002" / "empty").mkdir()
    out = tmp_path / "public" / "train"
    authoring.link_or_copy_trees(["00000", "00002"], raw, out)
    copied = tmp_path / "copytree"
    for name in ("00000", "00002"):
        shutil.copytree(raw / name, copied / name)
    listing = lambda root: sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    assert listing(out) == listing(copied) and (out / "00002" / "empty").is_dir()
    assert os.path.samefile(raw / "00000" / "T1w" / "Image-10.dcm", out / "00000" / "T1w" / "Image-10.dcm")
    authoring.link_or_copy_trees(["00000"], raw, out)  # again over the first: replaced, raw untouched
    assert (raw / "00000" / "FLAIR" / "Image-1.dcm").read_bytes() == b"f1"
    authoring.link_or_copy_trees([], raw, tmp_path / "none")
    assert (tmp_path / "none").is_dir()
    with pytest.raises(FileNotFoundError, match="00009 is not a folder"):
        authoring.link_or_copy_trees(["00009"], raw, out)


def test_link_or_copy_trees_copies_when_links_are_refused(tmp_path, monkeypatch):
    (tmp_path / "raw" / "1.2.3").mkdir(parents=True)
    (tmp_path / "raw" / "1.2.3" / "1.dcm").write_bytes(b"DICM slice")

    def refuse(*_):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(authoring.files.os, "link", refuse)
    authoring.link_or_copy_trees(["1.2.3"], tmp_path / "raw", tmp_path / "out")
    copied = tmp_path / "out" / "1.2.3" / "1.dcm"
    assert copied.read_bytes() == b"DICM slice" and not os.path.samefile(copied, tmp_path / "raw" / "1.2.3" / "1.dcm")


def test_repack_zip_streams_members_under_new_names_deterministically(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "raw.zip", "w", zipfile.ZIP_DEFLATED) as raw:
        raw.writestr("a.jpg", b"\xff\xd8 a" * 1000)
        raw.writestr("b.jpg", b"\xff\xd8 b")
    with zipfile.ZipFile(tmp_path / "raw.zip") as source:
        authoring.repack_zip(source, {"z.jpg": "a.jpg", "b.jpg": "b.jpg"}, tmp_path / "out" / "one.zip")
        authoring.repack_zip(source, {"b.jpg": "b.jpg", "z.jpg": "a.jpg"}, tmp_path / "two.zip")
        with pytest.raises(FileNotFoundError, match="has no member 'c.jpg'"):
            authoring.repack_zip(source, {"c.jpg": "c.jpg"}, tmp_path / "three.zip")
    with zipfile.ZipFile(tmp_path / "out" / "one.zip") as out:
        assert out.namelist() == ["b.jpg", "z.jpg"] and out.read("z.jpg") == b"\xff\xd8 a" * 1000
        assert {i.compress_type for i in out.infolist()} == {zipfile.ZIP_STORED}
    assert (tmp_path / "out" / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
