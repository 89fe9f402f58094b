"""Cost and usage an agent reports about itself: `usage.json` in its work dir.

The file is the agent's own claim, so it is read defensively: known keys
must be non-negative numbers (or a model name), anything else is ignored
with a note, and a broken file never breaks a run.

    {"model": "gpt-4o", "input_tokens": 120000, "output_tokens": 8000, "cost_usd": 0.42}
"""

from __future__ import annotations

import json
from pathlib import Path

NUMBERS = ("input_tokens", "output_tokens", "cost_usd")
MAX_BYTES = 1 << 20


def read_usage(work_dir: Path) -> tuple[dict | None, str | None]:
    """(usage, problem): the validated usage record, or None and why it was not used."""
    path = Path(work_dir) / "usage.json"
    if not path.exists() and not path.is_symlink():
        return None, None
    if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_BYTES:
        return None, "usage.json must be a regular JSON file under 1 MiB"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        return None, f"usage.json is not valid JSON: {exc}"
    if not isinstance(raw, dict):
        return None, "usage.json must hold a JSON object"
    usage: dict = {}
    for key in NUMBERS:
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            return None, f"usage.json: {key} must be a non-negative number, not {value!r}"
        usage[key] = value
    if isinstance(raw.get("model"), str):
        usage["model"] = raw["model"][:200]
    return (usage or None), None


def total_usage(records: list[dict | None]) -> dict:
    """Sum of the numbers over runs, and the models seen."""
    total: dict = {key: 0 for key in NUMBERS}
    models = set()
    for usage in filter(None, records):
        for key in NUMBERS:
            total[key] += usage.get(key, 0)
        if "model" in usage:
            models.add(usage["model"])
    total["models"] = sorted(models)
    total["runs_reporting"] = sum(1 for u in records if u)
    return total
