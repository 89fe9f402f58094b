"""Tests of the local sandbox: isolation under bubblewrap, and what still holds without it.

Most tests run twice: "bwrap" (skipped where bubblewrap cannot run) and
"none" (bubblewrap forced off), because the time limit, the killing of the
whole process tree and the exact environment must hold in both.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from pytest_mlebench import sandbox as sandbox_module
from pytest_mlebench.sandbox import (
    KILL_GRACE,
    LocalSandbox,
    RunLayout,
    SandboxConfig,
    SandboxError,
)

PYTHON = sys.executable
REPO = Path(__file__).resolve().parents[1]
SECRET = "the-private-answer-42"

# Every process of these scripts carries the token in its command line (forked
# Python processes share it), so the test can find them from outside, whatever
# PID namespace they live in.
TREE = textwrap.dedent(
    """
    import os, signal, sys, time
    token, marks = sys.argv[1], sys.argv[2]
    def mark(name):
        open(os.path.join(marks, name), "w").close()
    def hang():
        while True:
            time.sleep(1)
    if os.fork() == 0:  # a child that ignores SIGTERM
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        mark("stubborn")
        hang()
    if os.fork() == 0:  # escapes: new session, double fork, its parent exits
        os.setsid()
        if os.fork() == 0:
            mark("escaped")
            hang()
        os._exit(0)
    mark("main")
    hang()
    """
)

DAEMON = textwrap.dedent(
    """
    import os, sys, time
    token, marks = sys.argv[1], sys.argv[2]
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            open(os.path.join(marks, "daemon"), "w").close()
            time.sleep(1000)
        os._exit(0)
    while not os.path.exists(os.path.join(marks, "daemon")):
        time.sleep(0.01)
    print("main exits cleanly")
    """
)


@dataclass
class World:
    """A competition's cached data and a run folder, as the harness lays them out."""

    tmp: Path
    public: Path
    private_answers: Path
    other_run_notes: Path
    layout: RunLayout

    def env(self) -> dict[str, str]:
        return {"PATH": "/usr/bin:/bin", "HOME": str(self.layout.home), "LANG": "C.UTF-8"}


@pytest.fixture
def world(tmp_path: Path) -> World:
    public = tmp_path / "cache" / "comp" / "public"
    private = tmp_path / "cache" / "comp" / "private"
    public.mkdir(parents=True)
    private.mkdir()
    (public / "train.csv").write_text("id,y\n1,0\n")
    (private / "answers.csv").write_text(f"id,y\n1,{SECRET}\n")
    other = tmp_path / "runs" / "other-run" / "work"
    other.mkdir(parents=True)
    (other / "notes.txt").write_text(SECRET)
    layout = RunLayout.create(tmp_path / "runs" / "this-run")
    return World(tmp_path, public, private / "answers.csv", other / "notes.txt", layout)


@pytest.fixture(params=["bwrap", "none"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "bwrap":
        if not sandbox_module.bwrap_available():
            pytest.skip("bubblewrap cannot run here")
    else:
        monkeypatch.setattr(sandbox_module, "bwrap_available", lambda: False)
    return request.param


@pytest.fixture
def open_sandbox(world: World, mode: str):
    """Start a sandbox over `world` with a given config; stopped at teardown."""
    opened: list[LocalSandbox] = []

    def open_(config: SandboxConfig = SandboxConfig()) -> LocalSandbox:
        box = LocalSandbox(world.layout, world.public, config)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # "no isolation" in mode none
            box.start()
        assert box.isolation == mode
        opened.append(box)
        return box

    yield open_
    for box in opened:
        box.stop()


def harness_visible(log: str) -> bool:
    """Did a PEEK run list this very pytest process among the ones it can see?"""
    return f"PROCESS {Path('/proc/self/cmdline').read_bytes().hex()}" in log.splitlines()


def log_of(world: World) -> str:
    return (world.layout.logs / "agent.log").read_text()


def run(box: LocalSandbox, world: World, command: list[str], time_limit: float = 30):
    return box.exec(command, world.env(), time_limit, world.layout.logs / "agent.log")


def processes_with(token: str) -> list[int]:
    """Live processes whose command line contains `token` (zombies have none)."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if token.encode() in Path(f"/proc/{name}/cmdline").read_bytes():
                    found.append(int(name))
            except OSError:
                pass
    return found


def wait_until(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


# -- the basics ----------------------------------------------------------------


def test_command_writes_submission_and_exits_zero(open_sandbox, world: World):
    box = open_sandbox()
    script = "cat ../data/train.csv > ../submission/submission.csv; echo to-stdout; echo to-stderr >&2"
    result = run(box, world, ["sh", "-c", script])
    assert result.exit_code == 0
    assert (result.timed_out, result.killed, result.oom) == (False, 0, False)
    assert (world.layout.submission / "submission.csv").read_text() == "id,y\n1,0\n"
    assert "to-stdout" in log_of(world) and "to-stderr" in log_of(world)


def test_exit_codes_are_reported(open_sandbox, world: World):
    box = open_sandbox()
    assert run(box, world, ["sh", "-c", "exit 3"]).exit_code == 3
    assert run(box, world, ["sh", "-c", "kill -9 $$"]).exit_code == -signal.SIGKILL
    assert run(box, world, ["no-such-command-xyz"]).exit_code == 127
    assert "cannot run 'no-such-command-xyz'" in log_of(world)


def test_env_is_exactly_what_was_passed(open_sandbox, world: World, monkeypatch):
    monkeypatch.setenv("MLEBENCH_HARNESS_SECRET", "must-not-leak")
    box = open_sandbox()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(world.layout.home), "ONLY_THIS": "1"}
    result = box.exec(["/usr/bin/env"], env, 30, world.layout.logs / "env.log")
    assert result.exit_code == 0
    lines = (world.layout.logs / "env.log").read_text().splitlines()
    assert dict(line.split("=", 1) for line in lines) == env


def test_cwd_is_the_work_folder(open_sandbox, world: World):
    box = open_sandbox()
    run(box, world, ["sh", "-c", "pwd > where.txt"])
    assert (world.layout.work / "where.txt").read_text().strip() == str(world.layout.work)


# -- time limit and process cleanup ---------------------------------------------


def test_time_limit_kills_the_whole_tree(open_sandbox, world: World):
    box = open_sandbox()
    token = f"tree-{uuid.uuid4().hex}"
    limit = 1.5
    result = run(box, world, [PYTHON, "-c", TREE, token, str(world.layout.work)], time_limit=limit)
    # All three were running when the limit struck...
    assert {p.name for p in world.layout.work.iterdir()} >= {"main", "stubborn", "escaped"}
    assert result.timed_out and result.exit_code is None
    assert result.killed >= 3
    # ...the SIGTERM-ignoring child cost the grace period, no more.
    assert limit + KILL_GRACE - 0.2 <= result.duration < limit + KILL_GRACE + 5
    assert processes_with(token) == []
    assert "time limit of 1.5s reached" in log_of(world)


def test_daemon_left_after_a_clean_exit_is_killed(open_sandbox, world: World):
    box = open_sandbox()
    token = f"daemon-{uuid.uuid4().hex}"
    result = run(box, world, [PYTHON, "-c", DAEMON, token, str(world.layout.work)])
    assert (world.layout.work / "daemon").exists()
    assert result.exit_code == 0 and not result.timed_out
    assert result.killed == 1
    assert result.duration < KILL_GRACE  # it obeyed SIGTERM: no grace period spent
    assert processes_with(token) == []


HARNESS = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from pytest_mlebench import sandbox
    mode, root, public, tree, token = sys.argv[1:]
    if mode == "none":
        sandbox.bwrap_available = lambda: False
    layout = sandbox.RunLayout.create(Path(root))
    box = sandbox.LocalSandbox(layout, Path(public))
    box.start()
    env = {"PATH": "/usr/bin:/bin"}
    box.exec([sys.executable, "-c", tree, token, str(layout.work)], env, 60, layout.logs / "agent.log")
    """
)


@pytest.mark.parametrize("how", ["ctrl-c", "sigkill"])
def test_nothing_survives_the_harness(world: World, mode: str, how: str):
    """Ctrl-C (KeyboardInterrupt in exec) or a killed pytest leaves no agent process."""
    token = f"harness-{uuid.uuid4().hex}"
    root = world.tmp / "runs" / "killed-harness"
    harness = subprocess.Popen(
        [PYTHON, "-c", HARNESS, mode, str(root), str(world.public), TREE, token],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.DEVNULL,
    )
    try:
        marks = root / "work"
        assert wait_until(lambda: all((marks / m).exists() for m in ("main", "stubborn", "escaped")), 20)
        assert len(processes_with(token)) >= 3
        harness.send_signal(signal.SIGINT if how == "ctrl-c" else signal.SIGKILL)
        harness.wait(timeout=15)
        assert wait_until(lambda: processes_with(token) == [], 5), processes_with(token)
    finally:
        harness.kill()
        harness.wait()
        for pid in processes_with(token):
            os.kill(pid, signal.SIGKILL)


def test_stop_from_another_thread_ends_a_running_command(open_sandbox, world: World):
    """The plugin runs exec() in a thread and calls stop() from the main one on Ctrl-C."""
    box = open_sandbox()
    token = f"stop-{uuid.uuid4().hex}"
    results = []
    worker = threading.Thread(
        target=lambda: results.append(run(box, world, [PYTHON, "-c", TREE, token, str(world.layout.work)], 60))
    )
    worker.start()
    marks = world.layout.work
    assert wait_until(lambda: all((marks / m).exists() for m in ("main", "stubborn", "escaped")), 20)
    box.stop()
    worker.join(timeout=15)
    assert not worker.is_alive()
    assert results[0].exit_code is None and not results[0].timed_out
    assert results[0].duration < 10
    assert processes_with(token) == []


def test_fork_bomb_is_capped(open_sandbox, world: World):
    if sandbox_module._pids_cgroup_parent() is None:
        pytest.skip("no pids cgroup can be created here: only the time limit bounds a fork bomb")
    box = open_sandbox(SandboxConfig(max_processes=40))
    token = f"bomb-{uuid.uuid4().hex}"
    bomb = textwrap.dedent(
        """
        import os, time
        forks = 0
        try:
            while forks < 5000:
                if os.fork() == 0:
                    time.sleep(60)
                    os._exit(0)
                forks += 1
        except OSError:
            pass
        print("forks", forks)
        """
    )
    result = run(box, world, [PYTHON, "-c", bomb, token])
    forks = int(log_of(world).split("forks")[1].split()[0])
    assert 5 < forks < 40
    assert result.exit_code == 0 and result.killed == forks
    assert processes_with(token) == []
    leftover = list(sandbox_module._pids_cgroup_parent().glob(f"mlebench-{os.getpid()}-*"))
    assert leftover == []


# -- memory ---------------------------------------------------------------------


def test_memory_hog_fails_and_is_reported(open_sandbox, world: World):
    box = open_sandbox(SandboxConfig(memory_limit=256 * 2**20))
    hog = run(box, world, [PYTHON, "-c", "block = bytearray(2**30)"])
    assert hog.exit_code not in (0, None)
    assert hog.oom
    modest = run(box, world, [PYTHON, "-c", "block = bytearray(2**20)"])
    assert modest.exit_code == 0 and not modest.oom


# -- isolation (bubblewrap) ------------------------------------------------------

PEEK = textwrap.dedent(
    """
    import os, sys
    for path in sys.argv[1:]:
        try:
            with open(path) as f:
                print("READ", path, f.read().strip())
        except OSError as error:
            print("DENIED", path, type(error).__name__)
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                print("PROCESS", open(f"/proc/{pid}/cmdline", "rb").read().hex())
            except OSError:
                pass
    """
)


@pytest.mark.parametrize("mode", ["bwrap"], indirect=True)
@pytest.mark.parametrize("expose_tmp", [False, True], ids=["default", "tmp-readonly"])
def test_private_answers_are_hidden_under_bwrap(open_sandbox, world: World, mode: str, expose_tmp):
    """Absolute paths to the answers, other runs and the harness's processes are out of reach.

    With the whole test folder made readable (tmp-readonly), the competition's
    folder and the run folder's siblings are still masked.
    """
    config = SandboxConfig(readonly_paths=(world.tmp,) if expose_tmp else ())
    box = open_sandbox(config)
    result = run(box, world, [PYTHON, "-c", PEEK, str(world.private_answers), str(world.other_run_notes)])
    assert result.exit_code == 0
    log = log_of(world)
    assert SECRET not in log
    assert log.count("DENIED") == 2
    assert not harness_visible(log)


@pytest.mark.parametrize("mode", ["none"], indirect=True)
def test_without_bwrap_the_agent_can_read_private_answers(open_sandbox, world: World, mode: str):
    """Documents the weaker isolation: isolation == "none" protects nothing on disk."""
    box = open_sandbox()
    run(box, world, [PYTHON, "-c", PEEK, str(world.private_answers)])
    assert SECRET in log_of(world)
    assert harness_visible(log_of(world))


CONNECT = textwrap.dedent(
    """
    import socket, sys
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=3).close()
    except OSError as error:
        sys.exit(f"no connection: {error}")
    print("connected")
    """
)


@pytest.mark.parametrize("network", [False, True], ids=["network-off", "network-on"])
def test_network_is_off_by_default_under_bwrap(open_sandbox, world: World, mode: str, network: bool):
    box = open_sandbox(SandboxConfig(network=network))
    with socket.create_server(("127.0.0.1", 0)) as server:
        result = run(box, world, [PYTHON, "-c", CONNECT, str(server.getsockname()[1])])
    reachable = network or mode == "none"
    assert (result.exit_code == 0) == reachable, log_of(world)


WRITE = textwrap.dedent(
    """
    import sys
    for path in sys.argv[1:]:
        try:
            with open(path, "w") as f:
                f.write("written by the agent")
            print("WROTE", path)
        except OSError as error:
            print("REFUSED", path, type(error).__name__)
    """
)


@pytest.mark.parametrize("mode", ["bwrap"], indirect=True)
def test_writes_outside_the_run_folders_fail_under_bwrap(open_sandbox, world: World, mode: str):
    box = open_sandbox()
    refused = [
        Path("/usr/agent.txt"),
        Path("/etc/agent.txt"),
        Path(sys.prefix) / "agent.txt",
        Path("/agent.txt"),
        world.public / "agent.txt",
        world.private_answers,
    ]
    # Under /tmp the sandbox has its own tmpfs: these may "succeed" in there,
    # but must never reach the host.
    in_tmpfs = [world.layout.root / "agent.txt", world.tmp / "agent.txt"]
    allowed = [world.layout.work / "ok.txt", world.layout.home / "ok.txt", world.layout.submission / "ok.txt"]
    result = run(box, world, [PYTHON, "-c", WRITE, *map(str, refused + in_tmpfs + allowed)])
    assert result.exit_code == 0
    log = log_of(world)
    for path in refused:
        assert f"REFUSED {path}" in log
    for path in allowed:
        assert f"WROTE {path}" in log and path.read_text() == "written by the agent"
    for path in refused[:-1] + in_tmpfs:
        assert not path.exists()
    assert SECRET in world.private_answers.read_text()


@pytest.mark.parametrize("mode", ["bwrap"], indirect=True)
def test_public_data_is_readonly_under_bwrap(open_sandbox, world: World, mode: str):
    box = open_sandbox()
    # Remounting would need capabilities, which the sandbox drops.
    script = (
        "mount -o remount,rw,bind ../data 2>/dev/null && echo REMOUNTED;"
        "cat ../data/train.csv; echo changed > ../data/train.csv; rm ../data/train.csv; touch ../data/new.csv"
    )
    run(box, world, ["sh", "-c", script])
    assert "REMOUNTED" not in log_of(world)
    assert log_of(world).count("Read-only file system") == 3
    assert "id,y" in log_of(world)
    assert sorted(p.name for p in world.public.iterdir()) == ["train.csv"]
    assert (world.public / "train.csv").read_text() == "id,y\n1,0\n"


# -- setup and copying -----------------------------------------------------------


def test_require_isolation_raises_without_bwrap(world: World, monkeypatch):
    monkeypatch.setattr(sandbox_module, "bwrap_available", lambda: False)
    with pytest.raises(SandboxError, match="isolation was required"):
        LocalSandbox(world.layout, world.public, SandboxConfig(require_isolation=True)).start()
    box = LocalSandbox(world.layout, world.public)
    with pytest.warns(RuntimeWarning, match="WITHOUT isolation"):
        box.start()
    assert box.isolation == "none"
    assert world.layout.data.resolve() == world.public.resolve()


def test_stop_is_idempotent_and_ends_the_sandbox(open_sandbox, world: World):
    box = open_sandbox()
    box.stop()
    box.stop()
    with pytest.raises(SandboxError):
        run(box, world, ["true"])


def test_copy_out_never_follows_symlinks(world: World):
    box = LocalSandbox(world.layout, world.public)
    outputs = world.layout.work / "outputs"
    outputs.mkdir()
    (outputs / "model.txt").write_text("weights")
    (outputs / "answers.csv").symlink_to(world.private_answers)
    (world.layout.submission / "submission.csv").symlink_to(world.private_answers)
    os.mkfifo(outputs / "pipe")

    box.copy_out(outputs, world.tmp / "copied")
    assert sorted(p.name for p in (world.tmp / "copied").iterdir()) == ["model.txt"]
    box.copy_out(world.layout.work, world.tmp / "whole-work")
    assert (world.tmp / "whole-work" / "outputs" / "model.txt").read_text() == "weights"
    with pytest.raises(SandboxError, match="not a regular file"):
        box.copy_out(world.layout.submission / "submission.csv", world.tmp / "submission.csv")
    with pytest.raises(SandboxError, match="not inside the run's folders"):
        box.copy_out(world.private_answers, world.tmp / "answers.csv")
    # A symlinked folder on the way out is resolved first, and it leads outside.
    (world.layout.work / "sneaky").symlink_to(world.private_answers.parent)
    with pytest.raises(SandboxError, match="not inside the run's folders"):
        box.copy_out(world.layout.work / "sneaky" / "answers.csv", world.tmp / "answers.csv")
    assert not (world.tmp / "submission.csv").exists() and not (world.tmp / "answers.csv").exists()


def test_copy_in_stays_inside_and_replaces_planted_links(world: World):
    box = LocalSandbox(world.layout, world.public)
    source = world.tmp / "agent_code.py"
    source.write_text("print('hi')")
    box.copy_in(source, world.layout.work / "code" / "agent.py")
    assert (world.layout.work / "code" / "agent.py").read_text() == "print('hi')"

    outside = world.tmp / "harness_file.txt"
    outside.write_text("harness")
    (world.layout.work / "planted").symlink_to(outside)
    box.copy_in(source, world.layout.work / "planted")
    assert outside.read_text() == "harness"
    assert not (world.layout.work / "planted").is_symlink()
    with pytest.raises(SandboxError):
        box.copy_in(source, world.tmp / "elsewhere.py")


# -- disk -----------------------------------------------------------------------


def test_filling_the_disk_past_the_limit_stops_the_run(open_sandbox, world: World):
    box = open_sandbox(SandboxConfig(disk_limit=20 * 2**20))
    # Many files, each under the limit, written slowly enough for the once-a-second check.
    filler = textwrap.dedent(
        """
        import os, sys, time
        for i in range(200):
            with open(os.path.join(sys.argv[1], f"chunk{i}"), "wb") as f:
                f.write(os.urandom(2**20))
            time.sleep(0.02)
        print("wrote everything")
        """
    )
    result = run(box, world, [PYTHON, "-c", filler, str(world.layout.work)])
    assert result.disk_exceeded and result.exit_code is None
    assert "wrote everything" not in log_of(world)
    assert "disk limit of 20,971,520 bytes exceeded" in log_of(world)


def test_one_file_cannot_outgrow_the_disk_limit(open_sandbox, world: World):
    box = open_sandbox(SandboxConfig(disk_limit=2**20))
    writer = "import sys; open(sys.argv[1] + '/big', 'wb').write(bytes(2 * 2**20))"
    result = run(box, world, [PYTHON, "-c", writer, str(world.layout.work)])
    # The kernel stops the write at the limit: SIGXFSZ, or EFBIG where (as in Python) it is ignored.
    assert result.exit_code == -signal.SIGXFSZ or "File too large" in log_of(world)
    assert (world.layout.work / "big").stat().st_size <= 2**20


def test_used_bytes_counts_real_blocks_not_sparse_sizes(tmp_path):
    (tmp_path / "sparse").write_bytes(b"")
    os.truncate(tmp_path / "sparse", 10 * 2**30)
    (tmp_path / "dense").write_bytes(os.urandom(2**20))
    used = sandbox_module.used_bytes([tmp_path])
    assert 2**20 <= used < 2 * 2**20
