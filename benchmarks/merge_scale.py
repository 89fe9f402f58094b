"""Merge time for many shards' results: `pytest-mlebench merge` on 1,000 synthetic runs.

Writes a run folder as 10 shards of a plan leave it (1,000 `result.json` files: 50 MLE-bench
competitions x 20 seeds, scores drawn between each competition's leaderboard quantiles and placed by
its thresholds; one record per shard) and times, as the median of a few repeats:

- the reference, measured in the same run: reading and parsing the same 1,000 JSON files
  (the least any merge must do);
- `merge_results` (read, deduplicate, align seeds, check the plan for missing runs);
- the merge plus writing the JSON report and the JUnit file;
- the HTML report (one matplotlib plot per competition), apart: it does not grow with the runs.

    python benchmarks/merge_scale.py [--runs 1000] [--shards 10] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.grading.medals import placement_fields
from pytest_mlebench.records import ShardRecord
from pytest_mlebench.reports import merge
from pytest_mlebench.runs.shards import PlanItem, item_cost, plan_shards


def write_results(root: Path, runs: int, shard_count: int) -> None:
    competitions = [c for c in load_competitions().values()
                    if "mlebench" in c.sets and c.leaderboard.thresholds and len(c.leaderboard.score_quantiles) > 2]
    seeds = 20
    chosen = competitions[: max(1, runs // seeds)]
    rng = random.Random(0)
    items = [PlanItem(c.id, s, item_cost(c.time_limit)) for c in chosen for s in range(seeds)][:runs]
    plan = plan_shards(items, shard_count)
    by_id = {c.id: c for c in chosen}
    for item in items:
        competition = by_id[item.competition_id]
        quantiles = competition.leaderboard.score_quantiles
        score = round(rng.uniform(min(quantiles), max(quantiles)), 5)
        stand_in = merge.missing_run(competition, item.seed, "synthetic", competition.time_limit, "")
        result = replace(stand_in, score=score, valid_submission=True, submission_exists=True, error=None,
                         isolation="bwrap", sandbox="local", agent_seconds=rng.uniform(600, 86000),
                         created_at=f"2026-12-07T{item.seed:02d}:00:00+00:00",
                         run_dir=str(root / item.name), **placement_fields(competition, score))
        (root / item.name).mkdir(parents=True)
        result.save(root / item.name / "result.json")
    machine = {"host": "node", "cpus": 8, "memory_bytes": 64 * 2**30, "gpus": ["A10"]}
    for shard in plan.shards:
        ShardRecord(shard=f"{shard.index}/{shard_count}", plan=plan.to_dict(),
                    outcomes={i.name: "graded" for i in shard.items}, agent="synthetic", host=f"node{shard.index}",
                    machine={**machine, "host": f"node{shard.index}"}, started_at="2026-12-07T00:00:00+00:00",
                    ended_at="2026-12-08T00:00:00+00:00", agent_seconds=0.0, usage={}).save(root)


def timed(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--shards", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    competitions = load_competitions()
    with tempfile.TemporaryDirectory() as tmp:
        root, out = Path(tmp) / "runs", Path(tmp) / "out"
        root.mkdir()
        write_results(root, args.runs, args.shards)
        files = sorted(root.glob("*/result.json"))
        reference = timed(lambda: [json.loads(f.read_text()) for f in files], args.repeats)
        merged = merge.merge_results([root], competitions)
        assert len(merged.results) == len(files) and not merged.missing, (len(merged.results), merged.missing[:3])
        merging = timed(lambda: merge.merge_results([root], competitions), args.repeats)
        full = timed(lambda: merge.write_reports(merge.merge_results([root], competitions), out / "r.json",
                                                 out / "r.xml", None), args.repeats)
        html = timed(lambda: merge.write_reports(merged, None, None, out / "r.html"), 1)
    print(f"{len(files)} results in {args.shards} shards, {len({r.competition_id for r in merged.results})} competitions")
    print(f"reference: read and parse the {len(files)} result.json files  {reference:.3f} s")
    print(f"merge_results                                      {merging:.3f} s  ({merging / reference:.1f}x the reference)")
    print(f"merge + JSON report + JUnit file                   {full:.3f} s  ({full / reference:.1f}x the reference)")
    print(f"HTML report (one plot per competition)             {html:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
