"""Where an agent runs: one small interface and a local implementation.

A `Sandbox` runs agent commands against one run's folders (`RunLayout`).
`LocalSandbox` runs them on this machine, inside bubblewrap (`bwrap`) when it
is usable: the agent then sees only the system, its Python, its own run
folders and the public data, read-only; not the private answers, other runs,
the harness's environment or processes, nor (by default) the network. Without
bubblewrap it still runs, with `isolation == "none"`: the environment, working
folder, time limit and killing of the whole process tree still hold, but the
agent can read anything the harness can.

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
    require_isolation: bool = False  # True: raise if bwrap isn't usable instead of running unisolated
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
    """The sandbox named by --mle-sandbox: "local", or "docker" with its DockerOptions."""
    if kind == "docker":
        from .docker_sandbox import DockerSandbox

        if docker is None:
            raise SandboxError("the Docker sandbox needs DockerOptions (the agent's image)")
        return DockerSandbox(layout, public_dir, config, docker)
    if kind != "local":
        raise SandboxError(f"unknown sandbox {kind!r}: local or docker")
    return LocalSandbox(layout, public_dir, config)


@functools.cache
def bwrap_available() -> bool:
    """True when bwrap is installed and can create its namespaces here (probed once)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return False
    probe = [bwrap, "--unshare-all", "--die-with-parent", "--cap-drop", "ALL"]
    probe += ["--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev"]
    probe += ["--", sys.executable, "-I", "-S", "-c", ""]
    try:
        result = subprocess.run(
            probe, env={}, stdin=subprocess.DEVNULL, capture_output=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


class LocalSandbox(Sandbox):
    """Runs commands on this machine, isolated by bubblewrap when it is usable.

    Under bubblewrap the agent runs as uid 0 of a new user namespace with every
    capability dropped (so it cannot remount its read-only folders), in new
    PID, network, IPC and UTS namespaces. Paths keep their host names, so
    `layout.work` is the same string inside and out.
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
        if self._started:
            return
        self._check_folders()
        self._link_data()
        self.isolation = self._choose_isolation()
        self._started = True

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        running = self._running
        if running is not None:  # exec() in another thread returns once this is dead
            _kill_run(*running)

    def _link_data(self) -> None:
        """On the host, layout.data is a symlink to the public data (bwrap mounts over it)."""
        data = self.layout.data
        if data.is_symlink() and data.resolve() == self.public_dir:
            return
        if data.is_symlink() or data.exists():
            raise SandboxError(f"{data} already exists and is not a link to {self.public_dir}")
        data.symlink_to(self.public_dir, target_is_directory=True)

    def _choose_isolation(self) -> str:
        if bwrap_available():
            # A trial run with the real mounts: a bad path shows up here, not mid-run.
            try:
                trial = subprocess.run(
                    self._bwrap_argv([sys.executable, "-I", "-S", "-c", ""]),
                    env={},
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    timeout=60,
                )
            except (OSError, subprocess.TimeoutExpired) as error:
                reason = f"bubblewrap failed to start: {error}"
            else:
                if trial.returncode == 0:
                    return "bwrap"
                reason = f"bubblewrap failed to start: {trial.stderr.decode(errors='replace').strip()}"
        else:
            reason = "bubblewrap (bwrap) is not installed or cannot create namespaces here"
        if self.config.require_isolation:
            raise SandboxError(f"{reason}; isolation was required")
        warnings.warn(f"{reason}; agents run WITHOUT isolation", RuntimeWarning, stacklevel=3)
        return "none"

    # -- running commands --------------------------------------------------

    def exec(
        self, command: list[str], env: dict[str, str], time_limit: float, log_path: Path
    ) -> ExecResult:
        if not self._started or self._stopped:
            raise SandboxError("exec() needs a started, not yet stopped sandbox")
        if not command:
            raise ValueError("empty command")
        if time_limit <= 0:
            raise ValueError(f"time_limit must be positive, got {time_limit}")
        spec = {
            "command": [str(part) for part in command],
            "env": dict(env),
            "cwd": str(self.layout.work),
            "time_limit": time_limit,
            "grace": KILL_GRACE,
            "memory_limit": self.config.memory_limit,
            "services": [list(map(str, service)) for service in self.config.services],
            "file_size_limit": self.config.disk_limit,
            # Without bwrap the supervisor watches us directly, to clean up if we die.
            "parent_pid": os.getpid() if self.isolation == "none" else None,
        }
        supervisor = [sys.executable, "-I", "-S", str(_SUPERVISOR)]
        argv = self._bwrap_argv(supervisor) if self.isolation == "bwrap" else supervisor
        cgroup = _PidsCgroup.create(self.config.max_processes) if self.config.max_processes else None
        if cgroup is not None:
            argv = cgroup.entry_command() + argv
        log_path = Path(log_path)
        log_path.parent.mkdir(parents=True, exist_ok=True)

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
                    watch = _DiskWatch.start(self.layout.writable, self.config.disk_limit, proc, cgroup)
                    try:
                        output, _ = proc.communicate(
                            json.dumps(spec).encode(), timeout=time_limit + KILL_GRACE + _HARNESS_SLACK
                        )
                    except subprocess.TimeoutExpired:
                        hung = True
                    finally:  # also on KeyboardInterrupt: nothing of the run may outlive exec()
                        disk_exceeded = watch.stop() if watch else False
                        leftovers = _kill_run(proc, cgroup)
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
        """bwrap arguments: an allow-list of read-only paths plus the run's folders."""
        bwrap = shutil.which("bwrap") or "bwrap"
        args = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
        if self.config.network:
            args.append("--share-net")
        args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]

        visible: list[Path] = []  # read-only paths already in the sandbox
        for name in _SYSTEM_DIRS:
            path = Path(name)
            if path.is_symlink():  # /lib -> usr/lib on merged-/usr systems
                args += ["--symlink", os.readlink(path), name]
            elif path.is_dir():
                args += ["--ro-bind", name, name]
            else:
                continue
            visible.append(path)

        readonly: list[Path] = []
        for path in self._readonly_paths():
            if not _inside_any(path, visible):
                args += ["--ro-bind", str(path), str(path)]
                visible.append(path)
                readonly.append(path)

        # Folders that a visible path may contain but the agent must not see:
        # other runs, the competition's private answers, whatever the caller names.
        hidden = [self.layout.root.parent, self.public_dir.parent, *self.config.hidden_paths]
        hidden = _unique([q for p in hidden for q in (Path(p).absolute(), Path(p).resolve())])
        masks = [
            m
            for m in hidden
            if _inside_any(m, visible) and not any(_inside_any(Path(s), [m]) for s in _SYSTEM_DIRS)
        ]
        for mask in masks:
            args += ["--tmpfs", str(mask)]
        # What a mask covered but was asked for comes back: also a requested path that was
        # visible anyway (a --mle-data-dir's public folder inside the project, say).
        asked = [q for p in self.config.readonly_paths for q in (Path(p).absolute(), Path(p).resolve()) if q.exists()]
        for path in _unique(readonly + asked):
            if any(_inside_any(path, [m]) and path != m for m in masks):
                args += ["--ro-bind", str(path), str(path)]

        for folder in self.layout.writable:
            args += ["--bind", str(folder), str(folder)]
        args += ["--ro-bind", str(self.public_dir), str(self.layout.data)]
        for mask in masks:
            args += ["--remount-ro", str(mask)]
        args += ["--remount-ro", "/", "--chdir", str(self.layout.work), "--", *command]
        return args

    def _readonly_paths(self) -> list[Path]:
        """The agent's Python (prefixes and sys.path), extra paths, our supervisor, DNS config."""
        names = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]
        names += [p for p in sys.path if os.path.isabs(p)]
        names += [str(p) for p in self.config.readonly_paths]
        names.append(str(_SUPERVISOR))
        if self.config.network:
            names.append("/etc/resolv.conf")  # may be a symlink into /run
        paths: list[Path] = []
        for name in names:
            path = Path(name).absolute()
            paths += [path, path.resolve()]
        return [p for p in _unique(paths) if p.exists()]

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

    def __init__(self, folders, limit: int, proc: subprocess.Popen, cgroup) -> None:
        self.folders, self.limit, self.proc, self.cgroup = folders, limit, proc, cgroup
        self.exceeded = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="disk-watch", daemon=True)

    @classmethod
    def start(cls, folders, limit: int | None, proc, cgroup) -> "_DiskWatch | None":
        if not limit:
            return None
        watch = cls(folders, limit, proc, cgroup)
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
                _kill_run(self.proc, self.cgroup)
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


def _kill_run(proc: subprocess.Popen, cgroup: "_PidsCgroup | None") -> int:
    """Kill whatever of a run is still alive (normally nothing); returns how many,
    not counting the process we started ourselves (bwrap or the supervisor)."""

    def alive() -> set[int]:
        pids = _supervisor.live_descendants(proc.pid)
        if proc.poll() is None:
            pids.add(proc.pid)
        if cgroup is not None:  # catches processes that escaped the supervisor
            states = _supervisor.process_table()
            pids |= {pid for pid in cgroup.pids() if states.get(pid, (0, "X"))[1] not in "ZX"}
        return pids

    killed = _supervisor.kill_everything(alive, proc.poll)
    return len(killed - {proc.pid})


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
