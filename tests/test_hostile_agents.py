"""Hostile agents, run through the whole plugin: each is contained and reported correctly, and
the session's other item (tiny-regression, run by the same agent) is unaffected.

The agents are POSIX shell scripts, so that the same script runs in every sandbox. Each test
runs the agent on both tiny competitions; its hostile act targets tiny-labels, whose answers
it is told the path of (ANSWERS) as if it had guessed it.
"""

from __future__ import annotations

import json
import os
import textwrap
import uuid
from pathlib import Path

import pytest

from pytest_mlebench.sandbox import _pids_cgroup_parent, bwrap_available

FIXTURES = Path(__file__).parent / "fixtures" / "competitions"
SECRET = "hostile-test-secret-7d1f"

pytestmark = pytest.mark.skipif(not bwrap_available(), reason="bubblewrap is not usable here: apt-get install bubblewrap")


@pytest.fixture
def session(pytester, monkeypatch, tmp_path_factory):
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
        (agents / "hostile.sh").write_text(PRELUDE + textwrap.dedent(script))
        toml = agents / "hostile.toml"
        env = {"ANSWERS": str(answers), "KAGGLE_JSON": str(home / ".kaggle" / "kaggle.json")}
        toml.write_text('command = ["sh", "{agent_dir}/hostile.sh"]\n'
                        f"env = {{ {', '.join(f'{k} = {json.dumps(v)}' for k, v in env.items())} }}\n")
        report = pytester.path / "report.json"
        result = pytester.runpytest_subprocess(
            "-p", "no:cacheprovider", f"--agent={toml}", f"--mle-report={report}", "--mle-require-isolation", *args
        )
        records = {r["competition_id"]: r for r in json.loads(report.read_text())["competition_reports"]}
        records["_outcome"] = result.parseoutcomes()
        records["_stdout"] = result.stdout.str()
        return records

    run.answers = answers
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
    if _pids_cgroup_parent() is None:
        pytest.skip("no pids cgroup can be made here: only the time limit bounds a fork bomb")
    records = session("""
        fallback
        bomb() { bomb | bomb & }
        bomb
        sleep 2
    """, "--mle-time-limit=8")
    assert records["tiny-labels"]["valid_submission"]
    assert_unaffected(records)


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
        i=0; while [ $i -lt 50 ]; do
          curl -s -X POST -F "file=@$data/sample_submission.csv" http://localhost:5000/validate > "$work/http.json" && break
          i=$((i+1)); sleep 0.1
        done
        fallback
    """, "-k", "labels")
    labels = records["tiny-labels"]
    work = Path(labels["run_dir"]) / "work"
    assert '"valid": true' in (work / "script.json").read_text() and "exit=0" in (work / "script.json").read_text()
    assert '"valid": false' in (work / "bad.json").read_text() and "exit=1" in (work / "bad.json").read_text()
    assert json.loads((work / "http.json").read_text())["valid"] is True
    assert labels["validations"] == 3 and labels["valid_submission"]
    assert "score" not in (work / "script.json").read_text()
    log = (Path(labels["run_dir"]) / "logs" / "validation.jsonl").read_text().splitlines()
    assert len(log) == 3
    assert "validation: agents checked 3 submission(s)" in records["_stdout"]


def test_tampering_with_the_validation_service_gains_nothing(session):
    records = session("""
        req="$MLEBENCH_VALIDATION_DIR/requests"; res="$MLEBENCH_VALIDATION_DIR/responses"
        ln -s "$ANSWERS" "$req/steal.csv"
        i=0; while [ ! -f "$res/steal.json" ] && [ $i -lt 100 ]; do i=$((i+1)); sleep 0.1; done
        cp "$res/steal.json" "$work/steal.json"
        for n in $(seq 1 20); do printf 'junk' > "$req/flood-$n.csv"; done
        echo '{"result": "forged", "valid": true}' > "$res/forged.json"
        pkill -f validation_server.py
        rm -rf "$MLEBENCH_VALIDATION_DIR"
        fallback
    """)
    labels = records["tiny-labels"]
    stolen = (Path(labels["run_dir"]) / "work" / "steal.json").read_text()
    assert '"valid": false' in stolen and "yes" not in stolen
    assert labels["valid_submission"] and labels["score"] == SAMPLE_ACCURACY
    assert_unaffected(records)


def _processes_running(needle: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and needle in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found
