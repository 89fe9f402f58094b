"""What a Docker run is given: its options (image, CPUs, GPUs, sizes) from the session's settings and the
agent definition, the engine client, and the paths the agent sees (MLE-bench's /home/... layout)."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass

from pytest_mlebench.errors import SandboxError
from pytest_mlebench.sandbox.base import (
    AgentView,
)

DATA_DIR = "/home/data"
SUBMISSION_DIR = "/home/submission"
CODE_DIR = "/home/code"
LOGS_DIR = "/home/logs"
AGENT_DIR = "/home/agent"
INSTRUCTIONS_PATH = "/home/instructions.txt"
START_SCRIPT = f"{AGENT_DIR}/start.sh"
CONVENTION_USER = "nonroot"  # MLE-bench runs start.sh as this user

DEFAULT_SHM = 2 << 30
DEFAULT_DISK = 8 << 30  # each tmpfs folder; tmpfs pages count against the memory limit too


@dataclass(frozen=True)
class DockerOptions:
    """What a Docker run needs beyond SandboxConfig."""

    image: str
    cpus: float | None = None  # None: a fair share of this machine
    gpus: tuple[str, ...] = ()  # device ids given to this run (see gpu_ids_for_worker)
    shm_size: int = DEFAULT_SHM
    disk_limit: int = DEFAULT_DISK  # size of each tmpfs folder
    # True when the user asked for a disk limit (--mle-disk-limit): then the container's writable
    # layer must be capped too, and a storage driver that cannot do it is an error, not a warning.
    disk_limit_required: bool = False
    # Extra bind mounts (host path, container path, "ro" or "rw") and commands started
    # inside the container before the agent and stopped with it: the validation service.
    mounts: tuple[tuple[str, str, str], ...] = ()
    services: tuple[tuple[str, ...], ...] = ()


# -- engine, leftovers, watchdog ---------------------------------------------------------


def docker_client(timeout: float = 120):
    """A client of the engine named by DOCKER_HOST (else the local socket); SandboxError if none answers."""
    try:
        import docker
    except ImportError as exc:  # pragma: no cover - docker is a dependency
        raise SandboxError("the docker Python package is not installed") from exc
    try:
        client = docker.from_env(timeout=timeout)
        client.ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "no engine"
        raise SandboxError(f"no Docker engine answers ({exc}); start one or use --mle-sandbox local") from None
    return client


def engine_problem() -> str | None:
    """None when a Docker engine answers, else why not (for skips and the report header)."""
    try:
        docker_client().close()
    except SandboxError as exc:
        return str(exc)
    return None


# -- GPUs and CPUs -------------------------------------------------------------------------


def gpu_ids_for_worker(worker: str | None, per_run: int, available: list[str]) -> tuple[str, ...]:
    """The GPU ids of one pytest-xdist worker: worker gwK gets the K-th block of `per_run` ids.

    Each worker runs one item at a time, so no two runs ever share a GPU. Raises when
    there are not enough GPUs for that worker."""
    if per_run <= 0:
        return ()
    index = 0
    if worker:
        digits = worker.removeprefix("gw")
        if not digits.isdigit():
            raise SandboxError(f"cannot tell the worker number of xdist worker {worker!r}")
        index = int(digits)
    block = available[index * per_run : (index + 1) * per_run]
    if len(block) < per_run:
        raise SandboxError(
            f"--mle-gpus {per_run}: worker {worker or 'main'} needs GPUs {index * per_run}..{(index + 1) * per_run - 1}, "
            f"but only {len(available)} GPU(s) are available ({', '.join(available) or 'none'}); "
            f"use fewer xdist workers or fewer GPUs per run"
        )
    return tuple(block)


def available_gpus(env: dict[str, str] | None = None) -> list[str]:
    """GPU ids this harness may hand out: CUDA_VISIBLE_DEVICES if set, else what nvidia-smi lists."""
    env = os.environ if env is None else env
    visible = env.get("CUDA_VISIBLE_DEVICES")
    if visible is not None:
        return [part.strip() for part in visible.split(",") if part.strip()]
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return []
    try:
        listing = subprocess.run([smi, "-L"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [str(i) for i, line in enumerate(line for line in listing.splitlines() if line.startswith("GPU "))]


def fair_cpus(env: dict[str, str] | None = None) -> float:
    """This machine's CPUs divided among the xdist workers (as the local sandbox's thread count)."""
    env = os.environ if env is None else env
    workers = int(env.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    return max(1.0, (os.cpu_count() or 1) / max(workers, 1))


def docker_options(options, agent, disk_limit: int | None = None) -> DockerOptions:
    """DockerOptions from the user's sandbox options (a SandboxOptions: cpus, gpus, shm_size), the
    run's disk limit and the agent definition (the command line wins)."""
    if not agent.image:
        raise SandboxError(f"agent {agent.name!r} names no image; add image = \"...\" to its definition for --mle-sandbox docker")
    gpus = gpu_ids_for_worker(os.environ.get("PYTEST_XDIST_WORKER"), options.gpus, available_gpus()) if options.gpus else ()
    return DockerOptions(
        image=agent.image,
        cpus=options.cpus or agent.cpus,
        gpus=gpus,
        shm_size=options.shm_size or DEFAULT_SHM,
        disk_limit=disk_limit or DEFAULT_DISK,
        disk_limit_required=bool(disk_limit),
    )


def docker_view(competition_id: str) -> AgentView:
    """The run's paths inside the container, and MLE-bench's variable names for images written for it."""
    return AgentView(
        data=DATA_DIR,
        submission=f"{SUBMISSION_DIR}/submission.csv",
        work=CODE_DIR,
        instructions=INSTRUCTIONS_PATH,
        home=None,  # the image's user's own HOME
        host_path=False,  # PATH is the image's
        extra_env={
            "COMPETITION_ID": competition_id,
            "SUBMISSION_DIR": SUBMISSION_DIR,
            "LOGS_DIR": LOGS_DIR,
            "CODE_DIR": CODE_DIR,
            "AGENT_DIR": AGENT_DIR,
        },
    )
