"""Files from outside Kaggle (pytest_mlebench.data.authoring.external): where they are taken
from, the download, and the md5 check, against a local HTTP server standing in for Zenodo."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pytest_mlebench.data.authoring import ExternalFile, obtain
from pytest_mlebench.errors import ChecksumMismatch, DataUnavailable

CONTENT = b"PK fake metadata zip"
DIGEST = hashlib.md5(CONTENT).hexdigest()
ENV = "TEST_EXTERNAL_FILE"


class Zenodo:
    """Serves {path: bytes} on 127.0.0.1 and records the paths asked for."""

    def __init__(self, files: dict[str, bytes]):
        self.files, self.asked = files, []
        zenodo = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                zenodo.asked.append(self.path)
                body = zenodo.files.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def _listing(md5: str, name: str = "meta.zip") -> bytes:
    files = [{"key": "other.zip", "checksum": "md5:0"}, {"key": name, "checksum": f"md5:{md5}"}]
    return json.dumps({"files": files}).encode()


def _closed_port_url() -> str:
    with socket.socket() as probe:  # a port nothing listens on: the connection is refused at once
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def zenodo():
    server = Zenodo({})
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture(autouse=True)
def no_env(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)


def _spec(base: str, md5: str | None = None) -> ExternalFile:
    return ExternalFile(name="meta.zip", url=f"{base}/files/meta.zip?download=1", listing=f"{base}/api/records/1",
                        env=ENV, md5=md5)


def test_a_file_in_the_raw_folder_is_checked_against_the_pinned_md5_without_the_network(tmp_path):
    (tmp_path / "meta.zip").write_bytes(CONTENT)
    found = obtain(_spec(_closed_port_url(), md5=DIGEST), tmp_path)
    assert found.path == tmp_path / "meta.zip" and found.checked_against == "pinned in the competition's prepare.py"


def test_a_missing_file_is_downloaded_into_the_raw_folder_and_checked_against_the_published_md5(tmp_path, zenodo):
    zenodo.files.update({"/files/meta.zip?download=1": CONTENT, "/api/records/1": _listing(DIGEST)})
    found = obtain(_spec(zenodo.url), tmp_path)
    assert found.path.read_bytes() == CONTENT and found.path == tmp_path / "meta.zip"
    assert found.checked_against == f"published at {zenodo.url}/api/records/1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meta.zip"]  # no .part left
    obtain(_spec(zenodo.url), tmp_path)  # kept: the second preparation does not download again
    assert zenodo.asked.count("/files/meta.zip?download=1") == 1


def test_a_download_with_another_md5_than_the_published_one_is_refused(tmp_path, zenodo):
    zenodo.files.update({"/files/meta.zip?download=1": CONTENT + b"changed", "/api/records/1": _listing(DIGEST)})
    expected = rf"has md5 [0-9a-f]{{32}}, but meta\.zip has md5 {DIGEST} \(published at "
    with pytest.raises(ChecksumMismatch, match=expected):
        obtain(_spec(zenodo.url), tmp_path)


def test_without_network_a_missing_file_stops_with_where_to_fetch_it(tmp_path):
    spec = _spec(_closed_port_url())
    with pytest.raises(DataUnavailable) as caught:
        obtain(spec, tmp_path)
    message = str(caught.value)
    assert f"download {spec.url} and put it in {tmp_path} as meta.zip" in message and f"{ENV}=<path" in message
    assert list(tmp_path.iterdir()) == []


def test_the_environment_variable_wins_and_must_name_a_file(tmp_path, monkeypatch):
    elsewhere = tmp_path / "downloads" / "saved.zip"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(CONTENT)
    (tmp_path / "meta.zip").write_bytes(b"another")
    monkeypatch.setenv(ENV, str(elsewhere))
    assert obtain(_spec(_closed_port_url(), md5=DIGEST), tmp_path).path == elsewhere
    monkeypatch.setenv(ENV, str(tmp_path / "nothing.zip"))
    with pytest.raises(DataUnavailable, match=rf"{ENV} names .*nothing\.zip, which is not a file"):
        obtain(_spec(_closed_port_url(), md5=DIGEST), tmp_path)


def test_a_pinned_md5_is_checked_before_the_file_is_used(tmp_path):
    (tmp_path / "meta.zip").write_bytes(CONTENT)
    with pytest.raises(ChecksumMismatch, match="pinned in the competition's prepare.py"):
        obtain(_spec(_closed_port_url(), md5="0" * 32), tmp_path)


def test_without_a_pinned_md5_nor_the_listing_the_file_is_returned_as_unchecked(tmp_path, zenodo):
    (tmp_path / "meta.zip").write_bytes(CONTENT)
    assert obtain(_spec(_closed_port_url()), tmp_path).checked_against is None
    zenodo.files["/api/records/1"] = _listing(DIGEST, name="another.zip")  # the listing lacks the file
    assert obtain(_spec(zenodo.url), tmp_path).checked_against is None
