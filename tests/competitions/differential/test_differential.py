"""Our 82 graders against MLE-bench's own, on the same few thousand files (issue 13).

Every case of cases.py is graded once by MLE-bench's graders (their pinned environment,
one process for all) and by ours, both in this interpreter (pandas 3 in the default
install) and inside that environment (pandas 2.2). The rule: the same validity decision,
the same score after MLE-bench's rounding, and a reason of our own where MLE-bench
crashes. Each disagreement known today is an entry of known_disagreements.json and an
xfail(strict=True) case below: a fix that makes it agree turns the test red until the
entry is removed. Any other disagreement fails `test_agreement`.

The measurement runs once per session: under xdist the first worker to get the lock
measures, the other reads its result.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas
import pytest
from filelock import FileLock

from . import measure
from .outcomes import Outcome, agree
from .specs import SPECS

pytestmark = [pytest.mark.differential, pytest.mark.slow]

HERE_MAJOR = pandas.__version__.split(".")[0]
MAJORS = sorted({HERE_MAJOR, "2"})
KNOWN = measure.load_known()
COMPETITIONS = sorted(SPECS)


def _measure_to(folder: Path, result: Path) -> None:
    runtimes = (measure.HERE, measure.ORACLE_ENV) if HERE_MAJOR != "2" else (measure.HERE,)
    try:
        comparisons = measure.measure(folder, runtimes)
    except measure.oracle.OracleUnavailable as exc:
        result.write_text(json.dumps({"skip": str(exc)}), encoding="utf-8")
        return
    records = {c.key: {"competition": c.case.competition, "pandas": c.pandas,
                       "theirs": c.theirs.to_json(), "ours": c.ours.to_json()} for c in comparisons}
    result.write_text(json.dumps({"records": records}), encoding="utf-8")


@pytest.fixture(scope="session")
def measured(tmp_path_factory) -> dict[str, dict]:
    """{"pandas<major>:<competition>:<kind>": record} of this session's one measurement."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        shared = tmp_path_factory.getbasetemp().parent / f"differential-{os.environ.get('PYTEST_XDIST_TESTRUNUID', '')}"
        shared.mkdir(exist_ok=True)
        result = shared / "measured.json"
        with FileLock(str(result) + ".lock"):
            if not result.exists():
                _measure_to(shared / "cases", result)
    else:
        folder = tmp_path_factory.mktemp("differential")
        result = folder / "measured.json"
        _measure_to(folder / "cases", result)
    data = json.loads(result.read_text(encoding="utf-8"))
    if "skip" in data:
        pytest.skip(f"MLE-bench's graders cannot run here: {data['skip']}")
    return data["records"]


def _agrees(record: dict) -> bool:
    return agree(Outcome.from_json(record["theirs"]), Outcome.from_json(record["ours"]))


def _describe(key: str, record: dict) -> str:
    return (f"{key}\n    MLE-bench: {Outcome.from_json(record['theirs']).label()}"
            f"\n    ours:      {Outcome.from_json(record['ours']).label()}")


@pytest.mark.parametrize("major", MAJORS, ids=lambda m: f"pandas{m}")
@pytest.mark.parametrize("competition", COMPETITIONS)
def test_agreement(measured, competition, major):
    """Every case of the competition agrees with MLE-bench, or is a known disagreement."""
    records = {k: r for k, r in measured.items() if r["competition"] == competition and r["pandas"] == major}
    assert len(records) >= 30, f"only {len(records)} cases for {competition} under pandas {major}"
    new = [_describe(k, r) for k, r in sorted(records.items()) if k not in KNOWN and not _agrees(r)]
    assert not new, (f"{len(new)} new disagreement(s) with MLE-bench's grader (fix ours, or if MLE-bench is wrong "
                     f"list the case in {measure.KNOWN.name} with its class):\n" + "\n".join(new))


def _known_cases():
    for key, entry in sorted(KNOWN.items()):
        major = key.split(":", 1)[0].removeprefix("pandas")
        if major in MAJORS:
            mark = pytest.mark.xfail(strict=True, reason=f"known disagreement ({entry['class']}): MLE-bench "
                                                         f"{entry['mlebench'][:80]}; ours {entry['ours'][:80]}")
            yield pytest.param(key, marks=mark, id=key)


@pytest.mark.parametrize("key", list(_known_cases()))
def test_known_disagreement(measured, key):
    """Fails while the case disagrees (xfail); passing means a fix landed: remove its entry from the file."""
    assert key in measured, f"{key} is no longer a case of the generator: remove it from {measure.KNOWN.name}"
    assert _agrees(measured[key]), _describe(key, measured[key])


def test_known_disagreements_name_real_cases(measured):
    """An entry of the file that names no case any more would hide nothing and xfail forever."""
    stale = [k for k in KNOWN if k.split(":", 1)[0].removeprefix("pandas") in MAJORS and k not in measured]
    assert not stale, f"entries of {measure.KNOWN.name} that name no case: {stale[:10]}"
    assert {e["class"] for e in KNOWN.values()} <= set(json.loads(measure.KNOWN.read_text())["classes"])


def test_every_competition_is_described():
    """One description per competition of MLE-bench's, and every case kind written for each."""
    from pytest_mlebench.competitions import load_competitions

    ours = {c for c in load_competitions() if not c.startswith("starter-")}
    assert set(SPECS) == ours and len(ours) == 82
