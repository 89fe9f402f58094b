"""Run both sides on every case and line their outcomes up: the figures of issue 13.

`measure(folder)` writes all cases under `folder`, grades them once with MLE-bench (one
oracle process for all) and with ours under each requested pandas ("here": in-process,
the test's own libraries; "oracle-env": our graders inside the oracle environment, pandas
2.2), and returns one Comparison per case and runtime.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import oracle, ours
from .cases import Case, write_cases
from .outcomes import Outcome, agree, from_driver
from .specs import SPECS

HERE = "here"
ORACLE_ENV = "oracle-env"
KNOWN = Path(__file__).with_name("known_disagreements.json")


@dataclass(frozen=True)
class Comparison:
    case: Case
    pandas: str  # the major version of pandas our side ran under: "2" or "3"
    theirs: Outcome
    ours: Outcome

    @property
    def agrees(self) -> bool:
        return agree(self.theirs, self.ours)

    @property
    def key(self) -> str:
        return f"pandas{self.pandas}:{self.case.key}"


def write_all(folder: Path, competitions: list[str] | None = None) -> list[Case]:
    cases: list[Case] = []
    for competition in competitions or sorted(SPECS):
        cases += write_cases(SPECS[competition], folder / competition)
    return cases


def _batch(cases: list[Case]) -> list[dict]:
    return [{"key": c.key, "competition": c.competition, "answers": str(c.answers), "submission": str(c.submission)}
            for c in cases]


def grade_mlebench(cases: list[Case]) -> dict[str, Outcome]:
    result = oracle.run_oracle(_batch(cases))
    names = {c.competition: c.answers.name for c in cases}
    wrong = {k: (v, names[k]) for k, v in result["answers_names"].items() if names.get(k) != v}
    if wrong:
        raise AssertionError(f"answers file names differ from MLE-bench's config (theirs, ours): {wrong}")
    return {r["key"]: from_driver(r) for r in result["results"]}


def grade_ours(cases: list[Case], runtime: str) -> tuple[str, dict[str, Outcome]]:
    """(pandas major version, outcomes) of our graders in `runtime`."""
    if runtime == HERE:
        import pandas

        raw, version = ours.grade_batch(_batch(cases)), pandas.__version__
    else:
        result = oracle.run_ours_there(_batch(cases))
        raw, version = result["outcomes"], result["pandas"]
    return version.split(".")[0], {k: Outcome.from_json(v) for k, v in raw.items()}


def measure(folder: Path, runtimes=(HERE, ORACLE_ENV), competitions: list[str] | None = None) -> list[Comparison]:
    cases = write_all(folder, competitions)
    theirs = grade_mlebench(cases)
    comparisons = []
    for runtime in runtimes:
        major, mine = grade_ours(cases, runtime)
        comparisons += [Comparison(c, major, theirs[c.key], mine[c.key]) for c in cases]
    return comparisons


def table(comparisons: list[Comparison]) -> list[tuple[str, str, int, int]]:
    """(competition, pandas, cases, agreeing) rows, by competition then pandas."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for c in comparisons:
        row = counts[(c.case.competition, c.pandas)]
        row[0] += 1
        row[1] += c.agrees
    return [(comp, pandas, n, ok) for (comp, pandas), (n, ok) in sorted(counts.items())]


def load_known(path: Path = KNOWN) -> dict[str, dict]:
    """The known disagreements: {"pandas3:competition:kind": {"class", "mlebench", "ours"}}."""
    return json.loads(path.read_text(encoding="utf-8"))["disagreements"] if path.exists() else {}
