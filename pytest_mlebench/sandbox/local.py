"""The local sandbox: agents run on this machine inside bubblewrap (`--mle-sandbox local`),
or, as the explicit opt-out, without isolation (`--mle-sandbox none`).

The agent sees only the system, its Python, its own run folders and the public
data, read-only; not the private answers, other runs, the harness's
environment or processes, nor (by default) the network. When bubblewrap
cannot isolate the agent (not found, namespaces refused, a mount that fails)
`start()` raises `SandboxError`: the agent never runs unisolated by accident.
`UnisolatedSandbox` keeps the environment, working folder, time limit and the
killing of the whole process tree, but the agent can read anything the harness can.

Each command runs under inside/supervisor.py, which enforces the time limit
and kills everything the command started, however it tried to detach."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from pytest_mlebench.errors import SandboxError
from pytest_mlebench.sandbox.base import (
    KILL_GRACE,
    ExecResult,
    RunLayout,
    Sandbox,
    SandboxConfig,
    SandboxKind,
    SandboxOptions,
)
from pytest_mlebench.sandbox.bwrap import (
    _SYSTEM_DIRS,
    AGENT_GID,
    AGENT_UID,
    Mount,
    _inside_any,
    _namespace_args,
    _unique,
    find_bwrap,
    mount_plan,
    symlinks_on_the_way,
)
from pytest_mlebench.sandbox.inside import supervisor as _supervisor
from pytest_mlebench.sandbox.limits import _DiskWatch, _kill_run, _PidsCgroup

_SUPERVISOR = Path(_supervisor.__file__).resolve()
_HARNESS_SLACK = 30.0  # extra wait before the harness kills a supervisor that hangs
_OOM_MARKERS = (
    b"MemoryError",
    b"Cannot allocate memory",
    b"std::bad_alloc",
    b"Unable to allocate",
    b"out of memory",
    b"memory exhausted",  # GNU coreutils
)


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
            "services": [[sys.executable, "-I", "-S", str(s.script), *s.args] for s in self.config.services] if services else [],
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


def _parse_result(output: bytes) -> dict | None:
    try:
        result = json.loads(output)
    except ValueError:
        return None
    return result if isinstance(result, dict) and "exit_code" in result else None


class LocalKind(SandboxKind):
    """`--mle-sandbox local`: bubblewrap on this machine."""

    name = "local"
    option_names = ("bwrap",)

    def describe(self, options: SandboxOptions, agent) -> str:
        """Which bubblewrap the local sandbox uses and as which uid, or why every run will be an error."""
        try:
            bwrap = find_bwrap(options.bwrap)
        except SandboxError as exc:
            return f"UNAVAILABLE, every run will be an error: {exc}"
        uid = os.geteuid()
        who = f"agents run as uid {AGENT_UID}" if uid == 0 else f"agents run as your uid {uid}"
        return f"bubblewrap {bwrap.describe()}, {who}"

    def unavailable(self) -> str | None:
        try:
            find_bwrap()
        except SandboxError as exc:
            return str(exc)
        return None

    def create(self, layout, public_dir, config, options, agent) -> Sandbox:
        return LocalSandbox(layout, public_dir, config)


class NoneKind(LocalKind):
    """`--mle-sandbox none`: the explicit choice to run without isolation."""

    name = "none"
    isolated = False
    option_names = ()

    def describe(self, options: SandboxOptions, agent) -> str:
        return "NONE (--mle-sandbox none: agents run unisolated and can read the private answers)"

    def create(self, layout, public_dir, config, options, agent) -> Sandbox:
        return UnisolatedSandbox(layout, public_dir, config)

