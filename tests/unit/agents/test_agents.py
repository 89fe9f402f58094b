"""Resolving --agent, and the environment an agent gets."""

import sys
import textwrap

import pytest

from pytest_mlebench.agents.resolve import AgentSpec, agent_environment, resolve_agent
from pytest_mlebench.errors import AgentError


def test_builtins_run_with_the_harness_python(tmp_path):
    spec = resolve_agent("baseline", tmp_path)
    assert spec.command == (sys.executable, "-m", "pytest_mlebench.agents.builtin.baseline")
    assert spec.source == "built-in"


def test_agent_file_with_placeholders(tmp_path):
    path = tmp_path / "my_agent.toml"
    path.write_text(textwrap.dedent('''
        command = ["{python}", "{agent_dir}/agent.py", "--fast"]
        env = { MODEL = "small", RETRIES = 3 }
        forward_env = ["MY_API_KEY"]
        time_limit = 120
        network = true
    '''))
    spec = resolve_agent(str(path), tmp_path / "elsewhere")
    assert spec.name == "my_agent"
    assert spec.command == (sys.executable, f"{tmp_path}/agent.py", "--fast")
    assert spec.env == {"MODEL": "small", "RETRIES": "3"}
    assert spec.forward_env == ("MY_API_KEY",) and spec.time_limit == 120 and spec.network
    assert spec.agent_dir == tmp_path


def test_pyproject_declared_agent_wins_over_builtin_name(tmp_path):
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent('''
        [tool.pytest_mlebench.agents.dummy]
        command = ["echo", "mine"]
    '''))
    spec = resolve_agent("dummy", tmp_path)
    assert spec.command == ("echo", "mine") and "pyproject.toml" in spec.source


def test_ini_declared_agent(tmp_path):
    ini = tmp_path / "tox.ini"
    ini.write_text(textwrap.dedent('''
        [pytest]
        [pytest_mlebench.agents.shell]
        command = sh -c "echo hi"
        env =
            A=1
            B=two
        time_limit = 30
    '''))
    spec = resolve_agent("shell", tmp_path, ini)
    assert spec.command == ("sh", "-c", "echo hi")
    assert spec.env == {"A": "1", "B": "two"} and spec.time_limit == 30
    assert spec.cost_per_hour is None


@pytest.mark.parametrize(
    "body, message",
    [
        ('command = "  "', "non-empty list"),
        ('command = ["x"]\ntime_limit = "soon"', "time_limit"),
        ('command = ["x"]\nimage_name = "y"', "unknown key"),
        ('command = ["x"]\nnetwork = "maybe"', "network"),
        ('command = ["x"]\nenv = ["A"]', "env"),
        ('command = ["x"]\ncost_per_hour = "cheap"', "cost_per_hour"),
        ('command = ["x"]\ncost_per_hour = -1', "cost_per_hour"),
        ("command = [", "cannot read agent file"),
    ],
)
def test_malformed_agent_files_say_what_to_fix(tmp_path, body, message):
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(AgentError, match=message):
        resolve_agent(str(path), tmp_path)


def test_unknown_agent_lists_the_known_ones(tmp_path):
    with pytest.raises(AgentError, match="unknown agent 'nope'.*baseline, dummy"):
        resolve_agent("nope", tmp_path)
    with pytest.raises(AgentError, match="does not exist"):
        resolve_agent("missing.toml", tmp_path)


def test_environment_is_built_from_scratch():
    spec = AgentSpec(name="a", command=("x",), env={"MODEL": "m"}, forward_env=("API_KEY",))
    caller = {"API_KEY": "k", "AWS_SECRET_ACCESS_KEY": "s", "KAGGLE_KEY": "kk", "PATH": "/evil"}
    env = agent_environment(spec, {"MLEBENCH_DATA_DIR": "/d"}, caller)
    assert env["API_KEY"] == "k" and env["MODEL"] == "m" and env["MLEBENCH_DATA_DIR"] == "/d"
    assert "AWS_SECRET_ACCESS_KEY" not in env and "KAGGLE_KEY" not in env
    assert env["PATH"].startswith(str(__import__("pathlib").Path(sys.executable).parent))


def test_missing_forwarded_variable_is_a_clear_error():
    spec = AgentSpec(name="a", command=("x",), forward_env=("API_KEY",))
    with pytest.raises(AgentError, match="API_KEY.*export it"):
        agent_environment(spec, {}, {})


def test_parallel_agents_share_the_cpus():
    spec = AgentSpec(name="a", command=("x",))
    import os

    alone = agent_environment(spec, {}, {})
    many = agent_environment(spec, {}, {"PYTEST_XDIST_WORKER_COUNT": str(os.cpu_count() * 4)})
    assert alone["OMP_NUM_THREADS"] == str(os.cpu_count()) and many["OMP_NUM_THREADS"] == "1"
    assert agent_environment(spec, {}, {"OMP_NUM_THREADS": "3"})["OMP_NUM_THREADS"] == "3"
