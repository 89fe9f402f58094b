"""freesound-audio-tagging-2019's prepare.py and its Zenodo file (FSDKaggle2019.meta.zip), on the
synthetic raw data of the differential test, with the network replaced by a local server or by
a port nothing listens on: the file is found, downloaded or missing, and checked, before the
preparation writes anything."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import socket
import threading
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pytest_mlebench.competitions import load_competition
from pytest_mlebench.data.checksums import md5
from pytest_mlebench.errors import ChecksumMismatch, DataUnavailable
from tests.competitions.preparation.raw import freesound_audio_tagging_2019 as generator
from tests.support.mlebench_support import COMPETITIONS_DIR

ID = "freesound-audio-tagging-2019"


@pytest.fixture
def prepare(monkeypatch):
    module = load_competition(COMPETITIONS_DIR / ID).code("prepare")
    monkeypatch.delenv(module.META.env, raising=False)
    with socket.socket() as probe:  # no test here may reach Zenodo: a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setattr(module, "META", replace(module.META, url=f"{nowhere}/meta.zip", listing=f"{nowhere}/api"))
    return module


@pytest.fixture
def folders(tmp_path):
    raw, public, private = tmp_path / "raw", tmp_path / "public", tmp_path / "private"
    for folder in (raw, public, private):
        folder.mkdir()
    generator.make(raw, random.Random(0))
    return raw, public, private


def _nothing_written(public, private) -> bool:
    return not any(public.iterdir()) and not any(private.iterdir())


def test_without_network_and_without_the_file_it_stops_first_saying_what_to_fetch(prepare, folders):
    raw, public, private = folders
    with pytest.raises(DataUnavailable) as caught:
        prepare.prepare(raw, public, private)
    message = str(caught.value)
    assert "FSDKaggle2019.meta.zip is not in" in message
    assert f"download {prepare.META.url} and put it in {raw}" in message
    assert "MLEBENCH_FSDKAGGLE2019_META=<path" in message
    assert _nothing_written(public, private)


def test_a_file_it_cannot_check_by_md5_must_give_mlebench_s_answers(prepare, folders, monkeypatch):
    raw, public, private = folders
    shutil.copyfile(generator.meta_zip(raw), raw / "FSDKaggle2019.meta.zip")
    with pytest.raises(ChecksumMismatch, match="could not be checked by md5 .* not MLE-bench's"):
        prepare.prepare(raw, public, private)
    assert _nothing_written(public, private)

    # the same file, when its answers are the ones recorded as MLE-bench's, is used
    unpinned, fresh = prepare.META, raw.parent / "pinned"
    (fresh / "public").mkdir(parents=True), (fresh / "private").mkdir()
    monkeypatch.setattr(prepare, "META", replace(unpinned, md5=md5(raw / "FSDKaggle2019.meta.zip")))
    prepare.prepare(raw, fresh / "public", fresh / "private")
    answers = (fresh / "private" / "test.csv").read_bytes()
    monkeypatch.setattr(prepare, "META", unpinned)
    definition = prepare._definition()
    definition["checksums"]["private/test.csv"] = hashlib.md5(answers).hexdigest()
    monkeypatch.setattr(prepare, "_definition", lambda: definition)
    prepare.prepare(raw, public, private)
    assert (private / "test.csv").read_bytes() == answers
    assert sorted(p.name for p in public.iterdir()) == sorted(p.name for p in raw.iterdir() if "meta" not in p.name)


def test_it_downloads_the_file_into_the_raw_folder_and_checks_the_published_md5(prepare, folders, monkeypatch):
    raw, public, private = folders
    site = raw.parent / "site"
    site.mkdir()
    shutil.copyfile(generator.meta_zip(raw), site / "meta.zip")
    listing = {"files": [{"key": "FSDKaggle2019.meta.zip", "checksum": f"md5:{md5(site / 'meta.zip')}"}]}
    (site / "api").write_text(json.dumps(listing))
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        monkeypatch.setattr(prepare, "META", replace(prepare.META, url=f"{base}/meta.zip", listing=f"{base}/api"))
        prepare.prepare(raw, public, private)
    finally:
        server.shutdown()
        server.server_close()
    assert (raw / "FSDKaggle2019.meta.zip").read_bytes() == (site / "meta.zip").read_bytes()
    assert (private / "test.csv").exists() and not (public / "FSDKaggle2019.meta.zip").exists()


def test_a_file_with_another_md5_than_the_pinned_one_is_refused_before_anything_is_written(prepare, folders,
                                                                                           monkeypatch):
    raw, public, private = folders
    monkeypatch.setenv(prepare.META.env, str(generator.meta_zip(raw)))
    monkeypatch.setattr(prepare, "META", replace(prepare.META, md5="0" * 32))
    with pytest.raises(ChecksumMismatch, match="so it is not the file MLE-bench uses"):
        prepare.prepare(raw, public, private)
    assert _nothing_written(public, private)
