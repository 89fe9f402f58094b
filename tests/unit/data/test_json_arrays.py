"""authoring.json_arrays: a JSON array streamed element by element, as json.load / json.dump see it."""

from __future__ import annotations

import json

import pytest

from pytest_mlebench.data.authoring import JsonArrayWriter, json_array_items

ITEMS = [{"token": "a1", "x": 0.1 + 0.2, "n": 12345678901234567890, "name": "caf\u00e9 \u2603", "nested": {"k": [1, 2.5e-7]}},
         123456789, "text with \"quotes\" and , ] [", None, True, [], {}, 1e300, -0.0]


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64, 1 << 20])
def test_items_are_json_load_s_whatever_the_block(tmp_path, block):
    path = tmp_path / "table.json"
    path.write_text(" \n[ " + ",\n  ".join(json.dumps(item) for item in ITEMS) + " ]\n", encoding="utf-8")
    assert list(json_array_items(path, block=block)) == json.loads(path.read_text(encoding="utf-8"))


def test_an_empty_array_and_a_bad_file(tmp_path):
    empty, bad, cut = tmp_path / "empty.json", tmp_path / "bad.json", tmp_path / "cut.json"
    empty.write_text("[ ]")
    bad.write_text('{"a": 1}')
    cut.write_text('[{"a": 1}, {"b"')
    assert list(json_array_items(empty, block=1)) == []
    with pytest.raises(ValueError, match="not a JSON array"):
        list(json_array_items(bad))
    with pytest.raises(json.JSONDecodeError):
        list(json_array_items(cut, block=4))


def test_the_writer_writes_json_dump_s_bytes(tmp_path):
    for items in (ITEMS, [], [{"only": 1}]):
        path = tmp_path / "out.json"
        with JsonArrayWriter(path) as writer:
            for n, item in enumerate(items):
                writer.add(item) if n % 2 else writer.add_encoded(json.dumps(item))
        expected = tmp_path / "expected.json"
        with open(expected, "w") as handle:
            json.dump(items, handle)
        assert path.read_bytes() == expected.read_bytes()
