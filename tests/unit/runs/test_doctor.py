"""`pytest-mlebench doctor`: each check on a case where it passes and one where it fails.

Kaggle is a local stand-in that lists files, and answers 403 for competitions whose
rules are not accepted, as Kaggle's API does; nothing here reaches the internet.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pytest_mlebench.cli import main
from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.data import kaggle
from pytest_mlebench.runs import doctor
from pytest_mlebench.sandbox.bwrap import bwrap_available

COMPETITIONS = load_competitions()
LIST_FILES = "/v1/competitions.CompetitionApiService/ListDataFiles"


@pytest.fixture(autouse=True)
def no_real_credentials(monkeypatch, tmp_path):
    for name in ("KAGGLE_USERNAME", "KAGGLE_KEY", "KAGGLE_CONFIG_DIR", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


class FileListStandIn:
    """Kaggle's ListDataFiles: two files per competition; 403 for those not accepted."""

    def __init__(self, refused: set[str], file_bytes: int = 3 * 2**20):
        self.asked: list[str] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                assert self.path == LIST_FILES
                name = request["competitionName"]
                stand_in.asked.append(name)
                status = 403 if name in refused else 200
                body = {"code": 403, "message": "rules"} if status == 403 else {
                    "files": [{"name": "train.csv", "totalBytes": file_bytes}, {"name": "test.csv", "totalBytes": file_bytes}]}
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def stand_in(monkeypatch):
    def start(refused=(), file_bytes=3 * 2**20):
        server = FileListStandIn(set(refused), file_bytes)
        monkeypatch.setattr(kaggle, "KAGGLE_API", server.url)
        servers.append(server)
        return server

    servers: list[FileListStandIn] = []
    yield start
    for server in servers:
        server.server.shutdown()
        server.server.server_close()


def test_selection_follows_pytest_markers_and_keywords():
    assert len(doctor.select(COMPETITIONS, [], None, "lite", None)) == 22
    assert [c.id for c in doctor.select(COMPETITIONS, [], None, "starter", "telco")] == ["starter-telco-churn"]
    assert len(doctor.select(COMPETITIONS, [], "medium", "not known_issue", None)) < 38
    with pytest.raises(KeyError, match="no-such"):
        doctor.select(COMPETITIONS, ["no-such"], None, None, None)


@pytest.mark.skipif(not bwrap_available(), reason="needs a working bubblewrap")
def test_the_local_sandbox_is_started_and_probed():
    checks = doctor.check_local_sandbox()
    assert [c.subject for c in checks] == ["local", "private answers", "network off"]
    assert all(c.ok for c in checks), checks


def test_every_unaccepted_competition_is_listed_at_once(stand_in, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("KAGGLE_USERNAME", "ada")
    monkeypatch.setenv("KAGGLE_KEY", "k")
    refused = ["random-acts-of-pizza", "spooky-author-identification"]
    server = stand_in(refused)
    code = main(["doctor", "random-acts-of-pizza", "spooky-author-identification", "leaf-classification",
                 "--sandbox", "none", "--cache-dir", str(tmp_path / "cache"), "--json"])
    assert code == 1
    checks = json.loads(capsys.readouterr().out)["checks"]
    kaggle_checks = {c["subject"]: c for c in checks if c["area"] == "kaggle"}
    assert sorted(server.asked) == sorted(refused + ["leaf-classification"])
    for cid in refused:
        assert not kaggle_checks[cid]["ok"]
        assert kaggle.rules_url(cid) in kaggle_checks[cid]["fix"]
    assert kaggle_checks["leaf-classification"]["ok"]
    disk, = [c for c in checks if c["area"] == "disk"]
    assert disk["ok"] and "GiB needed" in disk["detail"]


def test_a_disk_too_small_for_the_downloads_is_refused(tmp_path):
    check = doctor.check_disk(tmp_path / "cache" / "not-yet", 10**18)
    assert not check.ok and "free" in check.fix


def test_data_without_any_source_says_the_ways(tmp_path):
    checks, downloads = doctor.check_data([COMPETITIONS["random-acts-of-pizza"]], tmp_path, None, None, None)
    assert downloads == [] and not checks[0].ok
    assert "--mle-raw-dir DIR with train.json, test.json" in checks[0].fix


def test_raw_files_and_the_budget(shared_dir, tmp_path):
    chosen = [COMPETITIONS["random-acts-of-pizza"], COMPETITIONS["starter-telco-churn"]]
    checks, downloads = doctor.check_data(chosen, tmp_path, shared_dir / "kaggle-raw", None, None)
    assert downloads == [] and all(c.ok for c in checks)
    budget = doctor.budget(chosen, seeds=3, time_limit=3600, gpus=2, cost_per_hour=1.5)
    assert budget.detail == ("6 runs (2 competitions × 3 seeds), up to 6.0 agent-hours, 12.0 GPU-hours, "
                             "up to $9.00 at the agent's $1.5/hour")


def test_the_table_says_what_to_fix():
    text = doctor.table([doctor.Check("data", "x", True, "fine"), doctor.Check("kaggle", "y", False, "refused", "accept")])
    assert text.splitlines() == ["✓ data     x        fine", "✗ kaggle   y        refused",
                                 "                    fix: accept", "1 ok, 1 to fix"]
