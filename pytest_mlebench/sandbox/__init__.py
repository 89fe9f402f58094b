"""Where an agent runs. `base` is the interface: `Sandbox` (one per run) and `SandboxKind` (what
`--mle-sandbox NAME` names: the session's checks, and the factory of its sandboxes). `local`
(bubblewrap, and `none`) and `docker/` implement it; `inside/` holds the programs that run inside
a sandbox. This module is the registry by name: every kind in it must pass
tests/conformance/, the suite every sandbox runs."""

from __future__ import annotations

from pytest_mlebench.errors import SandboxError
from pytest_mlebench.sandbox.base import (
    AgentView,
    ExecResult,
    RunLayout,
    Sandbox,
    SandboxConfig,
    SandboxKind,
    SandboxOptions,
    Service,
)
from pytest_mlebench.sandbox.docker.kind import DockerKind
from pytest_mlebench.sandbox.local import LocalKind, LocalSandbox, NoneKind, UnisolatedSandbox

__all__ = ["AgentView", "ExecResult", "LocalSandbox", "RunLayout", "Sandbox", "SandboxConfig", "SandboxError",
           "SandboxKind", "SandboxOptions", "Service", "UnisolatedSandbox", "register", "registered", "sandbox_kind"]

KINDS: dict[str, SandboxKind] = {}


def register(kind: SandboxKind) -> SandboxKind:
    """Add a sandbox kind (a third-party one, say) under `kind.name`."""
    KINDS[kind.name] = kind
    return kind


for _kind in (LocalKind(), NoneKind(), DockerKind()):
    register(_kind)


def registered() -> dict[str, SandboxKind]:
    return dict(KINDS)


def sandbox_kind(name: str) -> SandboxKind:
    """The kind `--mle-sandbox name` names; SandboxError for an unknown name."""
    if name not in KINDS:
        raise SandboxError(f"unknown sandbox {name!r}: {', '.join(KINDS)}")
    return KINDS[name]
