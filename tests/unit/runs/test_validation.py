"""The validation service agents may call: the grader's checks, never the score, never the answers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competition
from pytest_mlebench.runs import validation
from pytest_mlebench.runs.validation import SERVER_SCRIPT, ValidationService, client_script
from tests.support.paths import FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT / "competitions"


@pytest.fixture
def service(tmp_path):
    """tiny-labels prepared into tmp_path, with a running service on its validation folder."""
    competition = load_competition(FIXTURES / "tiny-labels")
    public, private = tmp_path / "public", tmp_path / "private"
    public.mkdir()
    private.mkdir()
    competition.code("prepare").prepare(None, public, private)
    folder = tmp_path / "validate"
    svc = ValidationService(competition, private, folder, tmp_path / "validation.jsonl")
    svc.start()
    svc.public, svc.private, svc.folder = public, private, folder
    yield svc
    svc.stop()


def wait_for(path: Path, timeout: float = 120) -> dict:
    """The JSON response at `path`, once the service has written it (renamed into place)."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"no response {path.name}"
        time.sleep(0.05)
    return json.loads(path.read_text())


def drop(service, name: str, content: bytes) -> dict:
    """What both real clients do: write `<name>.part`, rename it to `<name>` (so the service
    never sees a half-written request), wait for the response."""
    request = service.folder / "requests" / name
    part = request.with_name(request.name + ".part")
    part.write_bytes(content)
    part.rename(request)
    return wait_for(service.folder / "responses" / (name[:-4] + ".json"))


def test_valid_file_is_valid_and_the_answer_has_no_score(service):
    answer = drop(service, "a.csv", (service.public / "sample_submission.csv").read_bytes())
    assert answer["valid"] is True and "valid" in answer["result"]
    assert set(answer) == {"result", "valid"}
    log = [json.loads(line) for line in (service.log_path).read_text().splitlines()]
    assert log[0]["name"] == "a.csv" and log[0]["valid"] is True and service.calls == 1
    assert not (service.folder / "requests" / "a.csv").exists()


def test_invalid_file_gets_the_graders_reason(service):
    sample = pd.read_csv(service.public / "sample_submission.csv")
    answer = drop(service, "b.csv", sample.iloc[1:].to_csv(index=False).encode())
    assert answer["valid"] is False and "missing" in answer["result"]
    answer = drop(service, "c.csv", sample.assign(label="maybe").to_csv(index=False).encode())
    assert answer["valid"] is False and "unknown label" in answer["result"]


def test_symlink_or_fifo_request_is_refused_without_reading_the_target(service):
    (service.folder / "requests" / "link.csv").symlink_to(service.private / "answers.csv")
    os.mkfifo(service.folder / "requests" / "pipe.csv")
    responses = {name: wait_for(service.folder / "responses" / name) for name in ("link.json", "pipe.json")}
    assert responses["link.json"]["valid"] is False and "regular file" in responses["link.json"]["result"]
    assert responses["pipe.json"]["valid"] is False and "not a regular file" in responses["pipe.json"]["result"]
    assert "yes" not in json.dumps(responses)  # nothing of the answers comes back


def test_a_request_being_written_is_never_read(service):
    """Only `.csv` names are requests, and the clients create them by renaming a finished `.part`."""
    sample = (service.public / "sample_submission.csv").read_bytes()
    part = service.folder / "requests" / "slow.csv.part"
    part.write_bytes(sample[:5])  # a client still writing
    assert drop(service, "other.csv", sample)["valid"] is True  # the service has polled past it
    assert part.exists() and not (service.folder / "responses" / "slow.json").exists()
    with open(part, "ab") as out:
        out.write(sample[5:])
    part.rename(service.folder / "requests" / "slow.csv")
    assert wait_for(service.folder / "responses" / "slow.json")["valid"] is True
    assert service.calls == 2


def test_calls_are_capped_per_run(service, monkeypatch):
    monkeypatch.setattr(validation, "MAX_CALLS", 1)
    sample = (service.public / "sample_submission.csv").read_bytes()
    assert drop(service, "one.csv", sample)["valid"] is True
    answer = drop(service, "two.csv", sample)
    assert answer["valid"] is False and "limit" in answer["result"]


def test_shell_client_prints_the_answer_and_exits_by_validity(service, tmp_path):
    script = tmp_path / "validate_submission.sh"
    script.write_text(client_script(str(service.folder)))
    good = subprocess.run(["sh", str(script), str(service.public / "sample_submission.csv")],
                          capture_output=True, text=True, timeout=60)
    assert good.returncode == 0 and json.loads(good.stdout)["valid"] is True
    bad_file = tmp_path / "bad.csv"
    bad_file.write_text("id,label\nnope,yes\n")
    bad = subprocess.run(["sh", str(script), str(bad_file)], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and json.loads(bad.stdout)["valid"] is False
    usage = subprocess.run(["sh", str(script)], capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and "usage" in usage.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, body: bytes, content_type: str) -> dict:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_http_endpoint_speaks_mlebench_form_upload(service):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-I", "-S", str(SERVER_SCRIPT), str(service.folder), str(port)])
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                health = json.loads(urllib.request.urlopen(base + "/health", timeout=5).read())
                break
            except OSError:
                time.sleep(0.05)
        assert health == {"status": "running"}
        sample = (service.public / "sample_submission.csv").read_bytes()
        boundary = "XyZ123"
        form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.csv\"\r\n"
                f"Content-Type: text/csv\r\n\r\n").encode() + sample + f"\r\n--{boundary}--\r\n".encode()
        assert _post(base + "/validate", form, f"multipart/form-data; boundary={boundary}")["valid"] is True
        assert _post(base + "/validate", b"id,label\nx,yes\n", "text/csv")["valid"] is False
        assert service.calls == 2
    finally:
        server.kill()
        server.wait()
