"""Hostile agents, run through the whole plugin in both sandboxes (local and Docker): each is
contained and reported correctly, and the session's other item (tiny-regression, run by the
same agent) is unaffected.

The agents are POSIX shell scripts given inline (`sh -c`), so that the same script runs in the
local sandbox and in the busybox test image. Each test runs the agent on both tiny
competitions; its hostile act targets tiny-labels, whose answers it is told the path of
(ANSWERS) as if it had guessed it.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import uuid
from pathlib import Path

import pytest

from pytest_mlebench.sandbox import bwrap as bwrap_module
from pytest_mlebench.sandbox.bwrap import bwrap_available

# Imported here, not in a fixture: pytester forgets modules first imported during a test, and a
# second copy of requests' modules breaks later tests that use requests (the Kaggle client).
from pytest_mlebench.sandbox import registered, sandbox_kind
from pytest_mlebench.sandbox.docker import options as docker_sandbox
from pytest_mlebench.sandbox.limits import _pids_cgroup_parent, used_bytes
from tests.support.paths import FIXTURES_ROOT, REPO

from tests.support import docker_images
from tests.unit.plugin.test_plugin import _processes_running

FIXTURES = FIXTURES_ROOT / "competitions"
SECRET = "hostile-test-secret-7d1f"



# Every isolating sandbox of the registry runs this suite; `none` is the explicit opt-out of isolation.
CONFORMING = [name for name, kind in registered().items() if kind.isolated]
SETUP = {"docker": lambda: docker_images.ensure_images(docker_sandbox.docker_client())}  # test images, built here


@pytest.fixture(params=[pytest.param(name, marks=[getattr(pytest.mark, name)] if name == "docker" else [])
                        for name in CONFORMING])
def sandbox(request) -> str:
    """The sandbox under test; each is skipped, saying why, where it cannot run."""
    problem = sandbox_kind(request.param).unavailable()
    if problem:
        pytest.skip(f"--mle-sandbox {request.param} cannot run here: {problem}")
    SETUP.get(request.param, lambda: None)()
    return request.param


@pytest.fixture
def session(sandbox, pytester, monkeypatch, tmp_path_factory):
    """A user's project with the tiny competitions, a harness secret in the environment and in
    ~/.kaggle, and a function running one shell agent through pytest; returns its records."""
    cache = tmp_path_factory.mktemp("cache")
    home = tmp_path_factory.mktemp("home")
    (home / ".kaggle").mkdir()
    (home / ".kaggle" / "kaggle.json").write_text(json.dumps({"username": "me", "key": SECRET}))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("KAGGLE_KEY", SECRET)
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(FIXTURES))
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(cache))
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\nmle_collect = true\n")
    for folder in (pytester.path, home):  # the agent's folders: readable by its uid when the harness is root
        folder.chmod(0o755)
    answers = cache / "tiny-labels" / "prepared" / "private" / "answers.csv"

    def run(script: str, *args: str, agents: Path | None = None) -> dict:
        agents = agents or pytester.path / "agents"  # the agent's folder is readable in the sandbox
        agents.mkdir(exist_ok=True)
        toml = agents / "hostile.toml"
        env = {"ANSWERS": str(answers), "KAGGLE_JSON": str(home / ".kaggle" / "kaggle.json")}
        lines = [f"command = {json.dumps(['sh', '-c', PRELUDE + textwrap.dedent(script)])}",
                 f"env = {{ {', '.join(f'{k} = {json.dumps(v)}' for k, v in env.items())} }}"]
        if sandbox == "docker":
            lines.append(f'image = "{docker_images.BUSYBOX}"')
        toml.write_text("\n".join(lines) + "\n")
        report = pytester.path / "report.json"
        result = pytester.runpytest_subprocess(
            "-p", "no:cacheprovider", f"--agent={toml}", f"--mle-report={report}", f"--mle-sandbox={sandbox}",
            *args
        )
        records = {r["competition_id"]: r for r in json.loads(report.read_text())["competition_reports"]}
        records["_outcome"] = result.parseoutcomes()
        records["_stdout"] = result.stdout.str()
        return records

    run.answers = answers
    run.sandbox = sandbox
    run.home = home
    return run


# Every agent ends by writing the sample submission unless it already wrote something,
# so a contained attack leaves a valid run with the sample's score.
PRELUDE = """\
set -u
work="$MLEBENCH_WORK_DIR"; sub="$MLEBENCH_SUBMISSION_PATH"; data="$MLEBENCH_DATA_DIR"
fallback() { [ -e "$sub" ] || [ -L "$sub" ] || cp "$data/sample_submission.csv" "$sub"; }
"""

SAMPLE_ACCURACY = 0.3  # tiny-labels' sample says "no" everywhere; 6 of its 20 test rows are "no"


def assert_unaffected(records) -> None:
    """The other item of the session ran normally."""
    other = records["tiny-regression"]
    assert other["valid_submission"] and not other["timed_out"], other


def test_reading_the_answers_by_path_fails(session):
    records = session("""
        cat "$ANSWERS" > "$work/stolen.csv" 2>/dev/null && cp "$work/stolen.csv" "$sub"
        fallback
    """)
    labels = records["tiny-labels"]
    assert labels["valid_submission"] and labels["score"] < 1.0
    assert_unaffected(records)


def test_searching_the_filesystem_finds_no_answers(session):
    records = session("""
        find / -name 'answers.csv' 2>/dev/null > "$work/found.txt"
        found=$(head -n 1 "$work/found.txt")
        [ -n "$found" ] && cp "$found" "$sub"
        fallback
    """, "-k", "labels")
    labels = records["tiny-labels"]
    assert (Path(labels["run_dir"]) / "work" / "found.txt").read_text() == ""
    assert labels["score"] < 1.0


@pytest.mark.parametrize("agent_in_home", [False, True], ids=["agent-elsewhere", "agent-in-home"])
def test_harness_secrets_are_out_of_reach(session, agent_in_home):
    # An agent defined in the user's home folder makes that folder readable; ~/.kaggle stays hidden.
    records = session("""
        { env; cat /proc/*/environ; cat "$KAGGLE_JSON"; cat "$HOME/.kaggle/kaggle.json"
          for p in /proc/[0-9]*; do ls "$p/cwd/" "$p/root/root" 2>/dev/null; done
        } > "$work/loot.txt" 2>&1
        fallback
    """, "-k", "labels", agents=session.home if agent_in_home else None)
    loot = (Path(records["tiny-labels"]["run_dir"]) / "work" / "loot.txt").read_bytes()
    assert SECRET.encode() not in loot
    assert records["tiny-labels"]["valid_submission"]


def test_writing_outside_its_folders_fails(session, tmp_path):
    target = tmp_path / "planted.txt"
    records = session(f"""
        echo x > "{target}" 2>/dev/null
        echo x > "$(dirname "$ANSWERS")/answers.csv" 2>/dev/null
        echo x > /usr/planted 2>/dev/null
        fallback
    """)
    assert not target.exists() and not Path("/usr/planted").exists()
    assert session.answers.read_text().startswith("id,label")
    assert records["tiny-labels"]["valid_submission"]
    assert_unaffected(records)


def test_ignoring_sigterm_does_not_outlive_the_time_limit(session):
    token = uuid.uuid4().hex
    records = session(f"""
        fallback
        trap '' TERM
        while :; do sleep 1; done  # {token}
    """, "--mle-time-limit=3")
    for record in (records["tiny-labels"], records["tiny-regression"]):
        assert record["timed_out"] and record["killed_processes"] >= 1
        assert record["valid_submission"]  # what was written before the limit is graded
    assert not _processes_running(token)


def test_daemon_left_behind_is_killed(session):
    token = uuid.uuid4().hex
    records = session(f"""
        fallback
        setsid sh -c 'trap "" TERM HUP; while :; do sleep 1; done' {token} &
        exit 0
    """)
    assert records["tiny-labels"]["killed_processes"] >= 1 and records["tiny-labels"]["exit_code"] == 0
    assert not _processes_running(token)
    assert_unaffected(records)


def test_fork_bomb_is_contained(session):
    if session.sandbox == "local" and _pids_cgroup_parent() is None:
        pytest.skip("no pids cgroup can be made here: only the time limit bounds a fork bomb")
    records = session("""
        fallback
        if [ "$MLEBENCH_COMPETITION_ID" = tiny-labels ]; then
          bomb() { bomb | bomb & }
          bomb
          sleep 2
        fi
    """, "--mle-time-limit=8")
    labels = records["tiny-labels"]
    assert labels["submission_exists"] and labels["agent_seconds"] <= 8 + 60  # reported; stopped near the limit
    assert_unaffected(records)  # the next item of the same session runs normally


def test_huge_submission_is_refused_unread(session):
    records = session("""
        dd if=/dev/zero of="$sub" bs=1 count=0 seek=3G 2>/dev/null  # sparse: no disk used
    """, "-k", "labels")
    labels = records["tiny-labels"]
    assert not labels["valid_submission"] and "over the" in labels["error"]


@pytest.mark.parametrize("target", ["answers", "/dev/zero"])
def test_submission_symlink_is_refused(session, target):
    link = '"$ANSWERS"' if target == "answers" else target
    records = session(f"""
        ln -s {link} "$sub"
    """, "-k", "labels")
    labels = records["tiny-labels"]
    assert not labels["valid_submission"] and "symbolic link" in labels["error"]


def test_agent_validates_with_the_script_and_the_endpoint(session):
    records = session("""
        sh "$MLEBENCH_VALIDATE" "$data/sample_submission.csv" > "$work/script.json"; echo "exit=$?" >> "$work/script.json"
        printf 'id,label\\nnope,yes\\n' > "$work/bad.csv"
        sh "$MLEBENCH_VALIDATE" "$work/bad.csv" > "$work/bad.json"; echo "exit=$?" >> "$work/bad.json"
        i=0; while command -v curl >/dev/null && [ $i -lt 50 ]; do
          curl -s -X POST -F "file=@$data/sample_submission.csv" http://localhost:5000/validate > "$work/http.json" && break
          i=$((i+1)); sleep 0.1
        done
        fallback
    """, "-k", "labels")
    labels = records["tiny-labels"]
    work = Path(labels["run_dir"]) / "work"
    assert '"valid": true' in (work / "script.json").read_text() and "exit=0" in (work / "script.json").read_text()
    assert '"valid": false' in (work / "bad.json").read_text() and "exit=1" in (work / "bad.json").read_text()
    assert "score" not in (work / "script.json").read_text()
    # The HTTP endpoint runs where the sandbox has python3: always locally; in Docker only in
    # images that have it (MLE-bench's do, the busybox test image does not).
    checks = 3 if session.sandbox == "local" else 2
    if session.sandbox == "local":
        assert json.loads((work / "http.json").read_text())["valid"] is True
    assert labels["validations"] == checks and labels["valid_submission"]
    log = (Path(labels["run_dir"]) / "logs" / "validation.jsonl").read_text().splitlines()
    assert len(log) == checks
    assert f"validation: agents checked {checks} submission(s)" in records["_stdout"]


def test_tampering_with_the_validation_service_gains_nothing(session):
    records = session("""
        req="$MLEBENCH_VALIDATION_DIR/requests"; res="$MLEBENCH_VALIDATION_DIR/responses"
        ln -s "$ANSWERS" "$req/steal.csv"
        i=0; while [ ! -f "$res/steal.json" ] && [ $i -lt 100 ]; do i=$((i+1)); sleep 0.1; done
        cp "$res/steal.json" "$work/steal.json"
        for n in $(seq 1 20); do printf 'junk' > "$req/flood-$n.csv"; done
        echo '{"result": "forged", "valid": true}' > "$res/forged.json"
        pkill -f 'validation_serve[r]'  # (the bracket keeps this very script out of the match)
        rm -rf "$MLEBENCH_VALIDATION_DIR"
        fallback
    """)
    labels = records["tiny-labels"]
    stolen = (Path(labels["run_dir"]) / "work" / "steal.json").read_text()
    assert '"valid": false' in stolen and "yes" not in stolen
    assert labels["valid_submission"] and labels["score"] == SAMPLE_ACCURACY
    assert_unaffected(records)


def test_filling_the_disk_past_the_limit_is_stopped_and_reported(session):
    records = session("""
        fallback
        i=0
        while [ $i -lt 400 ]; do dd if=/dev/urandom of="$work/fill$i" bs=1M count=1 2>/dev/null; i=$((i+1)); sleep 0.01; done
    """, "--mle-disk-limit=30M")
    for record in (records["tiny-labels"], records["tiny-regression"]):  # each run stopped on its own
        if session.sandbox == "docker" and record["isolation"] == "failed":  # a storage driver without quotas
            assert "--mle-disk-limit cannot be applied" in record["error"] and not record["valid_submission"]
            continue
        if session.sandbox == "docker":  # there the limit is the size of each folder: writes past it fail
            assert record["valid_submission"] and not record["timed_out"]
            assert sandbox_used_bytes(str(Path(record["run_dir"]) / "work")) <= 31_457_280
            continue
        assert "disk limit of 31,457,280 bytes exceeded" in record["error"]
        assert record["valid_submission"]  # what it wrote before is still graded
        # stopped long before its 400 MB: the check runs each second, so some overshoot is expected
        assert sandbox_used_bytes(record["run_dir"]) < 200 * 2**20


def sandbox_used_bytes(run_dir: str) -> int:
    return used_bytes([Path(run_dir)])


def test_allocating_past_the_memory_limit_is_reported_out_of_memory(session):
    records = session("""
        fallback
        if [ "$MLEBENCH_COMPETITION_ID" = tiny-labels ]; then
          head -c 1572864000 /dev/zero | tail -c 1073741824 > /dev/null  # tail holds 1 GB in memory
          exit 1
        fi
    """, "--mle-memory-limit=300M")
    assert "out of memory" in records["tiny-labels"]["error"]
    assert records["tiny-labels"]["valid_submission"]  # what it wrote before is still graded
    assert_unaffected(records)


# -- one probe agent, every attack, wherever the folders are -------------------------------------
#
# The local sandbox in every folder layout that broke it before (cache, runs under /tmp, in the
# home folder, with spaces or unicode, behind symlinks, relative, nested, on another file
# system), on a cold and a warm cache, with the harness run as root and as a normal user, under
# the system's and the bundled bwrap. ONE probe agent per run tries every attack and writes what
# it got; the test then checks that it got nothing.

PROBE = r"""
import json, os, socket, subprocess, sys, time
work, answers = os.environ["MLEBENCH_WORK_DIR"], os.environ["ANSWERS"]
found, loot = {}, []

def read(path):
    try:
        with open(path, "rb") as f:
            data = f.read(1 << 20)
        loot.append(data.decode(errors="replace"))
        return True
    except OSError:
        return False

began = time.monotonic()
found["uid"] = os.getuid()
found["answers_by_path"] = read(answers)
found["answers_by_search"] = [os.path.join(r, n) for r, d, fs in os.walk("/") if not r.startswith(("/proc", "/sys"))
                              for n in fs if n == "answers.csv"]
pids = [p for p in os.listdir("/proc") if p.isdigit()]
found["answers_through_proc"] = [p for p in pids if read(f"/proc/{p}/root{answers}") or read(f"/proc/{p}/cwd/../../{answers}")]
found["harness_environ"] = [p for p in [str(os.getppid()), *pids] if read(f"/proc/{p}/environ")]
loot.append(json.dumps(dict(os.environ)))
found["kaggle_json"] = read(os.environ["KAGGLE_JSON"]) or read(os.path.expanduser("~/.kaggle/kaggle.json"))
found["shadow"] = read("/etc/shadow")
found["root_only"] = read(os.environ["ROOT_ONLY"])
try:
    with socket.create_connection(("127.0.0.1", int(os.environ["PORT"])), timeout=3) as conn:
        conn.sendall(b"GET / HTTP/1.0\r\n\r\n")
        loot.append(conn.recv(4096).decode(errors="replace"))
    found["loopback_http"] = True
except OSError:
    found["loopback_http"] = False
with open(os.path.join(os.environ["MLEBENCH_DATA_DIR"], "sample_submission.csv")) as src:
    open(os.environ["MLEBENCH_SUBMISSION_PATH"], "w").write(src.read())
if os.fork() == 0:  # a daemon left behind: new session, then loops
    os.setsid()
    subprocess.Popen(["sh", "-c", "while :; do sleep 1; done", os.environ["TOKEN"]])
    os._exit(0)
found["seconds"] = time.monotonic() - began
json.dump(found, open(os.path.join(work, "found.json"), "w"))
open(os.path.join(work, "loot.txt"), "w").write("\n".join(loot))
"""  # it exits, leaving its daemon: the time limit is the other tests' (a search of / takes long under load)

LOCATIONS = ["tmp", "home", "space", "unicode", "symlink", "relative", "nested", "other-fs"]
HARNESS_UID = 4321  # the normal user that runs the harness in the "user" cases (needs no passwd entry)


class _Answer(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(SECRET.encode())

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def loopback_port():
    """A loopback HTTP server that answers the secret: the probe must not reach it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def _bwrap(kind: str) -> str:
    path = shutil.which("bwrap") if kind == "system" else bwrap_module._bundled_bwrap()
    if path is None:
        pytest.skip(f"no {kind} bwrap here")
    if not bwrap_module.bwrap_available(path):
        pytest.skip(f"the {kind} bwrap {path} cannot create namespaces here")
    return path


def _as_user_prefix(base: Path) -> list[str]:
    """The command prefix that runs the harness as HARNESS_UID, with the harness's Python and
    this project reachable: a folder on their way that is closed to other users (/root, where
    pyenv lives here) is replaced, in a private mount namespace, by an open one holding them."""
    needed = [Path(p).resolve() for p in (sys.base_prefix, sys.prefix, REPO)]
    closed = sorted({a for n in needed for a in n.parents if not os.stat(a).st_mode & 0o001})
    if not closed:
        wrapper = []
    else:
        wrapper = [shutil.which("bwrap") or bwrap_module._bundled_bwrap(), "--dev-bind", "/", "/"]
        for folder in closed:  # the folder's first level on the way to what is needed comes back
            wrapper += ["--tmpfs", str(folder)]
            tops = {folder / n.relative_to(folder).parts[0] for n in needed if n.is_relative_to(folder) and n != folder}
            wrapper += [a for top in sorted(tops) for a in ("--ro-bind", str(top), str(top))]
        wrapper.append("--")
    prefix = [*wrapper, "setpriv", f"--reuid={HARNESS_UID}", f"--regid={HARNESS_UID}", "--clear-groups"]
    check = subprocess.run([*prefix, sys.executable, "-c", "import pytest_mlebench.plugin"], cwd=base,
                           capture_output=True, text=True)
    if check.returncode != 0:
        pytest.skip(f"cannot run the harness as uid {HARNESS_UID} here: {check.stderr.strip()[-300:]}")
    return prefix


def _lay_out(location: str, base: Path, home: Path) -> tuple[str, str, list[Path]]:
    """(cache dir, run dir) as given on the command line for `location`, and folders to remove."""
    if location == "tmp":
        return str(base / "cache"), str(base / "runs"), []
    if location == "home":
        folder = Path(tempfile.mkdtemp(prefix="mle-hostile-", dir=home))
        return str(folder / "cache"), str(folder / "runs"), [folder]
    if location == "space":
        return str(base / "my cache" / "c c"), str(base / "my runs"), []
    if location == "unicode":
        return str(base / "câché-ü"), str(base / "runs-日本"), []
    if location == "symlink":
        (base / "real").mkdir()
        (base / "cache-link").symlink_to(base / "real")
        (base / "hop").symlink_to("cache-link")  # a relative link to another link
        return str(base / "hop" / "cache"), str(base / "cache-link" / "runs"), []
    if location == "relative":
        return "rel-cache", "rel-runs", []
    if location == "nested":  # the runs inside the cache, both inside the (readable) project
        return "proj-cache", "proj-cache/runs", []
    if location == "other-fs":
        if not os.access("/dev/shm", os.W_OK):
            pytest.skip("/dev/shm is not writable here")
        folder = Path(tempfile.mkdtemp(prefix="mle-hostile-", dir="/dev/shm"))
        return str(folder / "cache"), str(folder / "runs"), [folder]
    raise AssertionError(location)


@pytest.mark.slow
@pytest.mark.parametrize("harness", ["root", "user"])
@pytest.mark.parametrize("bwrap", ["system", "bundled"])
@pytest.mark.parametrize("location", LOCATIONS)
def test_probe_agent_gets_nothing_wherever_the_folders_are(location, bwrap, harness, loopback_port):
    if harness == "root" and os.geteuid() != 0:
        pytest.skip("the harness is not root here")
    bwrap_path = _bwrap(bwrap)
    base = Path(tempfile.mkdtemp(prefix="mle-hostile-", dir="/tmp"))
    base.chmod(0o755)
    user = harness == "user" and os.geteuid() == 0
    home = base / "home" if user else Path.home()
    project, agents = base / "proj", base / "proj" / "agents"
    agents.mkdir(parents=True)
    (base / "home" / ".kaggle").mkdir(parents=True)
    kaggle_json = (home if user else base / "home") / ".kaggle" / "kaggle.json"
    kaggle_json.parent.mkdir(parents=True, exist_ok=True)
    kaggle_json.write_text(json.dumps({"username": "me", "key": SECRET}))
    cache, runs, extra = _lay_out(location, base, home if not user else base / "home")
    prefix = _as_user_prefix(base) if user else []
    for folder in [base, *extra]:
        if user:
            subprocess.run(["chown", "-R", f"{HARNESS_UID}:{HARNESS_UID}", str(folder)], check=True)
    root_only = agents / "root-only.txt"  # a mode-0600 root file in a folder the agent may read
    root_only.write_text(SECRET)
    os.chown(root_only, 0, 0)
    root_only.chmod(0o600)
    (project / "pyproject.toml").write_text("[tool.pytest.ini_options]\nmle_collect = true\n")
    token = f"probe-{uuid.uuid4().hex}"
    cache_abs = (project / cache).resolve()
    env = {"ANSWERS": str(cache_abs / "tiny-labels" / "prepared" / "private" / "answers.csv"),
           "KAGGLE_JSON": str(kaggle_json), "ROOT_ONLY": str(root_only), "PORT": str(loopback_port), "TOKEN": token}
    (agents / "probe.toml").write_text(
        f"command = {json.dumps(['{python}', '-c', PROBE])}\n"
        f"env = {{ {', '.join(f'{k} = {json.dumps(v)}' for k, v in env.items())} }}\n")
    harness_env = {"PATH": os.environ["PATH"], "HOME": str(base / "home" if user else home), "KAGGLE_KEY": SECRET,
                   "MLEBENCH_COMPETITIONS_DIR": str(FIXTURES), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        for state in ("cold", "warm"):
            report = base / f"report-{state}.json"
            command = [*prefix, sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-k", "labels",
                       f"--agent={agents / 'probe.toml'}", f"--mle-cache-dir={cache}", f"--mle-run-dir={runs}",
                       f"--mle-bwrap={bwrap_path}", "--mle-time-limit=240", f"--mle-report={report}"]
            out = subprocess.run(command, cwd=project, env=harness_env, capture_output=True, text=True, timeout=600)
            assert report.exists(), out.stdout[-3000:] + out.stderr[-2000:]
            record = json.loads(report.read_text())["competition_reports"][0]
            log = Path(record["log_path"]).read_text(errors="replace")[-2000:]
            context = f"{state} {location} {bwrap} {harness}: {record['error']}\n{log}\n{out.stdout[-2000:]}"
            assert record["isolation"] == "bwrap" and record["bwrap"].startswith(bwrap_path), context
            assert f"bubblewrap {bwrap_path}" in out.stdout, context  # the run header names it
            work = Path(record["run_dir"]) / "work"
            assert (work / "found.json").exists(), context
            found = json.loads((work / "found.json").read_text())
            assert found["uid"] == (bwrap_module.AGENT_UID if os.geteuid() == 0 and not user else
                                    HARNESS_UID if user else os.geteuid()), found
            assert record["agent_uid"] == found["uid"]
            for attack in ("answers_by_path", "answers_by_search", "answers_through_proc", "kaggle_json",
                           "shadow", "root_only", "loopback_http"):
                assert not found[attack], (attack, found[attack], context)
            assert SECRET not in (work / "loot.txt").read_text(), context  # incl. /proc/<ppid>/environ
            assert not record["timed_out"] and record["valid_submission"] and record["score"] == SAMPLE_ACCURACY, context
            assert record["killed_processes"] >= 1, context  # the daemon it left
            assert not _processes_running(token), context
            assert out.returncode == 0, context
            assert (cache_abs / "tiny-labels" / "prepared" / "private" / "answers.csv").exists()
    finally:
        for pid in _processes_running(token):
            os.kill(pid, signal.SIGKILL)
        for folder in [base, *extra]:
            shutil.rmtree(folder, ignore_errors=True)


def test_a_sandbox_that_cannot_start_never_starts_the_agent_and_the_session_goes_on(pytester, tmp_path_factory, monkeypatch):
    """A bwrap that fails for one competition's run: that run is an error shown in every
    report, its agent never ran; the other competition's run is unaffected."""
    real = shutil.which("bwrap") or bwrap_module._bundled_bwrap()
    if real is None or not bwrap_available(real):
        pytest.skip("no usable bubblewrap here")
    failing = tmp_path_factory.mktemp("bin") / "bwrap"
    failing.write_text(f'#!/bin/sh\ncase "$*" in *tiny-labels*) echo "bwrap: Can\'t mount tiny-labels" >&2; exit 1;; esac\n'
                       f'exec "{real}" "$@"\n')
    failing.chmod(0o755)
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(FIXTURES))
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\nmle_collect = true\n")
    pytester.path.chmod(0o755)
    agent = pytester.path / "marker.toml"
    agent.write_text(f"command = {json.dumps(['sh', '-c', 'touch $MLEBENCH_WORK_DIR/started; ' + PRELUDE + 'fallback'])}\n")
    report, junit, page = (pytester.path / name for name in ("r.json", "j.xml", "r.html"))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--agent={agent}", f"--mle-bwrap={failing}",
                                           f"--mle-report={report}", f"--junitxml={junit}", f"--mle-html={page}")
    result.assert_outcomes(passed=1, failed=1)
    records = {r["competition_id"]: r for r in json.loads(report.read_text())["competition_reports"]}
    labels, other = records["tiny-labels"], records["tiny-regression"]
    assert not (Path(labels["run_dir"]) / "work" / "started").exists()  # the agent never ran
    assert labels["isolation"] == "failed" and "sandbox error, the agent was not started" in labels["error"]
    assert "Can't mount tiny-labels" in labels["error"] and not (Path(labels["run_dir"]) / "result.json").exists()
    assert (Path(other["run_dir"]) / "work" / "started").exists() and other["valid_submission"]
    assert other["isolation"] == "bwrap"
    assert json.loads(report.read_text())["isolation"] == {"bwrap": 1, "failed": 1}
    result.stdout.fnmatch_lines(["*tiny-labels*sandbox error*", "*ERROR: the sandbox could not isolate the agent*"])
    assert "sandbox error, the agent was not started" in junit.read_text()
    assert "sandbox error" in page.read_text()


def test_running_unisolated_is_explicit_reported_and_refused_for_gates(pytester, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(FIXTURES))
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\nmle_collect = true\n")
    report = pytester.path / "r.json"
    args = ["-p", "no:cacheprovider", "--agent=dummy", "--mle-sandbox=none", f"--mle-report={report}", "-k", "labels"]
    refused = pytester.runpytest_subprocess(*args, "--mle-fail-under=valid=1.0")
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    refused.stderr.fnmatch_lines(["*--mle-fail-under on --mle-sandbox none is refused*--mle-allow-unisolated-gate*"])
    result = pytester.runpytest_subprocess(*args, "--mle-fail-under=valid=1.0", "--mle-allow-unisolated-gate",
                                           "--mle-require-isolation")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*isolation NONE (--mle-sandbox none*", "*WARNING: 1 competition(s) ran WITHOUT isolation*"])
    assert "--mle-require-isolation is deprecated and does nothing" in result.stdout.str()
    data = json.loads(report.read_text())
    assert data["isolation"] == {"none": 1}
    assert (data["competition_reports"][0]["sandbox"], data["competition_reports"][0]["isolation"]) == ("none", "none")
