"""COCO-style metadata split per category (pytest_mlebench.data.authoring.coco)."""

from __future__ import annotations

import json
import math
import os
import random

import pytest
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.authoring import coco


def _metadata(labels, image_id="id"):
    return {"annotations": [{"id": n, "image_id": n, "category_id": c} for n, c in enumerate(labels)],
            "images": [{image_id: n, "file_name": f"images/{n}.jpg"} for n in range(len(labels))],
            "info": {"year": 2020}, "licenses": [], "categories": [{"id": c} for c in sorted(set(labels))]}


def test_paired_samples_pairs_by_position_and_refuses_lists_out_of_step():
    metadata = _metadata([7, 8])
    samples = coco.paired_samples(metadata)
    assert [(s.annotation["id"], s.image["id"]) for s in samples] == [(0, 0), (1, 1)]
    metadata["images"].reverse()
    with pytest.raises(ValueError, match="annotation 0 labels image 0 but image 0 is 1"):
        coco.paired_samples(metadata)
    with pytest.raises(ValueError, match="2 annotations but 1 images"):
        coco.paired_samples(dict(metadata, images=metadata["images"][:1]))
    with pytest.raises(ValueError, match="no 'annotations' and 'images' lists"):
        coco.paired_samples({"images": []})
    assert len(coco.paired_samples(_metadata([1], image_id="image_id"), image_id="image_id")) == 1


def test_split_per_category_follows_mlebench_s_rules():
    # category 5: one sample; 6: three (small rule: the last goes to test); 7: eight (train_test_split)
    labels = [7, 6, 7, 5, 7, 6, 7, 7, 6, 7, 7, 7]
    samples = coco.paired_samples(_metadata(labels))
    split = coco.split_per_category(samples, 0.2, small_rule=True)
    assert list(split.train) == [7, 6, 5]  # the order of first appearance
    ids = {c: ([s.image["id"] for s in split.train[c]], [s.image["id"] for s in split.test[c]]) for c in split.train}
    assert ids[5] == ([3], [])
    assert ids[6] == ([1, 5], [8])
    sevens = [n for n, c in enumerate(labels) if c == 7]
    assert ids[7] == tuple(train_test_split(sevens, test_size=0.2, random_state=0))
    assert [s.image["id"] for s in split.train_samples()] == ids[7][0] + ids[6][0] + ids[5][0]
    expected = ids[7][1] + ids[6][1]
    random.Random(0).shuffle(expected)
    assert [s.image["id"] for s in split.shuffled_test()] == expected


def test_split_per_category_without_the_small_rule_splits_every_category_and_refuses_single_samples():
    samples = coco.paired_samples(_metadata([1, 1, 1, 2, 2]))
    split = coco.split_per_category(samples, 0.2, small_rule=False)
    assert [s.image["id"] for s in split.test[1]] == train_test_split([0, 1, 2], test_size=0.2, random_state=0)[1]
    assert len(split.test[2]) == 1 and len(split.train[2]) == 1
    with pytest.raises(ValueError, match="category 3 has a single image"):
        coco.split_per_category(coco.paired_samples(_metadata([1, 1, 3])), 0.2, small_rule=False)


def test_renamed_and_with_samples_leave_the_source_records_alone():
    metadata = _metadata([1, 1])
    samples = coco.paired_samples(metadata)
    renamed = coco.renamed(samples, "id", lambda n: f"t{n}", lambda n: f"x/{n}.jpg")
    assert [(s.image["id"], s.image["file_name"], s.annotation["image_id"], s.annotation["id"]) for s in renamed] == [
        ("t0", "x/0.jpg", "t0", 0), ("t1", "x/1.jpg", "t1", 1)]
    assert metadata["images"][0] == {"id": 0, "file_name": "images/0.jpg"}
    out = coco.with_samples(metadata, renamed[1:], drop=("categories",))
    assert sorted(out) == ["annotations", "images", "info", "licenses"] and out["images"] == [renamed[1].image]
    assert len(metadata["images"]) == 2 and "categories" in metadata


def test_unique_file_names_refuses_a_name_given_twice():
    samples = coco.paired_samples(_metadata([1, 2]))
    assert coco.unique_file_names(samples) == ["images/0.jpg", "images/1.jpg"]
    samples[1].image["file_name"] = "images/0.jpg"
    with pytest.raises(ValueError, match="share the file name 'images/0.jpg'"):
        coco.unique_file_names(samples)


def test_write_json_and_read_metadata_are_mlebench_s_json_dump(tmp_path):
    data = {"b": [1.5, float("nan"), 0.1 + 0.2], "a": "São – “x”"}
    coco.write_json(tmp_path / "d" / "m.json", data, **coco.INDENTED)
    assert (tmp_path / "d" / "m.json").read_bytes() == (
        b'{\n    "a": "S\\u00e3o \\u2013 \\u201cx\\u201d",\n    "b": [\n        1.5,\n        NaN,\n'
        b'        0.30000000000000004\n    ]\n}')
    (tmp_path / "raw.json").write_text('{"name": "S\u00e3o"}', encoding="utf-8")
    assert coco.read_metadata(tmp_path / "raw.json", "latin-1") == {"name": "S\u00c3\u00a3o"}


# What pandas 2.2.2 gives for pd.DataFrame(records).to_dict(orient="records"), measured in MLE-bench's environment.
PANDAS_22 = [
    ([{"a": 1}, {"a": 2}], [{"a": 1}, {"a": 2}]),
    ([{"a": 1}, {}], [{"a": 1.0}, {"a": math.nan}]),
    ([{"a": 1}, {"a": None}], [{"a": 1.0}, {"a": math.nan}]),
    ([{"a": 1}, {"a": 2.5}], [{"a": 1.0}, {"a": 2.5}]),
    ([{"a": "x"}, {}], [{"a": "x"}, {"a": math.nan}]),
    ([{"a": "x"}, {"a": None}], [{"a": "x"}, {"a": None}]),
    ([{"a": True}, {"a": False}], [{"a": True}, {"a": False}]),
    ([{"a": True}, {}], [{"a": True}, {"a": math.nan}]),
    ([{"a": True}, {"a": 1}], [{"a": True}, {"a": 1}]),
    ([{"a": None}, {}], [{"a": math.nan}, {"a": math.nan}]),
    ([{"a": None}, {"a": None}], [{"a": None}, {"a": None}]),
    ([{"a": [1, 2]}, {}], [{"a": [1, 2]}, {"a": math.nan}]),
    ([{"a": 1}, {"a": "1"}], [{"a": 1}, {"a": "1"}]),
    ([{"a": 2 ** 63}, {"a": -1}], [{"a": 2 ** 63}, {"a": -1}]),
    ([{"b": 1, "a": 2}, {"c": 3, "a": 1}], [{"b": 1.0, "a": 2, "c": math.nan}, {"b": math.nan, "a": 1, "c": 3.0}]),
    ([{"a": 1}, {"a": True}, {}], [{"a": 1}, {"a": True}, {"a": math.nan}]),
]


@pytest.mark.parametrize(("records", "expected"), PANDAS_22)
def test_through_dataframe_infers_columns_as_pandas_2_2_does(records, expected):
    out = coco.through_dataframe(records)
    # json.dumps shows NaN, key order and int/float apart (1 and 1.0 would compare equal)
    assert json.dumps(out) == json.dumps(expected)
    assert [[type(v) for v in r.values()] for r in out] == [[type(v) for v in r.values()] for r in expected]


def test_hold_out_numbered_test_writes_herbarium_s_layout(tmp_path):
    raw, public, private = tmp_path / "raw", tmp_path / "public", tmp_path / "private"
    metadata = _metadata([4, 4, 9, 4, 4, 4])
    metadata["regions"] = [{"id": 0, "name": "Europe"}]
    for image in metadata["images"]:
        (raw / "d" / "train" / image["file_name"]).parent.mkdir(parents=True, exist_ok=True)
        (raw / "d" / "train" / image["file_name"]).write_bytes(b"jpeg %d" % image["id"])
    (raw / "d" / "train" / "metadata.json").write_text(json.dumps(metadata))
    coco.hold_out_numbered_test(raw, public, private, folder="d", encoding="utf-8", test_drops=("regions",))

    train = json.loads((public / "d" / "train" / "metadata.json").read_text())
    test = json.loads((public / "d" / "test" / "metadata.json").read_text())
    assert sorted(train) == ["annotations", "categories", "images", "info", "licenses", "regions"]
    assert sorted(test) == ["images", "info", "licenses"] and test["images"][0]["file_name"] == "images/000/0.jpg"
    assert len(train["images"]) + len(test["images"]) == 6 and [i["id"] for i in test["images"]] == ["0"]
    held = next(i for i in range(6) if i not in {image["id"] for image in train["images"]})
    assert (private / "answers.csv").read_text() == f"Id,Predicted\n0,{metadata['annotations'][held]['category_id']}\n"
    assert (public / "sample_submission.csv").read_text() == "Id,Predicted\n0,0\n"
    linked = public / "d" / "test" / "images" / "000" / "0.jpg"
    assert os.path.samefile(linked, raw / "d" / "train" / f"images/{held}.jpg")
    assert (public / "d" / "train" / "images" / "2.jpg").read_bytes() == b"jpeg 2"

    with pytest.raises(ValueError, match=r"would hold \['images', 'info', 'licenses', 'regions'\]"):
        coco.hold_out_numbered_test(raw, tmp_path / "p2", tmp_path / "q2", folder="d", encoding="utf-8", test_drops=())
