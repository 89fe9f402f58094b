"""The sandbox registry: kinds by name, and every option honoured or refused (never dropped)."""

import sys
from pathlib import Path

import pytest

from pytest_mlebench.errors import SandboxError
from pytest_mlebench.sandbox import LocalSandbox, RunLayout, SandboxConfig, SandboxOptions, Service, registered, sandbox_kind
from pytest_mlebench.sandbox.docker.options import DockerOptions
from pytest_mlebench.sandbox.docker.sandbox import DockerSandbox
from tests.unit.plugin.test_plugin import project, run  # noqa: F401  (the fixture and the helper)


def test_the_builtin_kinds_are_registered_by_name():
    kinds = registered()
    assert {"local", "none", "docker"} <= set(kinds)
    assert kinds["local"].isolated and kinds["docker"].isolated and not kinds["none"].isolated
    with pytest.raises(SandboxError, match="unknown sandbox 'nope': local, none, docker"):
        sandbox_kind("nope")


@pytest.mark.parametrize("kind, options, refused", [
    ("local", SandboxOptions(kind="local", bwrap="/usr/bin/bwrap"), None),
    ("local", SandboxOptions(kind="local", cpus=2.0), "--mle-cpus"),
    ("local", SandboxOptions(kind="local", gpus=1), "--mle-gpus"),
    ("none", SandboxOptions(kind="none", bwrap="/usr/bin/bwrap"), "--mle-bwrap"),
    ("docker", SandboxOptions(kind="docker", cpus=2.0, gpus=1, shm_size=1 << 20), None),
    ("docker", SandboxOptions(kind="docker", bwrap="/usr/bin/bwrap"), "--mle-bwrap"),
    ("docker", SandboxOptions(kind="docker", shm_size=None), None),
])
def test_each_kind_honours_its_options_and_refuses_the_others(kind, options, refused):
    if refused is None:
        sandbox_kind(kind).check_options(options)
    else:
        with pytest.raises(SandboxError, match=f"{refused} is not an option of --mle-sandbox {kind}"):
            sandbox_kind(kind).check_options(options)


def test_docker_refuses_a_bwrap_and_masks_hidden_folders_in_readonly_paths(tmp_path: Path):
    layout = RunLayout.create(tmp_path / "run")
    with pytest.raises(SandboxError, match="applies to the local sandbox only"):
        DockerSandbox(layout, tmp_path, SandboxConfig(bwrap="/usr/bin/bwrap"), DockerOptions(image="x"))
    agent_dir, secret_dir = tmp_path / "agent", tmp_path / "agent" / "cache"
    secret_dir.mkdir(parents=True)
    (agent_dir / "key.txt").write_text("k")
    box = DockerSandbox(layout, tmp_path, SandboxConfig(hidden_paths=(secret_dir,)), DockerOptions(image="x"))
    assert box._masks_inside(agent_dir) == {str(secret_dir): "size=4k,mode=000"}
    assert box._masks_inside(tmp_path / "elsewhere") == {}
    file_box = DockerSandbox(layout, tmp_path, SandboxConfig(hidden_paths=(agent_dir / "key.txt",)), DockerOptions(image="x"))
    with pytest.raises(SandboxError, match="can mask only folders"):
        file_box._masks_inside(agent_dir)
    with pytest.raises(SandboxError, match="lies inside"):
        box._masks_inside(secret_dir / "sub")


def test_services_run_with_the_harness_python_locally_and_the_image_python3_in_docker(tmp_path: Path):
    layout = RunLayout.create(tmp_path / "run")
    service = Service(tmp_path / "tools" / "server.py", ("/some dir",))
    local = LocalSandbox(layout, tmp_path, SandboxConfig(services=(service,)))
    assert local._spec(["true"], {}, 1.0)["services"] == [[sys.executable, "-I", "-S", str(service.script), "/some dir"]]
    docker = DockerSandbox(layout, tmp_path, SandboxConfig(services=(service,)), DockerOptions(image="x"))
    [command] = docker._service_commands()
    assert command[:2] == ("sh", "-c") and "exec python3 -I -S /opt/pytest-mlebench-tools/0/server.py '/some dir'" in command[2]
    assert ("/opt/pytest-mlebench-tools/0", str(tmp_path / "tools")) in docker._tool_mounts()


def test_an_option_of_another_sandbox_stops_the_session(project):  # noqa: F811
    result = run(project, "--agent=dummy", "--mle-cpus=2")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--mle-sandbox local: --mle-cpus is not an option of --mle-sandbox local*"])
