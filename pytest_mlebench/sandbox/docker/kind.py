"""`--mle-sandbox docker` in the registry: the session's checks and one DockerSandbox per run.
Importing this module does not import the docker package: that happens when a session uses it."""

from __future__ import annotations

from pytest_mlebench.errors import SandboxError
from pytest_mlebench.sandbox.base import Sandbox, SandboxKind, SandboxOptions


class DockerKind(SandboxKind):
    name = "docker"
    option_names = ("cpus", "gpus", "shm_size")

    def check_agent(self, agent) -> None:
        if not agent.image:
            raise SandboxError(f'agent {agent.name!r} names no image; add image = "..." to its definition')

    def unavailable(self) -> str | None:
        from pytest_mlebench.sandbox.docker.options import engine_problem

        return engine_problem()

    def start_session(self, controller: bool) -> None:
        if controller:  # xdist workers share the controller's engine: it cleans up once
            from pytest_mlebench.sandbox.docker.cleanup import remove_leftovers

            remove_leftovers()

    def describe(self, options: SandboxOptions, agent) -> str:
        return f"docker (image {agent.image}, network {'on' if agent.network else 'off'})"

    def view(self, layout, competition_id: str):
        from pytest_mlebench.sandbox.docker.options import docker_view

        return docker_view(competition_id)

    def create(self, layout, public_dir, config, options, agent) -> Sandbox:
        from pytest_mlebench.sandbox.docker.options import docker_options
        from pytest_mlebench.sandbox.docker.sandbox import DockerSandbox

        return DockerSandbox(layout, public_dir, config, docker_options(options, agent, config.disk_limit))

