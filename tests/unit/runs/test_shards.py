"""The shard planner: a partition of the runs that every machine computes alike, balanced by cost."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys

import pytest

from pytest_mlebench.runs.shards import (
    DATA_BYTES_PER_SECOND,
    ItemCost,
    PlanItem,
    ShardError,
    ShardPlan,
    ShardSpec,
    item_cost,
    parse_shard,
    plan_shards,
)


def items(spec: list[tuple[str, int, int, bool]]) -> list[PlanItem]:
    return [PlanItem(cid, seed, ItemCost(seconds, gpu)) for cid, seed, seconds, gpu in spec]


@pytest.mark.parametrize("text, expected", [("0/1", ShardSpec(0, 1)), ("3/4", ShardSpec(3, 4)), (" 1 / 2 ", ShardSpec(1, 2))])
def test_parse_shard_accepts_index_over_count(text, expected):
    assert parse_shard(text) == expected and parse_shard(expected.text()) == expected


@pytest.mark.parametrize("text, says", [
    ("3/2", "shard 3 does not exist among 2 (shards are 0 to 1)"),
    ("2/2", "shard 2 does not exist among 2"),
    ("x/4", "takes I/N"), ("0/0", "number of shards must be 1 or more"), ("-1/3", "takes I/N"),
    ("1", "takes I/N"), ("1/2/3", "takes I/N"), ("", "takes I/N"),
])
def test_bad_shard_expressions_say_the_right_form(text, says):
    with pytest.raises(ShardError) as info:
        parse_shard(text)
    assert says in str(info.value) and "e.g. --mle-shard=0/4" in str(info.value)


def test_every_run_is_in_exactly_one_shard():
    runs = items([(f"c{i}", s, 100 + 7 * i, i % 3 == 0) for i in range(13) for s in range(3)])
    plan = plan_shards(runs, 4)
    placed = [i.key for shard in plan.shards for i in shard.items]
    assert sorted(placed) == sorted(r.key for r in runs) and len(placed) == len(set(placed))
    assert plan.count == 4 and [s.index for s in plan.shards] == [0, 1, 2, 3]


def test_the_plan_does_not_depend_on_the_order_items_come_in():
    runs = items([(f"c{i}", s, random.Random(i).randint(60, 86400), i % 2 == 0) for i in range(20) for s in range(2)])
    reference = plan_shards(runs, 5)
    for trial in range(10):
        shuffled = runs[:]
        random.Random(trial).shuffle(shuffled)
        assert plan_shards(shuffled, 5) == reference


def test_the_plan_is_the_same_under_another_hash_seed():
    """Another interpreter with another PYTHONHASHSEED (another machine) computes the same plan."""
    code = ("import json; from pytest_mlebench.runs.shards import *; "
            "runs=[PlanItem(f'comp{i}', s, ItemCost(60*(i%5+1), i%3==0)) for i in range(30) for s in range(3)]; "
            "print(json.dumps(plan_shards(set(runs), 4).to_dict()))")
    plans = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "12345")}
    assert len(plans) == 1
    assert ShardPlan.from_dict(json.loads(plans.pop())).to_dict() == json.loads(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


@pytest.mark.parametrize("count", [2, 3, 7])
def test_shards_are_balanced_within_one_run(count):
    """Longest first, each to the least loaded shard: no shard exceeds another by more than the longest run."""
    rng = random.Random(count)
    runs = items([(f"c{i}", 0, rng.randint(300, 86400), False) for i in range(40)])
    plan = plan_shards(runs, count)
    loads = [s.seconds for s in plan.shards]
    assert max(loads) - min(loads) <= max(r.cost.seconds for r in runs)
    assert sum(loads) == sum(r.cost.seconds for r in runs)


def test_gpu_runs_are_spread_over_the_shards_first():
    runs = items([("gpu-a", 0, 100, True), ("gpu-b", 0, 100, True), ("cpu-a", 0, 100, False), ("cpu-b", 0, 100, False)])
    plan = plan_shards(runs, 2)
    assert [s.gpu_seconds for s in plan.shards] == [100, 100]
    assert [s.seconds for s in plan.shards] == [200, 200]


def test_long_runs_do_not_pile_up():
    """One 24 h run and six 4 h ones on two shards: the long one alone, the short ones together."""
    runs = items([("long", 0, 86400, False)] + [(f"short{i}", 0, 14400, False) for i in range(6)])
    plan = plan_shards(runs, 2)
    assert sorted(len(s.items) for s in plan.shards) == [1, 6]
    assert [s.seconds for s in plan.shards] == [86400, 86400]


def test_seeds_of_one_competition_go_to_different_shards():
    plan = plan_shards(items([("c", s, 3600, False) for s in range(3)]), 3)
    assert [[i.seed for i in s.items] for s in plan.shards] == [[0], [1], [2]]


def test_more_shards_than_runs_leaves_empty_shards():
    plan = plan_shards(items([("c", 0, 60, False)]), 3)
    assert [len(s.items) for s in plan.shards] == [1, 0, 0]


def test_a_run_given_twice_is_one_run():
    plan = plan_shards(items([("c", 0, 60, False), ("c", 0, 60, False)]), 2)
    assert len(plan.items()) == 1


def test_the_cost_is_the_time_limit_plus_the_data():
    assert item_cost(86400.0) == ItemCost(86400, False, None)
    assert item_cost(899.5, data_bytes=10 * DATA_BYTES_PER_SECOND, gpu=True) == ItemCost(910, True, 10 * DATA_BYTES_PER_SECOND)


def test_the_plan_survives_its_json_form_and_prints_each_shard():
    plan = plan_shards(items([("a", 0, 86400, True), ("b", 0, 900, False), ("b", 1, 900, False)]), 2)
    assert ShardPlan.from_dict(json.loads(json.dumps(plan.to_dict()))) == plan
    lines = plan.lines(current=1)
    assert lines[0] == "3 runs in 2 shard(s), expected 24.5 h in all (time limits plus data handling)"
    assert lines[1] == "shard 0/2: 1 run(s), expected 24.0 h, GPU 24.0 h"
    assert "    a-seed0  (24.0 h, GPU)" in lines
    assert "shard 1/2: 2 run(s), expected 30 min  <- this shard" in lines
    assert "    b-seed1  (15 min)" in lines


def test_zero_shards_is_refused():
    with pytest.raises(ShardError):
        plan_shards([], 0)


def with_resources(tmp_path, table: str):
    import shutil

    from tests.support.paths import FIXTURES_ROOT

    folder = tmp_path / "tiny-labels"
    shutil.copytree(FIXTURES_ROOT / "competitions" / "tiny-labels", folder)
    toml = folder / "competition.toml"
    toml.write_text(toml.read_text() + f"\n[resources]\n{table}\n")
    return folder


def test_a_definition_declares_what_its_runs_need(tmp_path):
    from pytest_mlebench.competitions import Resources, load_competition

    competition = load_competition(with_resources(tmp_path, "gpu = true\ndata_bytes = 1_000_000_000"))
    assert competition.resources == Resources(gpu=True, data_bytes=1_000_000_000)
    cost = item_cost(competition.time_limit, competition.resources.data_bytes, competition.resources.gpu)
    assert cost == ItemCost(competition.time_limit + 20, True, 1_000_000_000)  # 1 GB at 50 MiB/s: 19.07 s, up


@pytest.mark.parametrize("table, says", [('gpu = "yes"', "gpu must be true or false"),
                                         ("data_bytes = -1", "data_bytes must be a whole number of bytes"),
                                         ("cpus = 4", "unknown [resources] keys ['cpus']")])
def test_bad_resources_are_definition_errors(tmp_path, table, says):
    from pytest_mlebench.competitions import load_competition
    from pytest_mlebench.errors import DefinitionError

    with pytest.raises(DefinitionError, match=re.escape(says)):
        load_competition(with_resources(tmp_path, table))
