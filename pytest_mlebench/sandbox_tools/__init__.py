"""Programs that run inside an agent's sandbox (standard library only; no project imports)."""
