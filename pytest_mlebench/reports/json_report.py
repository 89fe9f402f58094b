"""The JSON report: every run's record, the figures per set, and the machine it ran on."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_mlebench import __version__
from pytest_mlebench.records import RunResult, write_atomically
from pytest_mlebench.reports.figures import figures_json
from pytest_mlebench.reports.terminal import isolation_counts, totals
from pytest_mlebench.runs.usage import total_usage


def grading_report(results: list[RunResult], agent: str | None) -> dict:
    """MLE-bench's grading-report format (totals + competition_reports), plus our run details."""
    t = totals(results)
    return {
        "total_runs": t.runs,
        "total_runs_with_submissions": t.with_submission,
        "total_valid_submissions": t.valid,
        "total_medals": t.medals,
        "total_gold_medals": t.gold,
        "total_silver_medals": t.silver,
        "total_bronze_medals": t.bronze,
        "total_above_median": t.above_median,
        "agent": agent,
        "harness": {"name": "pytest-mlebench", "version": __version__},
        "machine": machine_facts(),
        "figures": figures_json(results),
        "usage": total_usage([r.usage for r in results]),
        "isolation": isolation_counts(results),
        "competition_reports": [r.to_dict() for r in sorted(results, key=lambda r: (r.competition_id, r.seed))],
    }


def machine_facts() -> dict:
    """What ran the harness: a leaderboard entry states its hardware (MLE-bench asks for it)."""
    import os
    import platform
    import shutil
    import subprocess

    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        memory = None
    gpus: list[str] = []
    if shutil.which("nvidia-smi"):
        try:
            listing = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
                                     capture_output=True, text=True, timeout=20)
            gpus = [line.strip() for line in listing.stdout.splitlines() if line.strip()]
        except (OSError, subprocess.TimeoutExpired):
            pass
    return {"host": platform.node(), "cpus": os.cpu_count(), "memory_bytes": memory, "gpus": gpus,
            "platform": platform.platform(), "python": platform.python_version()}


def write_json_report(path: Path, results: list[RunResult], agent: str | None, extra: dict | None = None) -> None:
    """The report, written atomically (it may land on a folder other machines read); `extra` adds
    top-level keys (a shard's record, a merge's shards and missing runs)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps({**grading_report(results, agent), **(extra or {})}, indent=2))
