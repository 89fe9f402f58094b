"""Data from Kaggle: credentials, download (resumed, md5-checked), unpacking, leaderboards.

Never the internet: a stand-in server in the test speaks the endpoints the
kaggle client (kagglesdk) calls, and redirects the data download to a file
address of its own, as Kaggle does.
"""

import base64
import hashlib
import io
import json
import shutil
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pytest_mlebench.agents.resolve import AgentSpec
from pytest_mlebench.cli import main
from pytest_mlebench.competitions import load_competition
from pytest_mlebench.data import kaggle
from pytest_mlebench.data import prepared as data
from pytest_mlebench.grading.medals import thresholds_from_scores
from pytest_mlebench.runs.run import run_competition
from tests.support.paths import FIXTURES_ROOT

FIXTURE = FIXTURES_ROOT / "kaggle" / "tiny-kaggle"
TRAIN = "id,x,y\n" + "".join(f"k{i:02d},{i},{2 * i + 1}\n" for i in range(10))
LEADERBOARD = "TeamId,TeamName,SubmissionDate,Score\n" + "".join(
    f"{i},team {i},2021-11-03 00:00:00,{0.1 * (i + 1):.1f}\n" for i in range(10))  # scores 0.1 .. 1.0
DATA_FILES = "/v1/competitions.CompetitionApiService/DownloadDataFiles"
LEADERBOARD_FILE = "/v1/competitions.CompetitionApiService/DownloadLeaderboard"


def zipped(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


class StandIn:
    """Kaggle's API for one competition: 302 from the API to /files/<id>.zip, which honours Range."""

    def __init__(self, body: bytes):
        self.body = body
        self.api_status = 200  # what the API answers (403: rules not accepted, 500: broken)
        self.cut_after: int | None = None  # drop the first file transfer after this many bytes
        self.leaderboard = zipped({"tiny-kaggle-publicleaderboard.csv": LEADERBOARD})
        self.calls: list[tuple[str, str, dict]] = []  # (method, path, headers)
        self.sent_ranged = 0  # file bytes sent in answers to Range requests
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.calls.append(("POST", self.path, dict(self.headers)))
                assert request == {"competitionName": "tiny-kaggle"}
                if stand_in.api_status != 200:
                    body = json.dumps({"code": stand_in.api_status, "message": "no"}).encode()
                    self.send_response(stand_in.api_status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                elif self.path == DATA_FILES:
                    self.send_response(302)
                    self.send_header("Location", "/files/tiny-kaggle.zip")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/zip")
                    self.send_header("Content-Length", str(len(stand_in.leaderboard)))
                    self.end_headers()
                    self.wfile.write(stand_in.leaderboard)

            def do_GET(self):
                stand_in.calls.append(("GET", self.path, dict(self.headers)))
                body, start = stand_in.body, 0
                wanted = self.headers.get("Range")
                if wanted:
                    start = int(wanted.removeprefix("bytes=").rstrip("-"))
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    self.send_response(200)
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Content-Length", str(len(body) - start))
                self.end_headers()
                chunk = body[start:]
                if stand_in.cut_after is not None:
                    chunk, stand_in.cut_after = chunk[: stand_in.cut_after], None
                    self.close_connection = True
                self.wfile.write(chunk)
                stand_in.sent_ranged += len(chunk) if wanted else 0

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.calls]


@pytest.fixture(autouse=True)
def no_real_credentials(monkeypatch, tmp_path):
    """Nothing from the developer's own Kaggle set-up may leak into a test."""
    for name in ("KAGGLE_USERNAME", "KAGGLE_KEY", "KAGGLE_CONFIG_DIR", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def credentials(monkeypatch):
    monkeypatch.setenv("KAGGLE_USERNAME", "ada")
    monkeypatch.setenv("KAGGLE_KEY", "secret-key")


def serve(monkeypatch, body: bytes) -> StandIn:
    stand_in = StandIn(body)
    stand_in.thread.start()
    monkeypatch.setattr(kaggle, "KAGGLE_API", stand_in.url)
    return stand_in


@pytest.fixture
def kaggle_zip() -> bytes:
    return zipped({"train.csv": TRAIN})


@pytest.fixture
def server(monkeypatch, kaggle_zip):
    stand_in = serve(monkeypatch, kaggle_zip)
    yield stand_in
    stand_in.server.shutdown()
    stand_in.server.server_close()


@pytest.fixture
def competition(tmp_path, kaggle_zip):
    """The fixture competition, with the md5 of the zip this test serves as [data].zip_md5."""
    folder = tmp_path / "defs" / "tiny-kaggle"
    shutil.copytree(FIXTURE, folder)
    toml = folder / "competition.toml"
    md5 = hashlib.md5(kaggle_zip).hexdigest()
    toml.write_text(toml.read_text().replace('raw_files = ["train.csv"]', f'raw_files = ["train.csv"]\nzip_md5 = "{md5}"'))
    return load_competition(folder)


# -- credentials -------------------------------------------------------------------------------


def test_credentials_come_from_the_environment_first(tmp_path):
    env = {"KAGGLE_USERNAME": "ada", "KAGGLE_KEY": "k1", "HOME": str(tmp_path)}
    found = kaggle.find_credentials(env)
    assert (found.username, found.key, found.source) == ("ada", "k1", "KAGGLE_USERNAME/KAGGLE_KEY")


@pytest.mark.parametrize("where", ["KAGGLE_CONFIG_DIR", "~/.kaggle", "~/.config/kaggle"])
def test_credentials_from_kaggle_json(tmp_path, where):
    home = tmp_path / "home"
    folder = {"KAGGLE_CONFIG_DIR": tmp_path / "conf", "~/.kaggle": home / ".kaggle",
              "~/.config/kaggle": home / ".config" / "kaggle"}[where]
    folder.mkdir(parents=True)
    (folder / "kaggle.json").write_text('{"username": "bob", "key": "k2"}')
    env = {"HOME": str(home)} | ({"KAGGLE_CONFIG_DIR": str(folder)} if where == "KAGGLE_CONFIG_DIR" else {})
    found = kaggle.find_credentials(env)
    assert (found.username, found.key, found.source) == ("bob", "k2", str(folder / "kaggle.json"))


def test_no_credentials_and_a_broken_kaggle_json(tmp_path):
    assert kaggle.find_credentials({"HOME": str(tmp_path)}) is None
    (tmp_path / ".kaggle").mkdir()
    (tmp_path / ".kaggle" / "kaggle.json").write_text("{not json")
    with pytest.raises(kaggle.DownloadError, match=r"kaggle.json is not a Kaggle credentials file.*\"username\" and \"key\""):
        kaggle.find_credentials({"HOME": str(tmp_path)})


# -- downloading and preparing ------------------------------------------------------------------


def test_download_end_to_end_into_a_prepared_competition(competition, server, credentials, tmp_path):
    seen = []
    prepared = data.prepare(competition, tmp_path / "cache", progress=lambda done, total: seen.append((done, total)))
    assert prepared.prepared_now
    assert (prepared.public / "train.csv").read_text().startswith("id,x,y\nk00,0,1\n")
    assert (prepared.private / "answers.csv").read_text() == "id,y\nk06,13\nk07,15\nk08,17\nk09,19\n"
    assert (prepared.public / "description.md").read_text() == competition.description_path.read_text()
    assert (tmp_path / "cache" / "tiny-kaggle" / "raw" / "train.csv").read_text() == TRAIN
    assert not list((tmp_path / "cache" / "tiny-kaggle" / "download").iterdir())  # checked, unpacked, removed
    assert seen[-1] == (len(server.body), len(server.body))
    post = server.calls[0]
    assert post[1] == DATA_FILES
    assert post[2]["Authorization"] == "Basic " + base64.b64encode(b"ada:secret-key").decode()
    # A second call is served from the cache: no more requests.
    count = len(server.calls)
    assert not data.prepare(competition, tmp_path / "cache").prepared_now
    assert len(server.calls) == count


def test_without_credentials_the_message_names_the_three_ways(competition, server, tmp_path):
    with pytest.raises(data.DataUnavailable) as error:
        data.prepare(competition, tmp_path / "cache")
    message = str(error.value)
    assert "KAGGLE_USERNAME and KAGGLE_KEY, or ~/.kaggle/kaggle.json" in message
    assert "https://www.kaggle.com/competitions/tiny-kaggle/rules" in message
    assert "--mle-data-dir DIR with MLE-bench's prepared data in DIR/tiny-kaggle/prepared/{public,private}" in message
    assert "--mle-raw-dir DIR with Kaggle's raw files (train.csv) in DIR/tiny-kaggle/" in message
    assert server.calls == []


def test_rules_not_accepted_names_the_rules_page(competition, server, credentials, tmp_path):
    server.api_status = 403
    with pytest.raises(data.DataUnavailable, match=r"HTTP 403\): accept the competition's rules at "
                       r"https://www.kaggle.com/competitions/tiny-kaggle/rules while logged in as 'ada'"):
        data.prepare(competition, tmp_path / "cache")


def test_a_server_failure_says_so(competition, server, credentials, tmp_path):
    server.api_status = 500
    with pytest.raises(data.DataUnavailable, match=r"the download of tiny-kaggle from Kaggle failed: HTTP 500"):
        data.prepare(competition, tmp_path / "cache")
    assert not data.is_prepared(competition, tmp_path / "cache")


def test_bad_credentials_say_so(competition, server, credentials, tmp_path):
    server.api_status = 401
    with pytest.raises(data.DataUnavailable, match=r"did not accept the credentials from KAGGLE_USERNAME/KAGGLE_KEY \(HTTP 401\)"):
        data.prepare(competition, tmp_path / "cache")


def test_a_partial_download_is_continued_not_restarted(competition, server, credentials, tmp_path):
    part = tmp_path / "cache" / "tiny-kaggle" / "download" / "tiny-kaggle.zip.part"
    part.parent.mkdir(parents=True)
    half = len(server.body) // 2
    part.write_bytes(server.body[:half])  # what an interrupted earlier run left
    assert "download interrupted" in data.cache_state(competition, tmp_path / "cache")
    assert data.prepare(competition, tmp_path / "cache").prepared_now
    ranges = [headers.get("Range") for method, _, headers in server.calls if method == "GET"]
    assert ranges[-1] == f"bytes={half}-" and server.sent_ranged == len(server.body) - half
    # The zip passed its md5 check, so the first half on disk was kept and the rest appended.
    assert (tmp_path / "cache" / "tiny-kaggle" / "raw" / "train.csv").read_text() == TRAIN


def test_a_dropped_connection_is_resumed(competition, server, credentials, tmp_path, monkeypatch):
    monkeypatch.setattr(kaggle, "CHUNK", 10)  # a drop loses the chunk being read; keep every earlier one
    server.cut_after = 100
    assert data.prepare(competition, tmp_path / "cache").prepared_now
    ranges = [headers.get("Range") for method, _, headers in server.calls if method == "GET"]
    assert ranges[-1] == "bytes=100-"
    assert (tmp_path / "cache" / "tiny-kaggle" / "raw" / "train.csv").read_text() == TRAIN


def test_a_zip_with_the_wrong_md5_is_kept_aside_and_not_used(competition, monkeypatch, credentials, tmp_path):
    other = zipped({"train.csv": TRAIN.replace("k09,9,19", "k09,9,20")})
    stand_in = serve(monkeypatch, other)
    try:
        with pytest.raises(data.ChecksumMismatch, match=r"has md5 \w+, expected \w+ \(\[data\].zip_md5"):
            data.prepare(competition, tmp_path / "cache")
    finally:
        stand_in.server.shutdown()
        stand_in.server.server_close()
    actual = hashlib.md5(other).hexdigest()
    assert (tmp_path / "cache" / "tiny-kaggle" / "download" / f"tiny-kaggle.md5-{actual}.zip").read_bytes() == other
    assert not (tmp_path / "cache" / "tiny-kaggle" / "raw").exists()
    assert not data.is_prepared(competition, tmp_path / "cache")


def test_without_a_zip_md5_nothing_is_downloaded(server, credentials, tmp_path):
    with pytest.raises(data.DataUnavailable, match=r"has no \[data\].zip_md5, so a download from Kaggle could not be checked"):
        data.prepare(load_competition(FIXTURE), tmp_path / "cache")
    assert server.calls == []


def test_raw_dir_wins_over_a_download(competition, server, credentials, tmp_path):
    raw = tmp_path / "raw" / "tiny-kaggle"
    raw.mkdir(parents=True)
    (raw / "train.csv").write_text(TRAIN)
    assert data.prepare(competition, tmp_path / "cache", tmp_path / "raw").prepared_now
    assert DATA_FILES not in server.paths()


# -- leaderboards -------------------------------------------------------------------------------


def test_the_leaderboard_is_downloaded_and_runs_use_its_thresholds(competition, server, credentials, tmp_path):
    prepared = data.prepare(competition, tmp_path / "cache")
    assert LEADERBOARD_FILE in server.paths()
    assert (tmp_path / "cache" / "tiny-kaggle" / "leaderboard.csv").read_text() == LEADERBOARD
    scores = [0.1 * (i + 1) for i in range(10)]
    board = data.with_leaderboard(competition, tmp_path / "cache").leaderboard
    assert board.thresholds == thresholds_from_scores(scores, lower_is_better=True)
    assert (board.kind, board.num_teams) == ("kaggle", 10)
    # 10 teams: gold at position 1, silver 2, bronze 4 (Kaggle's rules for under 100 teams)
    assert (board.thresholds.gold, board.thresholds.silver, board.thresholds.bronze) == pytest.approx((0.1, 0.2, 0.4))

    result = run_competition(competition, dummy_agent(), prepared, run_root=tmp_path / "runs")
    assert result.valid_submission and result.leaderboard == "kaggle"
    assert result.score == pytest.approx(16.0)  # the sample says 0 for y = 13, 15, 17, 19: MAE (13+15+17+19)/4
    assert result.gold_threshold == pytest.approx(0.1) and result.medal is None and not result.above_median


def test_until_a_leaderboard_exists_medals_are_unavailable(competition, tmp_path):
    raw = tmp_path / "raw" / "tiny-kaggle"
    raw.mkdir(parents=True)
    (raw / "train.csv").write_text(TRAIN)
    prepared = data.prepare(competition, tmp_path / "cache", tmp_path / "raw")
    assert data.with_leaderboard(competition, tmp_path / "cache") is competition
    result = run_competition(competition, dummy_agent(), prepared, run_root=tmp_path / "runs")
    assert result.leaderboard == "unavailable" and result.gold_threshold is None and result.medal is None


def test_the_leaderboard_comes_with_a_data_dir_too(competition, server, credentials, tmp_path):
    """ventilator-pressure-prediction has no prepare.py: its data can only come from a data dir."""
    from tests.unit.data.test_data import mlebench_data_dir

    data_dir = mlebench_data_dir(tmp_path / "mle-data")
    prepared = data.prepare(competition, tmp_path / "cache", data_dir=data_dir)
    assert prepared.sources and server.paths() == [LEADERBOARD_FILE]  # no data download
    assert data.with_leaderboard(competition, tmp_path / "cache").leaderboard.thresholds is not None


def test_a_failed_leaderboard_download_is_only_a_warning(competition, server, credentials, tmp_path):
    server.leaderboard = b"PK\x05\x06" + bytes(18)  # an empty zip: no CSV in it
    with pytest.warns(RuntimeWarning, match="medals unavailable \\(no leaderboard\\).*holds no CSV"):
        prepared = data.prepare(competition, tmp_path / "cache")
    assert prepared.prepared_now and not (tmp_path / "cache" / "tiny-kaggle" / "leaderboard.csv").exists()


def test_definitions_with_thresholds_do_not_download_a_leaderboard(tmp_path, server, credentials, kaggle_zip):
    folder = tmp_path / "defs" / "tiny-kaggle"
    shutil.copytree(FIXTURE, folder)
    toml = folder / "competition.toml"
    md5 = hashlib.md5(kaggle_zip).hexdigest()
    text = toml.read_text().replace('raw_files = ["train.csv"]', f'raw_files = ["train.csv"]\nzip_md5 = "{md5}"')
    toml.write_text(text + "gold = 0.1\nsilver = 0.2\nbronze = 0.4\nmedian = 0.5\n")
    data.prepare(load_competition(folder), tmp_path / "cache")
    assert DATA_FILES in server.paths() and LEADERBOARD_FILE not in server.paths()


def dummy_agent() -> AgentSpec:
    """Copies the sample submission, in the harness's Python."""
    script = ("import os, shutil; shutil.copy(os.path.join(os.environ['MLEBENCH_DATA_DIR'], 'sample_submission.csv'), "
              "os.environ['MLEBENCH_SUBMISSION_PATH'])")
    return AgentSpec(name="copy-sample", command=(sys.executable, "-c", script))


# -- the command line ---------------------------------------------------------------------------


def test_prepare_command_downloads_with_progress_lines(competition, server, credentials, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(competition.folder.parent))
    assert main(["prepare", "tiny-kaggle", "--cache-dir", str(tmp_path / "cache")]) == 0
    out = capsys.readouterr().out
    assert "tiny-kaggle: downloading from Kaggle: 100%, " in out
    assert "[1/1] tiny-kaggle: prepared in" in out
    assert main(["prepare", "--list", "--cache-dir", str(tmp_path / "cache")]) == 0
    assert "prepared, md5s verified; leaderboard downloaded" in capsys.readouterr().out


def test_prepare_command_without_credentials_says_what_to_do(competition, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(competition.folder.parent))
    assert main(["prepare", "tiny-kaggle", "--cache-dir", str(tmp_path / "cache")]) == 1
    assert "tiny-kaggle: not prepared: tiny-kaggle needs Kaggle's raw files (train.csv)" in capsys.readouterr().out


def test_a_pytest_item_without_data_is_skipped_with_the_three_ways(competition, pytester, monkeypatch, tmp_path):
    """Beside a competition whose data is there (else the session's pre-flight stops before any item)."""
    import shutil

    definitions = tmp_path / "definitions"
    shutil.copytree(competition.folder, definitions / competition.folder.name)
    shutil.copytree(FIXTURES_ROOT / "competitions" / "tiny-labels", definitions / "tiny-labels")
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(definitions))
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(tmp_path / "cache"))
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\nmle_collect = true\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--agent=dummy", "-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*pre-flight: these runs will be skipped or fail*", "*✗ data*tiny-kaggle*"])
    result.stdout.fnmatch_lines(["*tiny-kaggle needs Kaggle's raw files (train.csv)*Three ways to get its data*"])
