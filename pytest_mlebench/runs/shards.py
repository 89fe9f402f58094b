"""Sharding: split the selected (competition, seed) runs into N shards any scheduler can run.

Every machine of a job array computes the same plan on its own, from the same selection and
the same competition definitions, and runs only its shard: there is no coordinator. So the
plan must depend on nothing else — not on the order items were collected in, not on dicts,
not on hash randomization, not on the machine. Costs are whole seconds (integers), so the
sums the balancing compares are exact everywhere.

Balancing is longest-processing-time-first: runs that need a GPU are spread first (each to
the shard with the least GPU time so far), then the others (each to the shard with the least
time so far); ties go to the shard with fewer runs, then the lower index. Each shard's total
then differs from any other's by at most the cost of one run.

Pure: no pytest, no I/O. `plugin/hooks.py` wires it to pytest's collection.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

SHARD_FORM = "I/N: shard I of N, counted from 0 (0 <= I < N), e.g. --mle-shard=0/4 for the first of four"
DATA_BYTES_PER_SECOND = 50 * 2**20
"""How fast a run's data is handled (md5 checks, links or copies into the run) in the cost
estimate: a declared data size adds size / this rate to the run's expected seconds."""


class ShardError(ValueError):
    """A shard expression that is not I/N, or a plan asked of a shard it does not have."""


@dataclass(frozen=True)
class ShardSpec:
    """Which shard this session runs: `index` of `count`, counted from 0."""

    index: int
    count: int

    def text(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> ShardSpec:
    """`"2/4"` -> ShardSpec(2, 4); anything else (`3/2`, `x/4`, `0/0`, `-1/3`) is a ShardError saying the form."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(text))
    if not match:
        raise ShardError(f"--mle-shard takes {SHARD_FORM}; got {text!r}")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1:
        raise ShardError(f"--mle-shard: the number of shards must be 1 or more; got {text!r}. It takes {SHARD_FORM}")
    if index >= count:
        raise ShardError(f"--mle-shard: shard {index} does not exist among {count} (shards are 0 to {count - 1}); "
                         f"got {text!r}. It takes {SHARD_FORM}")
    return ShardSpec(index, count)


@dataclass(frozen=True)
class ItemCost:
    """What a run is expected to cost: wall seconds (its time limit plus its data handling) and whether it
    needs a GPU. From the competition's definition and the session's time limit only."""

    seconds: int
    gpu: bool = False
    data_bytes: int | None = None  # the competition's declared data size; None: not declared

    def text(self) -> str:
        parts = [duration(self.seconds)]
        if self.data_bytes is not None:
            parts.append(f"{self.data_bytes / 2**30:.1f} GiB")
        if self.gpu:
            parts.append("GPU")
        return ", ".join(parts)


def duration(seconds: int) -> str:
    """`90 min`, `24.0 h`: a plan's costs as people read them."""
    return f"{seconds / 60:.0f} min" if seconds < 5400 else f"{seconds / 3600:.1f} h"


def item_cost(time_limit: float, data_bytes: int | None = None, gpu: bool = False) -> ItemCost:
    """The expected cost of one run: its hard time limit (an agent may use all of it) plus the time its data
    takes to check and place, at DATA_BYTES_PER_SECOND."""
    seconds = math.ceil(time_limit) + (math.ceil(data_bytes / DATA_BYTES_PER_SECOND) if data_bytes else 0)
    return ItemCost(seconds=seconds, gpu=gpu, data_bytes=data_bytes)


@dataclass(frozen=True)
class PlanItem:
    """One run of the plan."""

    competition_id: str
    seed: int
    cost: ItemCost

    @property
    def key(self) -> tuple[str, int]:
        return (self.competition_id, self.seed)

    @property
    def name(self) -> str:
        """The run's name, as its folder is called (`runs/plan.py: run_name`)."""
        return f"{self.competition_id}-seed{self.seed}"


@dataclass(frozen=True)
class Shard:
    index: int
    items: tuple[PlanItem, ...]  # sorted by (competition, seed)

    @property
    def seconds(self) -> int:
        return sum(i.cost.seconds for i in self.items)

    @property
    def gpu_seconds(self) -> int:
        return sum(i.cost.seconds for i in self.items if i.cost.gpu)


@dataclass(frozen=True)
class ShardPlan:
    """Every shard of the plan, with its runs."""

    shards: tuple[Shard, ...]

    @property
    def count(self) -> int:
        return len(self.shards)

    def shard_of(self) -> dict[tuple[str, int], int]:
        """(competition, seed) -> the index of the shard that runs it."""
        return {item.key: shard.index for shard in self.shards for item in shard.items}

    def items(self) -> list[PlanItem]:
        return sorted((item for shard in self.shards for item in shard.items), key=lambda i: i.key)

    def lines(self, current: int | None = None) -> list[str]:
        """The plan as `--mle-shard-list` prints it: per shard its expected cost and its runs."""
        total = sum(s.seconds for s in self.shards)
        lines = [f"{len(self.items())} runs in {self.count} shard(s), expected {duration(total)} in all "
                 "(time limits plus data handling)"]
        for shard in self.shards:
            mark = "  <- this shard" if shard.index == current else ""
            gpu = f", GPU {duration(shard.gpu_seconds)}" if shard.gpu_seconds else ""
            lines.append(f"shard {shard.index}/{self.count}: {len(shard.items)} run(s), expected "
                         f"{duration(shard.seconds)}{gpu}{mark}")
            lines += [f"    {item.name}  ({item.cost.text()})" for item in shard.items]
        return lines

    def to_dict(self) -> dict:
        return {"count": self.count, "shards": [
            {"index": s.index, "expected_seconds": s.seconds,
             "runs": [{"competition_id": i.competition_id, "seed": i.seed, "expected_seconds": i.cost.seconds,
                       "gpu": i.cost.gpu, "data_bytes": i.cost.data_bytes} for i in s.items]}
            for s in self.shards]}

    @classmethod
    def from_dict(cls, record: dict) -> "ShardPlan":
        return cls(shards=tuple(
            Shard(index=int(s["index"]), items=tuple(
                PlanItem(str(r["competition_id"]), int(r["seed"]),
                         ItemCost(int(r["expected_seconds"]), bool(r.get("gpu")), r.get("data_bytes")))
                for r in s["runs"]))
            for s in record["shards"]))


def plan_shards(items: Iterable[PlanItem], count: int) -> ShardPlan:
    """Partition `items` into `count` shards balanced by expected cost; the same items give the same plan,
    whatever their order. A (competition, seed) given twice is one run."""
    if count < 1:
        raise ShardError(f"a plan needs 1 or more shards, not {count}")
    unique = {item.key: item for item in sorted(items, key=lambda i: (i.key, i.cost.seconds, i.cost.gpu))}
    longest_first = sorted(unique.values(), key=lambda i: (not i.cost.gpu, -i.cost.seconds, i.key))
    loads = [[0, 0, 0] for _ in range(count)]  # per shard: GPU seconds, seconds, runs
    assigned: list[list[PlanItem]] = [[] for _ in range(count)]
    for item in longest_first:
        if item.cost.gpu:
            target = min(range(count), key=lambda s: (loads[s][0], loads[s][1], loads[s][2], s))
            loads[target][0] += item.cost.seconds
        else:
            target = min(range(count), key=lambda s: (loads[s][1], loads[s][2], s))
        loads[target][1] += item.cost.seconds
        loads[target][2] += 1
        assigned[target].append(item)
    return ShardPlan(shards=tuple(Shard(index=s, items=tuple(sorted(assigned[s], key=lambda i: i.key)))
                                  for s in range(count)))
