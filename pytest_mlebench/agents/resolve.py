"""Agents: what `--agent` names, resolved into one `AgentSpec`.

An agent is a command run in its work directory, with an environment we
build from scratch. `--agent` is looked up, in this order, as: a path to an
agent TOML file; a name declared in the project (`[tool.pytest_mlebench.agents.NAME]`
in pyproject.toml, or a `[pytest_mlebench.agents.NAME]` section of the ini
file); an entry point in the `pytest_mlebench.agents` group; a built-in.
"""

from __future__ import annotations

import configparser
import os
import shlex
import sys
import tomllib
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from pytest_mlebench.errors import AgentError

ENTRY_POINT_GROUP = "pytest_mlebench.agents"
AGENT_DIR_PLACEHOLDER = "{agent_dir}"
PYTHON_PLACEHOLDER = "{python}"
KNOWN_KEYS = {"command", "env", "forward_env", "time_limit", "image", "network", "cpus", "description",
              "cost_per_hour"}


@dataclass(frozen=True)
class AgentSpec:
    name: str
    command: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    forward_env: tuple[str, ...] = ()  # variables copied from the caller's environment (API keys)
    time_limit: float | None = None
    image: str | None = None  # for the Docker sandbox
    cpus: float | None = None  # for the Docker sandbox: CPUs of its container (--mle-cpus wins)
    network: bool = False
    agent_dir: Path | None = None  # the folder of its definition: readable by the agent
    source: str = "built-in"
    description: str = ""
    cost_per_hour: float | None = None  # USD per agent-hour, the agent's own estimate (for `doctor`)


BUILTINS = {
    "dummy": "copies the public sample submission (a validity check of the harness, like MLE-bench's dummy)",
    "baseline": "a CPU scikit-learn agent that detects the task from the public data and trains a model",
}


def builtin_agent(name: str) -> AgentSpec:
    return AgentSpec(
        name=name,
        command=(sys.executable, "-m", f"pytest_mlebench.agents.builtin.{name}"),
        # `python -m pytest_mlebench.agents.builtin.X` needs the whole package readable in the sandbox, its
        # __init__ included: an editable install is not on sys.path otherwise (a Slurm job has no pytest
        # that would have put the checkout there)
        agent_dir=Path(__file__).resolve().parents[1],
        source="built-in",
        description=BUILTINS[name],
    )


def spec_from_table(name: str, table: dict, agent_dir: Path | None, source: str) -> AgentSpec:
    """Build an AgentSpec from a TOML/ini table, validating every field."""
    where = f"agent {name!r} ({source})"
    unknown = set(table) - KNOWN_KEYS
    if unknown:
        raise AgentError(f"{where}: unknown key(s) {sorted(unknown)}; known keys: {sorted(KNOWN_KEYS)}")
    command = table.get("command")
    if isinstance(command, str):
        command = shlex.split(command)
    if command is None and table.get("image"):
        command = []  # an MLE-bench image: the Docker sandbox runs its /home/agent/start.sh
    elif not command or not isinstance(command, list) or not all(isinstance(c, str) for c in command):
        raise AgentError(f'{where}: `command` must be a non-empty list of strings, e.g. command = ["python", "{{agent_dir}}/agent.py"]')
    env = table.get("env", {})
    if not isinstance(env, dict) or not all(isinstance(v, (str, int, float)) for v in env.values()):
        raise AgentError(f"{where}: `env` must be a table of strings, e.g. env = {{ MODEL = \"gpt-4o\" }}")
    forward = table.get("forward_env", [])
    if isinstance(forward, str):
        forward = forward.split()
    time_limit = table.get("time_limit")
    try:
        time_limit = float(time_limit) if time_limit is not None else None
    except (TypeError, ValueError):
        raise AgentError(f"{where}: `time_limit` must be a number of seconds, not {time_limit!r}") from None
    substitutions = {AGENT_DIR_PLACEHOLDER: str(agent_dir or "."), PYTHON_PLACEHOLDER: sys.executable}

    def expand(text: str) -> str:
        for key, value in substitutions.items():
            text = text.replace(key, value)
        return text

    return AgentSpec(
        name=name,
        command=tuple(expand(c) for c in command),
        env={k: expand(str(v)) for k, v in env.items()},
        forward_env=tuple(forward),
        time_limit=time_limit,
        image=table.get("image"),
        cpus=_as_cpus(table.get("cpus"), where),
        network=_as_bool(table.get("network", False), where),
        agent_dir=agent_dir,
        source=source,
        description=str(table.get("description", "")),
        cost_per_hour=_as_cost(table.get("cost_per_hour"), where),
    )


def _as_cost(value, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise AgentError(f"{where}: `cost_per_hour` must be a non-negative number of US dollars, not {value!r}")
    return float(value)


def _as_cpus(value, where: str) -> float | None:
    if value is None:
        return None
    try:
        cpus = float(value)
    except (TypeError, ValueError):
        cpus = 0.0
    if cpus <= 0:
        raise AgentError(f"{where}: `cpus` must be a positive number of CPUs, not {value!r}")
    return cpus


def _as_bool(value, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "yes", "1", "on"):
        return True
    if str(value).lower() in ("false", "no", "0", "off"):
        return False
    raise AgentError(f"{where}: `network` must be true or false, not {value!r}")


def load_agent_file(path: Path) -> AgentSpec:
    """An agent TOML file: top-level keys `command`, optional `env`, `time_limit`, ..."""
    path = Path(path).resolve()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise AgentError(f"cannot read agent file {path}: {exc}") from exc
    return spec_from_table(table.pop("name", path.stem), table, path.parent, f"file {path}")


def project_agents(rootdir: Path, inipath: Path | None) -> dict[str, tuple[dict, Path, str]]:
    """Agents declared in the project: pyproject.toml's tool table and the ini file's sections."""
    found: dict[str, tuple[dict, Path, str]] = {}
    pyproject = rootdir / "pyproject.toml"
    if pyproject.exists():
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        for name, table in data.get("tool", {}).get("pytest_mlebench", {}).get("agents", {}).items():
            found[name] = (dict(table), rootdir, f"{pyproject} [tool.pytest_mlebench.agents.{name}]")
    if inipath and inipath.suffix in (".ini", ".cfg"):
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(inipath, encoding="utf-8")
        prefix = "pytest_mlebench.agents."
        for section in parser.sections():
            if section.startswith(prefix):
                items = dict(parser.items(section))
                table: dict = {k: v for k, v in items.items() if k not in ("env",)}
                if "env" in items:
                    table["env"] = dict(line.split("=", 1) for line in items["env"].splitlines() if "=" in line)
                name = section[len(prefix):]
                found[name] = (table, inipath.parent, f"{inipath} [{section}]")
    return found


def entry_point_agents() -> dict[str, object]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def resolve_agent(name: str, rootdir: Path, inipath: Path | None = None) -> AgentSpec:
    """Turn the value of `--agent` into an AgentSpec, or explain what is available."""
    candidate = Path(name)
    if name.endswith(".toml") or (candidate.is_file() and candidate.suffix == ".toml"):
        if not candidate.exists():
            raise AgentError(f"agent file {name} does not exist")
        return load_agent_file(candidate)
    declared = project_agents(rootdir, inipath)
    if name in declared:
        table, agent_dir, source = declared[name]
        return spec_from_table(name, table, agent_dir, source)
    plugins = entry_point_agents()
    if name in plugins:
        return _from_entry_point(name, plugins[name])
    if name in BUILTINS:
        return builtin_agent(name)
    known = sorted(set(BUILTINS) | set(declared) | set(plugins))
    raise AgentError(
        f"unknown agent {name!r}. Known agents: {', '.join(known)}. Or pass a path to an agent TOML file "
        f"(`command = [...]`), or declare one in pyproject.toml under [tool.pytest_mlebench.agents.{name}]."
    )


def _from_entry_point(name: str, entry_point) -> AgentSpec:
    target = entry_point.load()
    if callable(target) and not isinstance(target, AgentSpec):
        target = target()
    if isinstance(target, AgentSpec):
        return target
    if isinstance(target, dict):
        return spec_from_table(name, dict(target), None, f"entry point {entry_point.value}")
    raise AgentError(f"entry point {entry_point.value} for agent {name!r} must give an AgentSpec or a dict, not {type(target).__name__}")


def agent_environment(
    spec: AgentSpec, contract: dict[str, str], caller_env: dict[str, str] | None = None, host_path: bool = True
) -> dict[str, str]:
    """The agent's whole environment: minimal basics, the contract, its own env, forwarded names.

    Nothing else of the harness's environment gets through (tokens, cloud credentials...).
    With host_path=False (a container) PATH is left to the image.
    """
    caller_env = os.environ if caller_env is None else caller_env
    missing = [name for name in spec.forward_env if name not in caller_env]
    if missing:
        raise AgentError(
            f"agent {spec.name!r} forwards {', '.join(missing)} from your environment, but it is not set; "
            f"export it before running pytest"
        )
    python_bin = str(Path(sys.executable).parent)
    env = {
        "PATH": f"{python_bin}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "OMP_NUM_THREADS": caller_env.get("OMP_NUM_THREADS", str(_fair_share_of_cpus(caller_env))),
    }
    if not host_path:
        del env["PATH"]
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # needed for correct BLAS results on some CPUs
        if name in caller_env:
            env[name] = caller_env[name]
    env.update(contract)
    env.update(spec.env)
    env.update({name: caller_env[name] for name in spec.forward_env})
    return env


def _fair_share_of_cpus(caller_env) -> int:
    """CPUs per agent when pytest-xdist runs several at once, so their thread pools don't fight; in a
    Slurm job, the CPUs the job was given (the node may have many more)."""
    if str(caller_env.get("SLURM_CPUS_PER_TASK", "")).isdigit():
        return max(1, int(caller_env["SLURM_CPUS_PER_TASK"]))
    workers = int(caller_env.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    return max(1, (os.cpu_count() or 1) // max(workers, 1))
