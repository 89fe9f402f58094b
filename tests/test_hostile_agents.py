"""Hostile agents, run through the whole plugin in both sandboxes (local and Docker): each is
contained and reported correctly, and the session's other item (tiny-regression, run by the
same agent) is unaffected.

The agents are POSIX shell scripts given inline (`sh -c`), so that the same script runs in the
local sandbox and in the busybox test image. Each test runs the agent on both tiny
competitions; its hostile act targets tiny-labels, whose answers it is told the path of
(ANSWERS) as if it had guessed it.
"""

from __future__ import annotations

import json
import textwrap
import uuid
from pathlib import Path

import pytest

# Imported here, not in a fixture: pytester forgets modules first imported during a test, and a
# second copy of requests' modules breaks later tests that use requests (the Kaggle client).
from pytest_mlebench import docker_sandbox
from pytest_mlebench.sandbox import _pids_cgroup_parent, bwrap_available, used_bytes

from . import docker_images
from .test_plugin import _processes_running

FIXTURES = Path(__file__).parent / "fixtures" / "competitions"
SECRET = "hostile-test-secret-7d1f"



@pytest.fixture(params=["local", pytest.param("docker", marks=pytest.mark.docker)])
def sandbox(request) -> str:
    """The sandbox under test; each is skipped, saying why, where it cannot run."""
    if request.param == "local":
        if not bwrap_available():
            pytest.skip("bubblewrap is not usable here: apt-get install bubblewrap")
        return "local"
    problem = docker_sandbox.engine_problem()
    if problem:
        pytest.skip(f"no Docker engine: {problem}")
    docker_images.ensure_images(docker_sandbox.docker_client())
    return "docker"


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
            *(["--mle-require-isolation"] if sandbox == "local" else []), *args
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
