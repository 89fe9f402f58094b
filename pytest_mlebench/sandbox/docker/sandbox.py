"""The Docker sandbox: each run in a container of the agent's image, in MLE-bench's layout.

Inside the container (MLE-bench's paths, so images built for MLE-bench run unchanged):

    /home/data              the public data and our description.md, a read-only bind mount
    /home/submission        tmpfs of fixed size; submission.csv goes here   -> run's submission/
    /home/code              tmpfs, the agent's working directory            -> run's work/
    /home/logs              tmpfs                                           -> run's logs/
    /home/instructions.txt  our instructions, read-only
    /tmp, /dev/shm          tmpfs

The private answers are never mounted, and nothing of the harness's environment
goes in but the variables the run passes. The network is off (`network_mode
none`) unless the agent definition asks for it.

How a run goes: the container's PID 1 is a tiny keeper shell running as root
(`KEEPER`). The agent runs beside it through `docker exec` as the image's user
(`nonroot` for MLE-bench-style images without a command: `bash
/home/agent/start.sh`). When the agent exits, or at the time limit, the
harness ends every other process of the container: SIGTERM, then after the
grace SIGSTOP and SIGKILL. When the engine runs on this machine and we may look
at its processes (root), the harness finds them in this machine's /proc (they
share the keeper's pid namespace) and signals them itself, without asking the
daemon, which a fork bomb can keep busy for minutes; the agent's end is polled
with API calls of a short timeout, so the time limit holds however slow the
daemon gets. Elsewhere (a remote engine) it asks the keeper through the API:
SIGUSR1 makes it SIGTERM every other process, SIGUSR2 SIGKILL them (signals
need no new process, so this works even when a fork bomb holds every pid).
The keeper itself survives, so the tmpfs folders survive too: they are copied
out with `tar` (never following a symlink: a symlinked submission arrives as a
symlink and the grader refuses it) and the container is removed.

Everything created for a run carries labels (`pytest-mlebench.run`,
`pytest-mlebench.pid`, ...). A watchdog process per harness removes them when
the harness dies (a killed worker), and every sandbox start removes those of
harnesses that are gone.

The image needs /bin/sh, sleep and tar (MLE-bench's Ubuntu images have them), and
for an agent without a command bash, /home/agent/start.sh and the user nonroot:
start() and exec() check them before the agent starts and name what is missing.
A limit the engine drops (a kernel without memory accounting, say), or an explicit
--mle-disk-limit on a storage driver that cannot cap the writable layer, is an
error, never a quiet run without it. At the end the agent's processes are frozen
(the container's cgroup freezer, when this machine shows it) and killed while
frozen, so a fork bomb cannot outrun the kill.
"""

from __future__ import annotations

import io
import shlex
import tarfile
import threading
import time
import uuid
from pathlib import Path, PurePosixPath

from pytest_mlebench.errors import SandboxError
from pytest_mlebench.sandbox.base import (
    ExecResult,
    RunLayout,
    Sandbox,
    SandboxConfig,
)
from pytest_mlebench.sandbox.docker.cleanup import (
    harness_labels,
    remove_leftovers,
    start_watchdog,
)
from pytest_mlebench.sandbox.docker.options import (
    CODE_DIR,
    CONVENTION_USER,
    DATA_DIR,
    DEFAULT_DISK,
    INSTRUCTIONS_PATH,
    LOGS_DIR,
    START_SCRIPT,
    SUBMISSION_DIR,
    DockerOptions,
    docker_client,
    fair_cpus,
)
from pytest_mlebench.sandbox.docker.outputs import _ChunkReader, extract_safely
from pytest_mlebench.sandbox.docker.processes import KEEPER, ProcessEnding, _local_keeper
from pytest_mlebench.sandbox.inside import VALIDATE_SCRIPT

# Container folder -> the run folder it is copied to at the end.
OUTPUTS = {"submission": "submission", "code": "work", "logs": "logs"}

# The agent's processes are the OOM killer's first choice, never the keeper (which holds the outputs).
AGENT_WRAPPER = ["/bin/sh", "-c", 'echo 1000 > /proc/self/oom_score_adj 2>/dev/null; exec "$@"', "mlebench-agent"]
LOG_PREFIX = "[mlebench-docker]"
POLL_TIMEOUT = 3  # seconds an API call made while the agent runs may take: a fork bomb slows the daemon
TOOLS_MOUNT = "/opt/pytest-mlebench-tools"  # the run's service scripts, read-only
MEMORY_HEADROOM = 256 << 20  # added to the limit once the agent is dead, so copying out cannot OOM
# Capabilities of Docker's default set that an agent has no use for.
DROPPED_CAPS = ["NET_RAW", "MKNOD", "AUDIT_WRITE", "SETFCAP", "SYS_CHROOT", "NET_BIND_SERVICE"]


class DockerSandbox(ProcessEnding, Sandbox):
    """Runs agent commands in a container of `options.image`; see the module docstring."""

    name = "docker"

    def __init__(self, layout: RunLayout, public_dir: Path, config: SandboxConfig, options: DockerOptions):
        self.layout = layout
        self.public_dir = Path(public_dir).absolute()
        self.config = config
        self.options = options
        if config.bwrap:
            raise SandboxError("a bwrap executable (--mle-bwrap) applies to the local sandbox only; the Docker "
                               "sandbox isolates with a container: drop --mle-bwrap")
        self.isolation = "docker"
        self.run_id = f"{layout.root.name}-{uuid.uuid4().hex[:8]}"
        self.client = None
        self.poller = None  # a client of short timeout, for the calls made while the agent runs
        self.container = None
        self._keeper_pid = 0  # the keeper's pid on the engine's machine
        self._keeper_ns: str | None = None  # its pid namespace, when this machine's /proc shows it
        self._keeper_session = 0  # its session: the keeper's sleeps share it, no exec (agent) can join it
        self.disk_quota = False  # True when the engine also capped the container's writable layer
        self.notes: list[str] = []  # what the harness had to do, appended to the agent log
        self._pending_notes: list[str] = []  # notes of start(), written into the log by exec()
        self._user = ""
        self._lock = threading.RLock()
        self._started = False
        self._stopped = False
        self._ended = False  # the agent's processes are gone (ended by us or on their own)
        self._exec_started = 0.0

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        if self._started:
            return
        self._check_folders()
        if not (self.layout.data.is_symlink() or self.layout.data.exists()):
            self.layout.data.symlink_to(self.public_dir, target_is_directory=True)  # for people reading the run folder
        self.client = docker_client()
        self.poller = docker_client(timeout=POLL_TIMEOUT)
        start_watchdog()
        remove_leftovers(self.client)
        image = self._image()
        self._user = (image.attrs.get("Config") or {}).get("User") or ""
        self._started = True
        self.container = self._create()
        try:
            self._check_limits()
            self._start_keeper()
            self._check_image()
        except BaseException:
            self._remove()
            raise
        self._keeper_pid = self.container.attrs["State"]["Pid"]
        self._keeper_ns, self._keeper_session = _local_keeper(self._keeper_pid)

    def _check_limits(self) -> None:
        """Refuse a container whose limits the engine dropped (it warns and goes on, e.g. a kernel
        without memory accounting): a limit asked for is a limit applied, or no run."""
        host = self.container.attrs.get("HostConfig") or {}
        asked = {"Memory": ("memory limit", self.config.memory_limit or 0),
                 "NanoCpus": ("CPU limit", self._nano_cpus()),
                 "PidsLimit": ("process limit", self.config.max_processes or 0),
                 "ShmSize": ("/dev/shm size", self.options.shm_size)}
        dropped = [f"{what} ({want} asked, {host.get(key) or 0} applied)"
                   for key, (what, want) in asked.items() if want and (host.get(key) or 0) != want]
        if dropped:
            raise SandboxError(
                f"the Docker engine did not apply the {', '.join(dropped)} to the container; "
                f"enable the matching cgroup controller on this machine (see `docker info` warnings), "
                f"or run without that limit"
            )

    def _start_keeper(self) -> None:
        import docker

        try:
            self.container.start()
        except docker.errors.APIError as exc:
            text = str(exc.explanation or exc)
            if "/bin/sh" in text:
                raise SandboxError(
                    f"image {self.options.image} has no /bin/sh, which the Docker sandbox runs as the "
                    f"container's first process; use an image with a shell (MLE-bench's images have one)"
                ) from None
            raise SandboxError(f"cannot start a container of {self.options.image}: {text}") from None
        self.container.reload()
        if self.container.status != "running":
            output = self.container.logs(tail=20).decode(errors="replace").strip()
            raise SandboxError(
                f"the container of {self.options.image} did not keep running ({output or 'no output'}); "
                f"the Docker sandbox needs /bin/sh and sleep in the image"
            )

    def _check_image(self) -> None:
        """Before the agent starts: the tools the sandbox itself runs in the container."""
        found = self._probe({tool: f"on_path {tool}" for tool in ("sleep", "tar", "python3")})
        needed = {"sleep": "keeps the container alive for the run", "tar": "copies the agent's outputs out"}
        missing = [f"`{tool}` ({why})" for tool, why in needed.items() if not found[tool]]
        if missing:
            raise SandboxError(
                f"image {self.options.image} lacks {' and '.join(missing)} on its PATH; add them to the "
                f"image (Debian/Ubuntu: apt-get install coreutils tar) — MLE-bench's images have them"
            )
        if self._service_commands() and not found["python3"]:
            self._pending_notes.append(f"image {self.options.image} has no python3: the HTTP validation endpoint is off; "
                              f"/home/validate_submission.sh works without it")

    def _check_convention(self) -> None:
        """Before `bash /home/agent/start.sh` as nonroot: the script, bash and the user exist."""
        found = self._probe({"bash": "on_path bash", START_SCRIPT: f"test -f {START_SCRIPT}",
                             f"user {CONVENTION_USER}": f"id -u {CONVENTION_USER}"})
        missing = [name for name, ok in found.items() if not ok]
        if missing:
            raise SandboxError(
                f"the agent gives no command, so it runs MLE-bench's convention (`bash {START_SCRIPT}` as "
                f"user {CONVENTION_USER}), but image {self.options.image} lacks {', '.join(missing)}; "
                f"build the image on MLE-bench's agent base, or give the agent a command"
            )

    def _probe(self, checks: dict[str, str]) -> dict[str, bool]:
        """Run each shell test in the container as root; which succeeded.

        `on_path NAME` looks for an executable file on PATH as `docker exec` does: a shell's
        `command -v` also finds busybox's built-in applets, which an exec cannot start."""
        script = _ON_PATH + "; ".join(f"if {test} >/dev/null 2>&1; then echo yes; else echo no; fi" for test in checks.values())
        try:
            code, output = self.container.exec_run(["/bin/sh", "-c", script], user="0")
        except Exception as exc:  # noqa: BLE001 - the container died: nothing can run
            raise SandboxError(f"cannot run checks in the container of {self.options.image}: {exc}") from None
        answers = output.decode(errors="replace").split()
        if code != 0 or len(answers) != len(checks):
            raise SandboxError(f"the checks in the container of {self.options.image} failed: {output[-300:]!r}")
        return {name: answer == "yes" for name, answer in zip(checks, answers)}

    def stop(self) -> None:
        """End whatever runs, copy the output folders out, remove the container. Safe twice."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            if self.container is None:
                return
            try:
                self._end_processes()
                self._collect_outputs()
            finally:
                self._remove()

    def _image(self):
        import docker

        try:
            return self.client.images.get(self.options.image)
        except docker.errors.ImageNotFound:
            pass
        try:
            return self.client.images.pull(self.options.image)
        except docker.errors.APIError as exc:
            raise SandboxError(f"image {self.options.image} is not here and cannot be pulled: {exc.explanation or exc}") from None

    def _create(self):
        import docker
        from docker.types import DeviceRequest, Mount

        opts, config = self.options, self.config
        disk = f"size={opts.disk_limit},mode=1777"
        mounts = [Mount(target, source, type="bind", read_only=True) for target, source in self._data_mounts()]
        mounts.append(Mount(INSTRUCTIONS_PATH, str(self.layout.home / "instructions.txt"), type="bind", read_only=True))
        # The run's home (instructions, helper scripts) at its host path, so paths the run wrote stay true.
        mounts.append(Mount(str(self.layout.home), str(self.layout.home), type="bind", read_only=True))
        validate = self.layout.validate  # the validation service's shared folder
        mounts.append(Mount(str(validate), str(validate), type="bind", read_only=False))
        for host, target, mode in opts.mounts:
            mounts.append(Mount(target, str(host), type="bind", read_only=(mode != "rw")))
        mounts += [Mount(target, source, type="bind", read_only=True) for target, source in self._tool_mounts()]
        masks = {}
        for path in self.config.readonly_paths:  # host paths the agent may read, at the same path
            mounts.append(Mount(str(path), str(path), type="bind", read_only=True))
            masks.update(self._masks_inside(Path(path)))
        kwargs = dict(
            image=opts.image,
            entrypoint=["/bin/sh", "-c", KEEPER],
            command=[],
            user="0",
            working_dir="/",
            name=f"mlebench-{self.run_id}",
            labels=harness_labels(self.run_id),
            detach=True,
            network_mode="bridge" if config.network else "none",
            mounts=mounts,
            tmpfs={SUBMISSION_DIR: disk, CODE_DIR: disk, LOGS_DIR: disk, "/tmp": disk, **masks},
            shm_size=opts.shm_size,
            nano_cpus=self._nano_cpus(),
            security_opt=["no-new-privileges"],
            cap_drop=DROPPED_CAPS,
            environment={},
        )
        if config.max_processes:
            kwargs["pids_limit"] = config.max_processes
        if config.memory_limit:
            kwargs.update(mem_limit=config.memory_limit, memswap_limit=config.memory_limit)
        if opts.gpus:
            kwargs["device_requests"] = [DeviceRequest(device_ids=list(opts.gpus), capabilities=[["gpu"]])]
        try:  # a real disk quota where the storage driver has one (overlay2 on xfs with pquota)
            container = self.client.containers.create(storage_opt={"size": str(opts.disk_limit)}, **kwargs)
            self.disk_quota = True
            return container
        except docker.errors.APIError as exc:
            if "storage" not in str(exc).lower():
                raise SandboxError(f"cannot create a container of {opts.image}: {exc.explanation or exc}") from None
            if opts.disk_limit_required:
                driver = self.client.info().get("Driver", "unknown")
                raise SandboxError(
                    f"--mle-disk-limit cannot be applied: the engine's storage driver ({driver}) cannot cap a "
                    f"container's writable layer ({exc.explanation or exc}). Use overlay2 on xfs mounted with "
                    f"pquota (or btrfs/zfs), or drop --mle-disk-limit: then only /home/submission, /home/code, "
                    f"/home/logs and /tmp are capped, at {DEFAULT_DISK >> 30}G each"
                ) from None
        try:
            return self.client.containers.create(**kwargs)
        except docker.errors.APIError as exc:
            raise SandboxError(f"cannot create a container of {opts.image}: {exc.explanation or exc}") from None

    def _nano_cpus(self) -> int:
        """The CPU limit asked for, in the engine's unit (what _create sets and _check_limits reads back)."""
        return int((self.options.cpus or fair_cpus()) * 1e9)

    def _data_mounts(self) -> list[tuple[str, str]]:
        """(container path, host path) of the public data: one mount, or one per entry when
        the folder is a view of links (a --mle-data-dir), since links would dangle inside."""
        entries = list(self.public_dir.iterdir())
        if not any(entry.is_symlink() for entry in entries):
            return [(DATA_DIR, str(self.public_dir.resolve()))]
        return [(f"{DATA_DIR}/{entry.name}", str(entry.resolve())) for entry in sorted(entries) if entry.exists()]

    def _remove(self) -> None:
        try:
            self.container.remove(force=True)
        except Exception:  # noqa: BLE001 - gone already; the watchdog and the next start sweep anyway
            pass

    # -- running commands ------------------------------------------------------------------

    def exec(self, command: list[str], env: dict[str, str], time_limit: float, log_path: Path) -> ExecResult:
        """Run `command` (empty: the image's /home/agent/start.sh as `nonroot`) in /home/code."""
        if not self._started or self._stopped:
            raise SandboxError("exec() needs a started, not yet stopped sandbox")
        if time_limit <= 0:
            raise ValueError(f"time_limit must be positive, got {time_limit}")
        import docker

        api = self.container.client.api
        argv = [str(part) for part in command] or ["bash", START_SCRIPT]
        user = self._user if command else CONVENTION_USER
        if not command:
            self._check_convention()
        environment = {**env, "TIME_LIMIT_SECS": str(int(time_limit))}  # MLE-bench's name
        log_path = Path(log_path)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._ended = False
        began = time.monotonic()
        with open(log_path, "ab") as log:
            while self._pending_notes:  # what start() found, said once at the top of the agent's log
                note = self._pending_notes.pop(0)
                self.notes.append(note)
                _note(log, note)
            services = self._start_services(environment, user, log)
            exec_id = api.exec_create(
                self.container.id, AGENT_WRAPPER + argv, environment=environment, workdir=CODE_DIR, user=user
            )["Id"]
            stream = api.exec_start(exec_id, stream=True)
            reader = threading.Thread(target=_copy_stream, args=(stream, log), daemon=True)
            reader.start()
            self._exec_started = time.time()
            timed_out, killed = False, 0
            try:
                deadline = began + time_limit
                while not self._stopped:
                    try:
                        if not self.poller.api.exec_inspect(exec_id)["Running"]:
                            break
                    except docker.errors.APIError:  # the container was removed under us (stop())
                        break
                    except Exception:  # noqa: BLE001 - a busy daemon (timeout): check the clock, ask again
                        pass
                    if time.monotonic() >= deadline:
                        timed_out = True
                        _note(log, f"time limit of {time_limit:g}s reached: stopping the agent's processes")
                        break
                    time.sleep(0.05)
            finally:  # also on KeyboardInterrupt: nothing of the agent may outlive exec()
                with self._lock:
                    if not self._stopped:
                        killed = self._end_processes(exclude=services)
                reader.join(timeout=10)
            duration = time.monotonic() - began
            exit_code = None
            if not timed_out and not self._stopped:
                code = api.exec_inspect(exec_id)["ExitCode"]
                exit_code = -(code - 128) if code is not None and 128 < code < 160 else code
            if killed and not timed_out:
                _note(log, f"command exited but left {killed} process(es) running: stopped them")
            oom = self._oom_happened() and not timed_out
            if oom:
                _note(log, f"out of memory: the container hit its memory limit of {self.config.memory_limit} bytes")
        return ExecResult(exit_code, timed_out, duration, killed, oom)

    def _masks_inside(self, folder: Path) -> dict[str, str]:
        """Hidden paths under a read-only mount, covered by an empty tmpfs; a hidden file cannot be
        covered so, and is refused (a SandboxConfig asked for is honoured, or the run stops)."""
        masks = {}
        for hidden in self.config.hidden_paths:
            hidden = Path(hidden)
            if hidden == folder or folder in hidden.parents:
                if not hidden.is_dir():
                    raise SandboxError(f"{hidden} must stay hidden but lies inside the read-only path {folder}, and "
                                       f"the Docker sandbox can mask only folders: move it out of {folder}")
                masks[str(hidden)] = "size=4k,mode=000"
            elif hidden in folder.parents:
                raise SandboxError(f"the read-only path {folder} lies inside {hidden}, which must stay hidden")
        return masks

    def _tool_mounts(self) -> list[tuple[str, str]]:
        """The folders of the run's services (standard-library scripts) and MLE-bench's
        /home/validate_submission.sh, when the run wrote one."""
        found = [(f"{TOOLS_MOUNT}/{index}", str(Path(service.script).parent))
                 for index, service in enumerate(self.config.services)]
        script = self.layout.home / VALIDATE_SCRIPT
        if script.exists():
            found.append((f"/home/{VALIDATE_SCRIPT}", str(script)))
        return found

    def _service_commands(self) -> list[tuple[str, ...]]:
        """Each service run by the image's python3 when it has one (MLE-bench's images do)."""
        commands = list(self.options.services)
        for index, service in enumerate(self.config.services):
            argv = " ".join(shlex.quote(a) for a in (f"{TOOLS_MOUNT}/{index}/{Path(service.script).name}", *service.args))
            commands.append(("sh", "-c", f"command -v python3 >/dev/null && exec python3 -I -S {argv}"))
        return commands

    def _start_services(self, env: dict[str, str], user: str, log) -> set[int]:
        pids = set()
        api = self.container.client.api
        for service in self._service_commands():
            try:
                exec_id = api.exec_create(self.container.id, list(service), environment=env, user=user)["Id"]
                api.exec_start(exec_id, detach=True)
                pids.add(api.exec_inspect(exec_id)["Pid"])
            except Exception as exc:  # noqa: BLE001 - the agent runs anyway; the log says why
                _note(log, f"cannot start service {service[0]!r}: {exc}")
        return pids

    def _oom_happened(self) -> bool:
        if not self.config.memory_limit:
            return False
        try:
            events = self.client.events(
                since=self._exec_started - 1,
                until=time.time(),
                filters={"container": self.container.id, "event": "oom"},
                decode=True,
            )
            return any(True for _ in events)
        except Exception:  # noqa: BLE001
            return False

    # -- copying ---------------------------------------------------------------------------------

    def _collect_outputs(self) -> None:
        """Copy /home/submission, /home/code and /home/logs into the run's folders."""
        if self.config.memory_limit:  # shared memory the agent left must not make `tar` run out
            try:
                limit = self.config.memory_limit + MEMORY_HEADROOM
                self.container.update(mem_limit=limit, memswap_limit=limit)
            except Exception:  # noqa: BLE001
                pass
        targets = {name: getattr(self.layout, attr) for name, attr in OUTPUTS.items()}
        try:
            skipped = self._extract(["tar", "-c", "-f", "-", "-C", "/home", *OUTPUTS], targets)
        except SandboxError as exc:
            self._note_in_log(f"the output folders could not be copied out: {exc}")
            return
        if skipped:
            self._note_in_log(f"not copied out (links, special files or clashes): {', '.join(skipped[:10])}")

    def _extract(self, tar_command: list[str], targets: dict[str, Path]) -> list[str]:
        api = self.container.client.api
        try:
            exec_id = api.exec_create(self.container.id, tar_command, user="0", stderr=False)["Id"]
            stream = api.exec_start(exec_id, stream=True)
        except Exception as exc:  # noqa: BLE001 - the container died (the keeper was killed)
            raise SandboxError(f"the container is gone ({exc})") from None
        reader = _ChunkReader(stream)
        try:
            with tarfile.open(fileobj=reader, mode="r|") as archive:
                return extract_safely(archive, targets)
        except tarfile.TarError as exc:
            raise SandboxError(f"unreadable archive from the container: {exc}") from None

    def _note_in_log(self, message: str) -> None:
        self.notes.append(message)
        with open(self.layout.logs / "agent.log", "ab") as log:
            _note(log, message)

    def copy_in(self, src: Path, dest: Path) -> None:
        """Copy a host file or folder to a container path (through a staging folder in /)."""
        if not self._started or self._stopped:
            raise SandboxError("copy_in() needs a running sandbox")
        stage = f".mlebench-copy-in-{uuid.uuid4().hex[:8]}"
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as archive:
            archive.add(str(src), arcname=f"{stage}/{Path(dest).name}")
        self.container.put_archive("/", buffer.getvalue())
        script = 'mkdir -p "$(dirname "$1")" && rm -rf "$1" && cp -a "$2" "$1"; s=$?; rm -rf "$3"; exit $s'
        target = str(PurePosixPath(dest))
        code, output = self.container.exec_run(
            ["/bin/sh", "-c", script, "copy-in", target, f"/{stage}/{Path(dest).name}", f"/{stage}"], user="0"
        )
        if code != 0:
            raise SandboxError(f"cannot copy {src} to {dest} in the container: {output.decode(errors='replace')}")

    def copy_out(self, src: Path, dest: Path) -> None:
        """Copy a container file or folder to the host, never following symlinks."""
        if not self._started or self._stopped:
            raise SandboxError("copy_out() needs a running sandbox")
        src = PurePosixPath(src)
        listing = self.container.exec_run(["/bin/sh", "-c", 'test -L "$1" && echo LINK', "check", str(src)], user="0")
        if b"LINK" in listing.output:
            raise SandboxError(f"refusing to copy {src}: a symlink")
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        skipped = self._extract(["tar", "-c", "-f", "-", "-C", str(src.parent), src.name], {src.name: dest})
        if not (dest.exists() or dest.is_symlink()):
            raise SandboxError(f"nothing copied from {src} (missing, or not a regular file or folder): {skipped}")


_ON_PATH = 'on_path() ( IFS=:; for d in $PATH; do [ -f "$d/$1" ] && [ -x "$d/$1" ] && exit 0; done; exit 1 ); '


def _note(log, message: str) -> None:
    log.write(f"{LOG_PREFIX} {message}\n".encode())
    log.flush()


def _copy_stream(stream, log) -> None:
    try:
        for chunk in stream:
            log.write(chunk)
            log.flush()
    except Exception:  # noqa: BLE001 - the container went away mid-stream
        pass

