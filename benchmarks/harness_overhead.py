"""Harness overhead per run: item start -> agent start, and agent exit -> graded.

Runs the dummy agent on every starter competition (data prepared beforehand,
so preparation is not counted) several times, and reports the median of each
overhead next to a reference measured in the same run: starting a bare
Python interpreter (`python -c pass`), the cost any harness pays to start an
agent. Target: both overheads under 1 second here.

    python benchmarks/harness_overhead.py [--repeats 3] [--cache-dir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pytest_mlebench.data import prepared as data
from pytest_mlebench.agents.resolve import builtin_agent
from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.plugin.options import default_cache_dir
from pytest_mlebench.runs.run import run_competition


def python_startup_seconds(repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    cache_dir = args.cache_dir or default_cache_dir()
    agent = builtin_agent("dummy")
    reference = python_startup_seconds()
    print(f"reference: python -c pass = {reference:.3f} s\n")
    print(f"{'competition':28} {'setup s':>8} {'grading s':>9} {'agent s':>8} {'setup/ref':>9} {'grading/ref':>11}")
    worst = 0.0
    for competition in (c for c in load_competitions().values() if "starter" in c.sets):
        prepared = data.prepare(competition, cache_dir)
        setups, gradings, agents = [], [], []
        for _ in range(args.repeats):
            with tempfile.TemporaryDirectory() as run_root:
                result = run_competition(competition, agent, prepared, run_root=Path(run_root))
            assert result.valid_submission, result.error
            setups.append(result.setup_seconds)
            gradings.append(result.grading_seconds)
            agents.append(result.agent_seconds)
        setup, grading = statistics.median(setups), statistics.median(gradings)
        worst = max(worst, setup, grading)
        print(f"{competition.id:28} {setup:8.3f} {grading:9.3f} {statistics.median(agents):8.3f} "
              f"{setup / reference:9.1f} {grading / reference:11.1f}")
    print(f"\nworst overhead: {worst:.3f} s (target < 1 s): {'OK' if worst < 1 else 'OVER TARGET'}")
    return 0 if worst < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
