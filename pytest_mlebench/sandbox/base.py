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

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from pytest_mlebench.errors import SandboxError

KILL_GRACE = 2.0
"""Seconds between SIGTERM and SIGKILL when processes have to be stopped."""


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
class Service:
    """A standard-library Python script that runs beside each agent command, inside the sandbox,
    and is stopped with it: the local sandbox runs it with the harness's Python, Docker with the
    image's python3 (and does without it when the image has none)."""

    script: Path
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class SandboxConfig:
    """What a run asks of its sandbox. Every field is honoured by every sandbox, or refused with
    SandboxError (e.g. `bwrap` by Docker): never quietly dropped."""

    network: bool = False
    memory_limit: int | None = None  # bytes per process (RLIMIT_AS), None = unlimited
    readonly_paths: tuple[Path, ...] = ()  # extra host paths the agent may read (its own code, ...)
    bwrap: str | None = None  # the bwrap executable to use (--mle-bwrap); None: see find_bwrap
    # Cap on processes and threads of one command, when a pids cgroup can be made here.
    max_processes: int | None = 4096
    # Host paths to hide even when a visible path contains them (e.g. the data cache).
    hidden_paths: tuple[Path, ...] = ()
    # Scripts started next to each agent command and stopped with it (the validation endpoint).
    services: tuple["Service", ...] = ()
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
    bwrap = None  # a bwrap.Bwrap: the bubblewrap that isolates the agent (local sandbox)
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


def host_view(layout: RunLayout) -> AgentView:
    """The run's own host paths: what an agent sees in a sandbox that shares this machine's files."""
    return AgentView(
        data=str(layout.data),
        submission=str(layout.submission / "submission.csv"),
        work=str(layout.work),
        instructions=str(layout.home / "instructions.txt"),
        home=str(layout.home),
    )


# -- the registry -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SandboxOptions:
    """What the user chose for the sandbox: `--mle-sandbox` and the options of each kind. A kind
    refuses, at session start, an option it cannot honour (`SandboxKind.check_options`)."""

    kind: str = "local"
    bwrap: str | None = None  # local: the bwrap executable (--mle-bwrap)
    cpus: float | None = None  # docker: CPUs of each container (--mle-cpus)
    gpus: int = 0  # docker: GPUs per run (--mle-gpus)
    shm_size: int | None = None  # docker: size of /dev/shm (--mle-shm-size)


class SandboxKind(ABC):
    """A sandbox `--mle-sandbox` can name: the session-level checks and one `Sandbox` per run.

    The package's registry (`pytest_mlebench.sandbox.sandbox_kind`) holds one of each by name."""

    name: str
    isolated: bool = True  # False: the agent can read everything the harness can (shown in every report)
    option_names: tuple[str, ...] = ()  # the SandboxOptions fields (beyond `kind`) this kind honours

    def check_options(self, options: SandboxOptions) -> None:
        """Refuse options of other kinds: an option asked for is honoured or the session stops."""
        unused = {"bwrap": "--mle-bwrap", "cpus": "--mle-cpus", "gpus": "--mle-gpus", "shm_size": "--mle-shm-size"}
        for field_name, flag in unused.items():
            value = getattr(options, field_name)
            if field_name not in self.option_names and value not in (None, 0):
                raise SandboxError(f"{flag} is not an option of --mle-sandbox {self.name}, which cannot honour "
                                   f"it: drop it, or choose the sandbox it belongs to (see --help)")

    def check_agent(self, agent) -> None:
        """Raise SandboxError when this sandbox cannot run `agent` (an AgentSpec) at all."""
        if not agent.command:
            raise SandboxError(f"agent {agent.name!r} has no command (it runs its image's start.sh): use --mle-sandbox docker")

    def unavailable(self) -> str | None:
        """Why this sandbox cannot run on this machine at all (and how to fix it), else None."""
        return None

    def start_session(self, controller: bool) -> None:
        """Once per pytest process before any run (e.g. remove what dead sessions left)."""

    @abstractmethod
    def describe(self, options: SandboxOptions, agent) -> str:
        """One line for the session header: how agents will be isolated, or why every run will fail."""

    def view(self, layout: RunLayout, competition_id: str) -> AgentView:
        """Where the agent finds its folders (host paths unless the sandbox maps them)."""
        return host_view(layout)

    @abstractmethod
    def create(self, layout: RunLayout, public_dir: Path, config: SandboxConfig, options: SandboxOptions, agent) -> Sandbox:
        """The sandbox of one run (not started)."""
