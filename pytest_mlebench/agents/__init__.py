"""Agents: `resolve` turns `--agent NAME` into an AgentSpec (built-ins, project TOML, entry points,
files); `contract` names the environment every agent gets; `builtin/` holds the dummy and
baseline agents, which run inside the sandbox."""
