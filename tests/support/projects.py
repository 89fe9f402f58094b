"""Helpers for tests that run the plugin in a user's project (pytester)."""

import json
import textwrap


def write_agent(pytester, name: str, script: str, **extra) -> str:
    """An agent TOML file running a Python script of the test's own."""
    (pytester.path / f"{name}.py").write_text(textwrap.dedent(script))
    lines = [f'command = ["{{python}}", "{{agent_dir}}/{name}.py"]']
    for key, value in extra.items():
        if isinstance(value, dict):
            value = "{ " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in value.items()) + " }"
        else:
            value = json.dumps(value)
        lines.append(f"{key} = {value}")
    path = pytester.path / f"{name}.toml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)
