"""Tests of the Docker sandbox: MLE-bench's layout, limits, hostile agents, cleanup, and the
same scores as the local sandbox. The engine tests carry the `docker` marker and skip when no
engine answers; the pure parts (GPU assignment, safe extraction, options) always run."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import tarfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from pytest_mlebench.agents.resolve import spec_from_table
from pytest_mlebench.errors import AgentError, SandboxError
from pytest_mlebench.sandbox import sandbox_kind
from pytest_mlebench.sandbox.base import RunLayout, SandboxConfig
from pytest_mlebench.sandbox.docker import cleanup as dclean
from pytest_mlebench.sandbox.docker import options as dopt
from pytest_mlebench.sandbox.docker import outputs as dout
from pytest_mlebench.sandbox.docker import sandbox as dsb
from tests.support.paths import FIXTURES_ROOT, REPO

from tests.support import docker_images
from tests.unit.plugin import test_plugin

project = test_plugin.project  # the fixture: the same user project as the plugin's tests

FIXTURES = FIXTURES_ROOT / "competitions"
SECRET = "the-private-answer-42"
FAKE_KAGGLE_KEY = "fake-kaggle-key-0123456789"


# -- pure parts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "worker, per_run, available, expected",
    [
        (None, 1, ["0", "1"], ("0",)),  # no xdist: the first GPU
        ("gw0", 1, ["0", "1"], ("0",)),
        ("gw1", 1, ["0", "1"], ("1",)),
        ("gw1", 2, ["0", "1", "2", "3"], ("2", "3")),  # blocks of two: gw0 0-1, gw1 2-3
        ("gw0", 0, [], ()),  # no GPUs asked for
        ("gw3", 1, ["a", "b", "c", "d"], ("d",)),  # ids from CUDA_VISIBLE_DEVICES are kept as given
    ],
)
def test_each_worker_gets_its_own_gpus(worker, per_run, available, expected):
    assert dopt.gpu_ids_for_worker(worker, per_run, available) == expected


def test_gpu_assignment_never_shares_and_says_when_there_are_too_few():
    available = [str(i) for i in range(6)]
    blocks = [dopt.gpu_ids_for_worker(f"gw{k}", 2, available) for k in range(3)]
    assert sorted(sum(blocks, ())) == available  # all different, all used
    with pytest.raises(SandboxError, match="worker gw2 needs GPUs 4..5, but only 4 GPU"):
        dopt.gpu_ids_for_worker("gw2", 2, available[:4])
    with pytest.raises(SandboxError, match="only 0 GPU"):
        dopt.gpu_ids_for_worker(None, 1, [])


def test_available_gpus_follow_cuda_visible_devices():
    assert dopt.available_gpus({"CUDA_VISIBLE_DEVICES": "2, 3"}) == ["2", "3"]
    assert dopt.available_gpus({"CUDA_VISIBLE_DEVICES": ""}) == []


def _tar(*members: tuple[str, str, bytes | str]) -> tarfile.TarFile:
    """A tar stream of (name, kind, data-or-link) members, kind one of file, dir, link, hard, fifo."""
    buffer = io.BytesIO()
    kinds = {"file": tarfile.REGTYPE, "dir": tarfile.DIRTYPE, "link": tarfile.SYMTYPE,
             "hard": tarfile.LNKTYPE, "fifo": tarfile.FIFOTYPE}
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, kind, payload in members:
            info = tarfile.TarInfo(name)
            info.type = kinds[kind]
            if kind == "file":
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
            else:
                info.linkname = payload if kind in ("link", "hard") else ""
                tar.addfile(info)
    buffer.seek(0)
    return tarfile.open(fileobj=buffer, mode="r|")


def test_extract_keeps_links_as_links_and_never_writes_outside(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    submission, work = tmp_path / "submission", tmp_path / "work"
    submission.mkdir(), work.mkdir()
    archive = _tar(
        ("submission", "dir", b""),
        ("submission/submission.csv", "link", "/private/answers.csv"),
        ("code", "dir", b""),
        ("code/model.txt", "file", b"weights"),
        ("code/sub/deeper.txt", "file", b"deep"),
        ("code/escape", "link", str(outside)),
        ("code/escape/planted.txt", "file", b"through a link"),  # must not land in `outside`
        ("code/../../outside/dotdot.txt", "file", b"climbing"),
        ("/abs.txt", "file", b"absolute"),
        ("code/hard", "hard", "code/model.txt"),
        ("code/pipe", "fifo", b""),
        ("other/elsewhere.txt", "file", b"not a target"),
    )
    skipped = dout.extract_safely(archive, {"submission": submission, "code": work})
    link = submission / "submission.csv"
    assert link.is_symlink() and os.readlink(link) == "/private/answers.csv"
    assert (work / "model.txt").read_text() == "weights"
    assert (work / "sub" / "deeper.txt").read_text() == "deep"
    assert (work / "escape").is_symlink()
    assert list(outside.iterdir()) == []
    assert not (tmp_path / "abs.txt").exists() and not (work / "hard").exists() and not (work / "pipe").exists()
    assert set(skipped) == {"code/escape/planted.txt", "code/../../outside/dotdot.txt", "/abs.txt",
                            "code/hard", "code/pipe", "other/elsewhere.txt"}


def test_extract_replaces_a_planted_link_instead_of_writing_through_it(tmp_path: Path):
    work, target = tmp_path / "work", tmp_path / "harness.txt"
    work.mkdir()
    target.write_text("harness")
    (work / "notes.txt").symlink_to(target)
    dout.extract_safely(_tar(("code/notes.txt", "file", b"agent")), {"code": work})
    assert target.read_text() == "harness"
    assert not (work / "notes.txt").is_symlink() and (work / "notes.txt").read_text() == "agent"


def test_extract_never_replaces_the_harness_logs(tmp_path: Path):
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "agent.log").write_text("the harness's record")
    skipped = dout.extract_safely(_tar(("logs/agent.log", "file", b"forged"), ("logs/mine.log", "file", b"ok")), {"logs": logs})
    assert (logs / "agent.log").read_text() == "the harness's record"
    assert (logs / "mine.log").read_text() == "ok" and skipped == ["logs/agent.log"]


def test_agent_definition_for_docker(tmp_path: Path):
    spec = spec_from_table("img", {"image": "org/agent:1", "cpus": 2, "network": True}, tmp_path, "test")
    assert spec.command == () and spec.image == "org/agent:1" and spec.cpus == 2.0 and spec.network
    with pytest.raises(AgentError, match="`command` must be a non-empty list"):
        spec_from_table("none", {}, tmp_path, "test")
    with pytest.raises(AgentError, match="`cpus` must be a positive number"):
        spec_from_table("bad", {"image": "x", "cpus": "many"}, tmp_path, "test")


@dataclass
class _Settings:
    cpus: float | None = None
    gpus: int = 0
    shm_size: int | None = None


def test_docker_options_from_settings_and_agent(tmp_path: Path, monkeypatch):
    agent = spec_from_table("img", {"image": "org/agent:1", "cpus": 3}, tmp_path, "test")
    options = dopt.docker_options(_Settings(), agent)
    assert (options.image, options.cpus, options.gpus, options.shm_size) == ("org/agent:1", 3.0, (), dopt.DEFAULT_SHM)
    assert dopt.docker_options(_Settings(cpus=1.5), agent, 1 << 20).cpus == 1.5  # the command line wins
    assert dopt.docker_options(_Settings(), agent, 1 << 20).disk_limit_required  # asked for: must hold
    assert not options.disk_limit_required  # the default folder sizes only
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    assert dopt.docker_options(_Settings(gpus=1), agent).gpus == ("1",)
    no_image = spec_from_table("plain", {"command": ["true"]}, tmp_path, "test")
    with pytest.raises(SandboxError, match="names no image"):
        dopt.docker_options(_Settings(), no_image)


class _Container:
    def __init__(self, host_config: dict):
        self.attrs = {"HostConfig": host_config}


@pytest.mark.parametrize("applied, dropped", [
    ({"Memory": 64 << 20, "NanoCpus": 2_000_000_000, "PidsLimit": 50, "ShmSize": 1 << 20}, None),
    ({"Memory": 0, "NanoCpus": 2_000_000_000, "PidsLimit": 50, "ShmSize": 1 << 20}, "memory limit"),
    ({"Memory": 64 << 20, "NanoCpus": 0, "PidsLimit": 50, "ShmSize": 1 << 20}, "CPU limit"),
    ({"Memory": 64 << 20, "NanoCpus": 2_000_000_000, "PidsLimit": None, "ShmSize": 1 << 20}, "process limit"),
    ({"Memory": 64 << 20, "NanoCpus": 2_000_000_000, "PidsLimit": 50, "ShmSize": 64 << 20}, "/dev/shm size"),
])
def test_a_limit_the_engine_dropped_is_refused(tmp_path: Path, applied: dict, dropped: str | None):
    """An engine that cannot apply a limit warns and creates the container anyway: we refuse it."""
    config = SandboxConfig(memory_limit=64 << 20, max_processes=50)
    box = dsb.DockerSandbox(RunLayout.create(tmp_path / "run"), tmp_path, config,
                           dopt.DockerOptions(image="x", cpus=2, shm_size=1 << 20))
    box.container = _Container(applied)
    if dropped is None:
        box._check_limits()
    else:
        with pytest.raises(SandboxError, match=f"did not apply the {dropped}"):
            box._check_limits()


def test_docker_view_is_mlebench_layout(tmp_path: Path):
    view = sandbox_kind("docker").view(RunLayout.create(tmp_path / "run"), "comp")
    assert (view.data, view.submission, view.work, view.instructions) == (
        "/home/data", "/home/submission/submission.csv", "/home/code", "/home/instructions.txt")
    assert view.home is None and not view.host_path
    assert view.extra_env == {"COMPETITION_ID": "comp", "SUBMISSION_DIR": "/home/submission",
                              "LOGS_DIR": "/home/logs", "CODE_DIR": "/home/code", "AGENT_DIR": "/home/agent"}


# -- with an engine ----------------------------------------------------------------------------

docker_test = pytest.mark.docker


@pytest.fixture(scope="session")
def engine():
    problem = dopt.engine_problem()
    if problem:
        pytest.skip(f"no Docker engine: {problem}")
    client = dopt.docker_client()
    try:
        docker_images.ensure_images(client)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot build the busybox test image (apt-get download busybox-static): {exc}")
    return client


def our_containers(client, pid: int | None = None) -> list:
    return client.containers.list(all=True, filters={"label": f"{dclean.LABEL_PID}={pid or os.getpid()}"})


@pytest.fixture
def no_leftovers(engine):
    """Every test ends with no container of this process left."""
    yield
    assert our_containers(engine) == []


@dataclass
class World:
    tmp: Path
    public: Path
    private_answers: Path
    layout: RunLayout

    def env(self, **extra) -> dict[str, str]:
        view = sandbox_kind("docker").view(self.layout, "comp")
        return {"MLEBENCH_DATA_DIR": view.data, "MLEBENCH_SUBMISSION_PATH": view.submission, **view.extra_env, **extra}


@pytest.fixture
def world(tmp_path: Path) -> World:
    public = tmp_path / "cache" / "comp" / "prepared" / "public"
    private = tmp_path / "cache" / "comp" / "prepared" / "private"
    public.mkdir(parents=True)
    private.mkdir()
    (public / "sample_submission.csv").write_text("id,y\n1,0\n")
    (public / "description.md").write_text("# the task\n")
    (private / "answers.csv").write_text(f"id,y\n1,{SECRET}\n")
    layout = RunLayout.create(tmp_path / "runs" / "comp-seed0")
    (layout.home / "instructions.txt").write_text("the instructions\n")
    return World(tmp_path, public, private / "answers.csv", layout)


@pytest.fixture
def open_box(engine, world: World, no_leftovers):
    opened: list[dsb.DockerSandbox] = []

    def open_(config: SandboxConfig = SandboxConfig(), image: str = docker_images.BUSYBOX, **options):
        box = dsb.DockerSandbox(world.layout, world.public, config, dopt.DockerOptions(image=image, **options))
        box.start()
        opened.append(box)
        return box

    yield open_
    for box in opened:
        box.stop()


def run(box, world: World, script: str, time_limit: float = 30, **env):
    return box.exec(["sh", "-c", script], world.env(**env), time_limit, world.layout.logs / "agent.log")


def log_of(world: World) -> str:
    return (world.layout.logs / "agent.log").read_text()


@docker_test
def test_mlebench_layout_and_outputs_copied_back(open_box, world: World, monkeypatch):
    monkeypatch.setenv("KAGGLE_KEY", FAKE_KAGGLE_KEY)  # the harness's secret: must not reach the agent
    box = open_box()
    script = """
        cp "$MLEBENCH_DATA_DIR/sample_submission.csv" "$MLEBENCH_SUBMISSION_PATH"
        echo solution > /home/code/solution.py; mkdir -p /home/code/models; echo w > /home/code/models/m.bin
        echo from-the-agent > /home/logs/notes.log
        echo "pwd=$(pwd) user=$(id -un)"; cat /home/instructions.txt; ls /home/data; env | sort; echo to-stderr >&2
    """
    result = run(box, world, script)
    assert (result.exit_code, result.timed_out, result.killed, result.oom) == (0, False, 0, False)
    box.stop()
    layout = world.layout
    assert (layout.submission / "submission.csv").read_text() == "id,y\n1,0\n"
    assert (layout.work / "solution.py").read_text() == "solution\n"
    assert (layout.work / "models" / "m.bin").read_text() == "w\n"
    assert (layout.logs / "notes.log").read_text() == "from-the-agent\n"
    log = log_of(world)
    assert "pwd=/home/code user=root" in log and "the instructions" in log and "to-stderr" in log
    assert "description.md" in log and "sample_submission.csv" in log
    assert "COMPETITION_ID=comp" in log and "TIME_LIMIT_SECS=30" in log and "PATH=/bin" in log
    assert FAKE_KAGGLE_KEY not in log and "KAGGLE_KEY" not in log


@docker_test
def test_exit_codes_are_reported(open_box, world: World):
    box = open_box()
    assert run(box, world, "exit 3").exit_code == 3
    assert run(box, world, "kill -9 $$").exit_code == -signal.SIGKILL
    result = box.exec(["no-such-command-xyz"], world.env(), 30, world.layout.logs / "agent.log")
    assert result.exit_code == 127


@docker_test
def test_mlebench_image_runs_its_start_script_as_nonroot(open_box, world: World):
    box = open_box(image=docker_images.CONVENTION)
    result = box.exec([], world.env(), 30, world.layout.logs / "agent.log")
    assert result.exit_code == 0
    box.stop()
    assert (world.layout.submission / "submission.csv").read_text() == "id,y\n1,0\n"
    assert (world.layout.work / "solution.py").exists()
    started = (world.layout.logs / "start.log").read_text()
    assert started == "start.sh as nonroot in /home/code for comp with 30 s\n"


@docker_test
@pytest.mark.parametrize("image, missing", [(docker_images.NO_TAR, "lacks `tar`"), (docker_images.NO_SH, "has no /bin/sh")])
def test_an_image_without_what_the_sandbox_needs_is_refused_at_start(engine, world: World, no_leftovers, image, missing):
    box = dsb.DockerSandbox(world.layout, world.public, SandboxConfig(), dopt.DockerOptions(image=image))
    with pytest.raises(SandboxError, match=missing):
        box.start()
    box.stop()
    assert our_containers(engine) == []


@docker_test
def test_the_convention_is_checked_before_the_agent_starts(open_box, world: World):
    """No command: MLE-bench's `bash /home/agent/start.sh` as nonroot; the plain busybox image has neither."""
    box = open_box()
    with pytest.raises(SandboxError, match=r"lacks bash, /home/agent/start.sh"):
        box.exec([], world.env(), 30, world.layout.logs / "agent.log")
    assert not (world.layout.logs / "agent.log").exists()


@docker_test
def test_an_image_without_python3_runs_with_a_note(open_box, world: World):
    box = open_box(services=(("sh", "-c", "true"),))
    assert run(box, world, "echo ran").exit_code == 0
    assert "has no python3: the HTTP validation endpoint is off" in log_of(world)


@docker_test
def test_an_explicit_disk_limit_holds_or_the_run_is_refused(engine, open_box, world: World):
    """--mle-disk-limit must cap the writable layer too: a driver without quotas (fuse-overlayfs,
    overlay2 on ext4) cannot, and the start says so."""
    try:
        box = open_box(disk_limit=64 << 20, disk_limit_required=True)
    except SandboxError as exc:
        assert "--mle-disk-limit cannot be applied" in str(exc) and engine.info()["Driver"] in str(exc)
        assert our_containers(engine) == []
    else:
        assert box.disk_quota


@docker_test
def test_time_limit_stops_an_agent_that_ignores_sigterm(open_box, world: World):
    box = open_box()
    script = "cp /home/data/sample_submission.csv /home/submission/submission.csv; trap '' TERM; sleep 1000 & sleep 1000"
    result = run(box, world, script, time_limit=2)
    assert result.timed_out and result.exit_code is None and result.killed >= 2
    assert box._processes() == set()
    assert "time limit of 2s reached" in log_of(world)
    box.stop()
    assert (world.layout.submission / "submission.csv").exists()  # what existed at the limit is kept


@docker_test
def test_daemon_left_behind_is_killed(open_box, world: World):
    box = open_box()
    result = run(box, world, "(setsid sleep 1000 &); echo main done")
    assert result.exit_code == 0 and not result.timed_out and result.killed == 1
    assert box._processes() == set()
    assert "left 1 process(es) running" in log_of(world)


PEEK = """
    cat {answers} 2>&1
    find / -name answers.csv -not -path '/proc/*' 2>/dev/null | sed 's/^/FOUND /'
    grep -l -r {secret} / --exclude-dir=proc --exclude-dir=sys 2>/dev/null | sed 's/^/HAS /'
    key={key_head}; echo "${{key}}{key_tail}" > /tmp/key  # split, so that no command line holds it
    cat /proc/*/environ /proc/*/cmdline 2>/dev/null | tr '\\0' '\\n' | grep -c -f /tmp/key | sed 's/^/PROC /'
    ls -a ~ /root 2>&1 | grep -c kaggle | sed 's/^/KAGGLE /'
"""


@docker_test
def test_agent_cannot_read_answers_or_harness_secrets(open_box, world: World, monkeypatch):
    monkeypatch.setenv("KAGGLE_KEY", FAKE_KAGGLE_KEY)
    kaggle = Path.home() / ".kaggle"  # whatever the harness's home holds stays outside
    box = open_box()
    script = PEEK.format(answers=world.private_answers, secret=SECRET, key_head=FAKE_KAGGLE_KEY[:10], key_tail=FAKE_KAGGLE_KEY[10:])
    result = run(box, world, script)
    assert result.exit_code == 0
    log = log_of(world)
    assert SECRET not in log.replace(f"grep -l -r {SECRET}", "")
    assert "No such file or directory" in log
    assert "FOUND" not in log and "HAS" not in log
    assert "PROC 0" in log and "KAGGLE 0" in log
    assert not kaggle.exists() or FAKE_KAGGLE_KEY not in log


@docker_test
def test_writes_outside_the_agent_folders_do_not_reach_the_host(open_box, world: World):
    box = open_box()
    targets = [world.public / "planted.csv", world.layout.root / "planted.txt", world.private_answers]
    script = "; ".join(f"echo x > {t} 2>/dev/null && echo WROTE {t}" for t in targets)
    script += "; echo x > /home/data/planted.csv || echo REFUSED-DATA; rm /home/data/sample_submission.csv || echo REFUSED-RM"
    run(box, world, script)
    box.stop()
    log = log_of(world)
    assert "REFUSED-DATA" in log and "REFUSED-RM" in log
    assert sorted(p.name for p in world.public.iterdir()) == ["description.md", "sample_submission.csv"]
    assert not (world.layout.root / "planted.txt").exists()
    assert SECRET in world.private_answers.read_text()


@docker_test
@pytest.mark.parametrize("network", [False, True], ids=["network-off", "network-on"])
def test_network_is_off_unless_asked_for(open_box, world: World, network: bool):
    """Off: the container has only loopback, so nothing outside answers (this host's firewall
    may drop traffic from containers, so "on" is checked by the interface, not a connection)."""
    with socket.create_server(("0.0.0.0", 0)) as server:
        port = server.getsockname()[1]
        box = open_box(SandboxConfig(network=network))
        script = (f"tail -n +3 /proc/net/dev | cut -d: -f1 | sed 's/^ */IFACE /'; "
                  f"echo hi | timeout 3 nc 172.17.0.1 {port} && echo CONNECTED")
        run(box, world, script)
    log = log_of(world)
    interfaces = {line.split()[1] for line in log.splitlines() if line.startswith("IFACE ")}
    assert "lo" in interfaces and (interfaces != {"lo"}) == network, log
    if not network:
        assert "CONNECTED" not in log


@docker_test
@pytest.mark.parametrize("main", ["spins", "exits"])
def test_fork_bomb_is_stopped_soon_after_the_limit(open_box, world: World, main: str):
    """Thousands of processes make every daemon call slow (up to the client's 120 s timeout):
    the time limit must not wait on them. The main shell spins past the limit, or exits and
    leaves the bomb behind (which may also die out on its own, failing to fork at the pids
    limit); the bound is generous (a loaded machine slows the kill), the failure it catches is minutes."""
    box = open_box()  # the default pids limit (4096): the bomb fills it
    end = "while :; do :; done" if main == "spins" else "exit 0"
    script = f"cp /home/data/sample_submission.csv /home/submission/submission.csv; bomb() {{ bomb | bomb & }}; bomb; {end}"
    result = run(box, world, script, time_limit=5)
    assert result.duration <= 5 + 60, result  # the bug it guards against took 120 s or more
    assert result.timed_out or main == "exits"  # an exited main may be seen only at the limit
    assert box._processes() == set()
    box.stop()
    assert (world.layout.submission / "submission.csv").read_text() == "id,y\n1,0\n"


@docker_test
def test_fork_bomb_hits_the_pids_limit_and_outputs_survive(open_box, world: World):
    box = open_box(SandboxConfig(max_processes=40))
    script = "cp /home/data/sample_submission.csv /home/submission/submission.csv; while :; do sleep 100 & done"
    result = run(box, world, script, time_limit=10)
    assert result.exit_code != 0 or result.timed_out  # the shell gives up when it cannot fork, or runs out of time
    assert result.killed >= 20
    assert box._processes() == set()
    box.stop()
    assert (world.layout.submission / "submission.csv").read_text() == "id,y\n1,0\n"


@docker_test
def test_memory_hog_is_reported_out_of_memory(open_box, world: World):
    box = open_box(SandboxConfig(memory_limit=64 << 20), shm_size=256 << 20)
    script = "cp /home/data/sample_submission.csv /home/submission/submission.csv; dd if=/dev/zero of=/dev/shm/hog bs=1M count=200"
    result = run(box, world, script)
    assert result.oom and result.exit_code not in (0, None)
    assert "out of memory" in log_of(world)
    box.stop()
    assert (world.layout.submission / "submission.csv").exists()  # copied out despite the full memory


@docker_test
def test_disk_filling_stops_at_the_folder_size(open_box, world: World):
    box = open_box(disk_limit=8 << 20)
    script = """
        dd if=/dev/zero of=/home/code/fill bs=1M count=100 2>&1 | grep -o "No space left on device"
        dd if=/dev/zero of=/home/submission/submission.csv bs=1M count=100 2>/dev/null
        dd if=/dev/zero of=/tmp/fill bs=1M count=100 2>/dev/null || echo TMP-FULL
    """
    result = run(box, world, script)
    assert result.exit_code == 0
    box.stop()
    assert "No space left on device" in log_of(world) and "TMP-FULL" in log_of(world)
    assert (world.layout.work / "fill").stat().st_size <= 8 << 20
    assert (world.layout.submission / "submission.csv").stat().st_size <= 8 << 20


@docker_test
@pytest.mark.parametrize("target", ["/dev/zero", "answers"])
def test_symlink_submission_arrives_as_a_symlink(open_box, world: World, target: str):
    target = str(world.private_answers) if target == "answers" else target
    box = open_box()
    run(box, world, f"ln -s {target} /home/submission/submission.csv")
    box.stop()
    copied = world.layout.submission / "submission.csv"
    assert copied.is_symlink() and os.readlink(copied) == target


@docker_test
def test_copy_in_and_copy_out(open_box, world: World):
    box = open_box()
    source = world.tmp / "tool"
    source.mkdir()
    (source / "run.sh").write_text("echo tool ran\n")
    box.copy_in(source, Path("/home/code/tool"))
    run(box, world, "sh /home/code/tool/run.sh; ln -s /etc/passwd /home/code/link; echo out > /home/code/out.txt")
    box.copy_out(Path("/home/code/out.txt"), world.tmp / "out.txt")
    assert (world.tmp / "out.txt").read_text() == "out\n" and "tool ran" in log_of(world)
    with pytest.raises(SandboxError, match="a symlink"):
        box.copy_out(Path("/home/code/link"), world.tmp / "link")


@docker_test
def test_stop_from_another_thread_ends_a_running_agent(open_box, world: World):
    import threading

    box = open_box()
    results = []
    worker = threading.Thread(target=lambda: results.append(run(box, world, "echo started; sleep 1000", time_limit=600)))
    worker.start()
    deadline = time.monotonic() + 30
    while not ((world.layout.logs / "agent.log").exists() and "started" in log_of(world)) and time.monotonic() < deadline:
        time.sleep(0.05)
    box.stop()
    worker.join(timeout=30)
    assert not worker.is_alive() and results[0].exit_code is None and not results[0].timed_out


HARNESS = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from pytest_mlebench.sandbox.docker import cleanup as dclean
    from pytest_mlebench.sandbox.docker import options as dopt
    from pytest_mlebench.sandbox.docker import outputs as dout
    from pytest_mlebench.sandbox.docker import sandbox as dsb
    from pytest_mlebench.sandbox import RunLayout, SandboxConfig
    root, public, image = sys.argv[1:]
    layout = RunLayout.create(Path(root))
    (layout.home / "instructions.txt").write_text("x")
    box = dsb.DockerSandbox(layout, Path(public), SandboxConfig(), dopt.DockerOptions(image=image))
    box.start()
    try:
        box.exec(["sh", "-c", "echo started; sleep 1000"], {}, 600, layout.logs / "agent.log")
    finally:
        box.stop()
    """
)


def _wait_until(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@docker_test
@pytest.mark.parametrize("how", ["ctrl-c", "sigkill"])
def test_no_container_survives_the_harness(engine, world: World, how: str):
    """Ctrl-C runs the sandbox's cleanup; a killed harness is cleaned up by its watchdog."""
    root = world.tmp / "runs" / "killed"
    harness = subprocess.Popen(
        [sys.executable, "-c", HARNESS, str(root), str(world.public), docker_images.BUSYBOX],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_until(lambda: (root / "logs" / "agent.log").exists()
                           and "started" in (root / "logs" / "agent.log").read_text(), 60)
        assert len(our_containers(engine, harness.pid)) == 1
        harness.send_signal(signal.SIGINT if how == "ctrl-c" else signal.SIGKILL)
        harness.wait(timeout=30)
        assert _wait_until(lambda: our_containers(engine, harness.pid) == [], 30)
    finally:
        harness.kill()
        harness.wait()
        dclean.remove_leftovers(engine, pid=harness.pid)


@docker_test
def test_leftovers_of_dead_harnesses_are_removed_at_start(engine, world: World):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    labels = {**dclean.harness_labels("orphan"), dclean.LABEL_PID: str(dead.pid)}
    alive_labels = {**dclean.harness_labels("mine")}
    orphan = engine.containers.create(docker_images.BUSYBOX, ["true"], labels=labels)
    mine = engine.containers.create(docker_images.BUSYBOX, ["true"], labels=alive_labels)
    try:
        dclean.remove_leftovers(engine)
        remaining = {c.id for c in engine.containers.list(all=True, filters={"label": dclean.LABEL_PID})}
        assert orphan.id not in remaining and mine.id in remaining  # a live harness's containers stay
    finally:
        for container in (orphan, mine):
            try:
                container.remove(force=True)
            except Exception:  # noqa: BLE001 - removed by the sweep
                pass


# -- through the plugin ---------------------------------------------------------------------------


COPIER = 'cp "$MLEBENCH_DATA_DIR/sample_submission.csv" "$MLEBENCH_SUBMISSION_PATH"'


def write_agent(pytester, name: str, script: str, image: str = docker_images.BUSYBOX) -> str:
    path = pytester.path / f"{name}.toml"
    path.write_text(f'image = "{image}"\ncommand = ["sh", "-c", {json.dumps(script)}]\n')
    return str(path)


def _scores(report: Path) -> dict:
    return {r["competition_id"]: (r["score"], r["valid_submission"], r["medal"])
            for r in json.loads(report.read_text())["competition_reports"]}


@docker_test
def test_same_scores_in_docker_and_local_sandboxes(engine, project):
    agent = write_agent(project, "copier", COPIER)
    local, docker = project.path / "local.json", project.path / "docker.json"
    run_local = project.runpytest_subprocess("-p", "no:cacheprovider", "-m", "starter", f"--agent={agent}",
                                             f"--mle-report={local}")
    run_local.assert_outcomes(passed=2)
    run_docker = project.runpytest_subprocess("-p", "no:cacheprovider", "-m", "starter", f"--agent={agent}",
                                              "--mle-sandbox", "docker", "-n", "2", f"--mle-report={docker}")
    run_docker.assert_outcomes(passed=2)
    assert _scores(docker) == _scores(local) and len(_scores(local)) == 2
    records = json.loads(docker.read_text())["competition_reports"]
    assert {(r["sandbox"], r["isolation"], r["network"]) for r in records} == {("docker", "docker", False)}
    assert our_containers(engine) == []


@docker_test
def test_hostile_submission_is_invalid_and_the_other_item_unaffected(engine, project):
    script = ('if [ "$MLEBENCH_COMPETITION_ID" = tiny-labels ]; then ln -s /dev/zero "$MLEBENCH_SUBMISSION_PATH"; '
              f"else {COPIER}; fi")
    agent = write_agent(project, "linker", script)
    report = project.path / "r.json"
    result = project.runpytest_subprocess("-p", "no:cacheprovider", f"--agent={agent}", "--mle-sandbox=docker",
                                          f"--mle-report={report}")
    result.assert_outcomes(passed=1, failed=1)
    records = {r["competition_id"]: r for r in json.loads(report.read_text())["competition_reports"]}
    assert not records["tiny-labels"]["valid_submission"] and "link" in records["tiny-labels"]["error"]
    assert records["tiny-regression"]["valid_submission"]


@docker_test
def test_network_request_is_recorded_and_imageless_agents_are_refused(engine, project):
    agent = project.path / "net.toml"
    agent.write_text(f'image = "{docker_images.BUSYBOX}"\nnetwork = true\ncommand = ["sh", "-c", {json.dumps(COPIER)}]\n')
    report = project.path / "r.json"
    result = project.runpytest_subprocess("-p", "no:cacheprovider", f"--agent={agent}", "--mle-sandbox=docker",
                                          "-k", "labels", f"--mle-report={report}")
    result.assert_outcomes(passed=1)
    assert json.loads(report.read_text())["competition_reports"][0]["network"] is True
    refused = project.runpytest_subprocess("-p", "no:cacheprovider", "--agent=dummy", "--mle-sandbox=docker")
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    refused.stderr.fnmatch_lines(["*agent 'dummy' names no image*"])
