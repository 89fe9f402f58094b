"""authoring.archives: a zip member written as a stream and deflated in a second thread."""

from __future__ import annotations

import threading
import zipfile

import pytest

from pytest_mlebench.data.authoring import archives, zipped_text


def test_the_member_holds_exactly_what_was_written(tmp_path):
    # more than PENDING chunks of CHUNK bytes, so the caller waits for the worker on the way
    line = "Zürich ; \"quoted\" \u00a0 東京 .\r\n"
    count = (archives.PENDING + 3) * archives.CHUNK // len(line.encode()) + 7
    with zipped_text(tmp_path / "a.zip", "a.txt") as out:
        for _ in range(count):
            out.write(line)
        out.write("no line end at the very end")
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert [(i.filename, i.compress_type) for i in archive.infolist()] == [("a.txt", zipfile.ZIP_DEFLATED)]
        assert archive.read("a.txt") == (line * count + "no line end at the very end").encode("utf-8")  # "\r\n" kept
    assert threading.active_count() == 1


def test_an_error_of_the_caller_propagates_and_stops_the_worker(tmp_path):
    with pytest.raises(KeyError, match="stop"):
        with zipped_text(tmp_path / "a.zip", "a.txt") as out:
            out.write("x" * (3 * archives.CHUNK))
            raise KeyError("stop")
    assert threading.active_count() == 1


def test_an_error_of_the_worker_reaches_the_caller(tmp_path):
    with pytest.raises(FileNotFoundError):
        with zipped_text(tmp_path / "missing" / "a.zip", "a.txt") as out:
            for _ in range(archives.PENDING + 3):
                out.write("x" * archives.CHUNK)
    assert threading.active_count() == 1
