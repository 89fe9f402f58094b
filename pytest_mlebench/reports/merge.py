"""One result from many shards: the runs of every shard's run folder or JSON report, as one session's.

`merge_results` reads run folders (each run's `result.json`, and the `shards/*.json` records that
sharded sessions leave) and JSON reports (`--mle-report` of a shard, or of an earlier merge), and
gives the records the reports are built from: the same records one local session of the same runs
would hold, so every report (JSON, JUnit, HTML, terminal) is built by the code a local session uses
and shows the same figures and the same medal table.

MLE-bench's rules decide what a missing run is. Seeds are aligned by ordinal: a session's seed
numbers are kept, and runs of separate sessions that share a (competition, seed) are numbered
0, 1, 2... in the order of their seeds and times. A planned run that no shard graded — its shard
was lost, stopped, or its run failed — counts as a run without a medal and is named; a run its shard
skipped (its data is not on that machine: a local session skips it the same way) is left out.
Without any shard record, the plan is unknown: every competition is then expected to have as many
runs as the competition with the most (MLE-bench's padding of missing seeds).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path

from pytest_mlebench.competitions import Competition
from pytest_mlebench.errors import EntryError
from pytest_mlebench.records import SHARDS_DIR, RunResult, ShardRecord, write_atomically

MERGE_ERROR_HINT = ("pass run folders (--mle-run-dir of the shards: their <run>/result.json and shards/*.json) "
                    "or JSON reports (--mle-report of the shards, or of a merge)")


@dataclass
class Merged:
    """Every run of the inputs as one session's records, with the shards they came from."""

    results: list[RunResult]  # graded runs, then a stand-in (isolation "missing") per missing run
    agent: str | None
    shards: list[ShardRecord] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # "competition-seedK: why", counted as no medal
    skipped: list[tuple[str, int, str]] = field(default_factory=list)  # (competition, seed, why): left out, as
    # a local session leaves a skipped run out of its records (its JUnit file lists it as skipped)
    sources: list[str] = field(default_factory=list)
    report_machines: list[dict] = field(default_factory=list)  # the `machine` of input reports without shard records

    def extra_report_fields(self) -> dict:
        """What the merged JSON report adds to a session's: the shards and the runs missing from them."""
        ordered = sorted(self.shards, key=lambda s: s.index)
        return {"merged_from": self.sources, "missing_runs": self.missing,
                "skipped_runs": [f"{c}-seed{k}: {why}" for c, k, why in self.skipped],
                "plan": ordered[0].plan if ordered else None, "shards": [shard_summary(s) for s in ordered]}

    def machine(self) -> dict | None:
        """The hardware the runs had: the shards' (else the input reports'), with every host named; None when
        no input recorded it (run folders of sessions without shards), never the machine that merges."""
        machines = [s.machine for s in sorted(self.shards, key=lambda s: s.index)] or self.report_machines
        if not machines:
            return None
        first = dict(machines[0])
        hardware = ("cpus", "memory_bytes", "gpus")
        first["host"] = ", ".join(sorted({m.get("host", "?") for m in machines}))
        if any(tuple(m.get(k) for k in hardware) != tuple(first.get(k) for k in hardware) for m in machines):
            first["heterogeneous"] = True  # the shards' own machines are in "shards"
        return first


def shard_summary(record: ShardRecord) -> dict:
    """Per shard: where, on what and when it ran, what it used, and what became of its runs."""
    outcomes = list(record.outcomes.values())
    return {"shard": record.shard, "host": record.host, "machine": record.machine,
            "started_at": record.started_at, "ended_at": record.ended_at, "agent_seconds": record.agent_seconds,
            "usage": record.usage, "runs": len(outcomes), "graded": outcomes.count("graded"),
            "outcomes": record.outcomes}


def _shards_of_merged_report(report: dict) -> list[ShardRecord]:
    """A merged report keeps the plan and every shard's outcomes, so merging it again gives it again."""
    if not report.get("plan"):
        return []
    return [ShardRecord(shard=s["shard"], plan=report["plan"], outcomes=s["outcomes"], agent=report.get("agent"),
                        host=s["host"], machine=s["machine"], started_at=s["started_at"], ended_at=s["ended_at"],
                        agent_seconds=s["agent_seconds"], usage=s["usage"]) for s in report.get("shards", [])]


def _load_input(path: Path) -> tuple[list[RunResult], list[ShardRecord], dict | None]:
    if path.is_dir():
        results = []
        for file in sorted(path.glob("*/result.json")):
            try:
                results.append(RunResult.from_dict(json.loads(file.read_text())))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise EntryError(f"{file}: not a run's record ({exc.__class__.__name__}: {exc})") from None
        shards = [ShardRecord.from_dict(json.loads(f.read_text())) for f in sorted((path / SHARDS_DIR).glob("*.json"))]
        if not results and not shards:
            raise EntryError(f"{path}: no run record (*/result.json) nor shard record ({SHARDS_DIR}/*.json) in it; "
                             + MERGE_ERROR_HINT)
        return results, shards, None
    try:
        report = json.loads(path.read_text())
        records = report["competition_reports"]
        results = [RunResult.from_dict(r) for r in records if r.get("isolation") != "missing"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EntryError(f"{path}: not a JSON report of this harness ({exc.__class__.__name__}: {exc}); "
                         + MERGE_ERROR_HINT) from None
    shards = [ShardRecord.from_dict(report["shard"])] if report.get("shard") else _shards_of_merged_report(report)
    return results, shards, report.get("machine")


def _run_key(result: RunResult) -> tuple:
    """Two copies of one run (its folder and a report of it) are equal on these, wherever they were read."""
    return (result.competition_id, result.seed, result.created_at, result.agent, result.score, result.agent_seconds)


def merge_results(paths: list[Path], competitions: dict[str, Competition]) -> Merged:
    results: dict[tuple, RunResult] = {}
    shards: dict[str, ShardRecord] = {}
    report_machines: list[dict] = []
    for path in map(Path, paths):
        if not path.exists():
            raise EntryError(f"{path} does not exist; " + MERGE_ERROR_HINT)
        found, records, machine = _load_input(path)
        if machine:
            report_machines.append(machine)
        for result in found:
            results.setdefault(_run_key(result), result)
        for record in records:
            shards.setdefault(record.shard, record)
    agents = sorted({r.agent for r in results.values()} | {s.agent for s in shards.values() if s.agent})
    if len(agents) > 1:
        raise EntryError(f"the inputs hold runs of several agents ({', '.join(agents)}): merge one agent's runs")
    unknown = sorted({r.competition_id for r in results.values()} - set(competitions))
    if unknown:
        raise EntryError(f"runs of competitions this harness does not define: {', '.join(unknown)}")
    counts = {s.count for s in shards.values()}
    if len(counts) > 1:
        raise EntryError(f"the shard records come from plans of different sizes ({sorted(counts)} shards): "
                         "merge the shards of one plan")
    runs = _align_seeds(list(results.values()))
    merged = Merged(results=runs, agent=agents[0] if agents else None, shards=list(shards.values()),
                    sources=[str(p) for p in paths], report_machines=report_machines)
    _add_missing(merged, competitions)
    return merged


def _align_seeds(runs: list[RunResult]) -> list[RunResult]:
    """Keep seed numbers unless two runs claim one (competition, seed): then number that competition's runs
    0, 1, 2... by seed and time, as MLE-bench makes seeds from the order of runs."""
    by_competition: dict[str, list[RunResult]] = {}
    for run in runs:
        by_competition.setdefault(run.competition_id, []).append(run)
    aligned = []
    for competition_id in sorted(by_competition):
        group = sorted(by_competition[competition_id], key=lambda r: (r.seed, r.created_at, r.run_dir))
        if len({r.seed for r in group}) < len(group):
            group = [replace(r, seed=k) for k, r in enumerate(group)]
        aligned += group
    return aligned


def _add_missing(merged: Merged, competitions: dict[str, Competition]) -> None:
    have = {(r.competition_id, r.seed) for r in merged.results}
    expected: dict[tuple[str, int], str] = {}  # planned run -> why it would be missing
    if merged.shards:
        record = merged.shards[0]
        planned = record.plan["shards"]
        outcomes = {s.index: s.outcomes for s in merged.shards}
        for shard in planned:
            for run in shard["runs"]:
                key, name = (run["competition_id"], int(run["seed"])), f"{run['competition_id']}-seed{run['seed']}"
                if shard["index"] not in outcomes:
                    expected[key] = f"no record of shard {shard['index']}/{record.count} was found (lost or never ran)"
                    continue
                outcome = outcomes[shard["index"]].get(name, "not run")
                if outcome.startswith("skipped"):
                    if key not in have:
                        merged.skipped.append((key[0], key[1], outcome.removeprefix("skipped: ")))
                    continue
                expected[key] = (f"shard {shard['index']}/{record.count} reported it as {outcome!r}"
                                 if outcome != "graded" else f"shard {shard['index']}/{record.count} graded it, "
                                 "but its result.json is not among the inputs")
    else:
        seeds = most_runs(merged.results)
        for competition_id in sorted({r.competition_id for r in merged.results}):
            for seed in range(seeds):
                expected[(competition_id, seed)] = "fewer runs than the other competitions (no shard record)"
    unknown = sorted({c for c, _ in expected} - set(competitions))
    if unknown:
        raise EntryError(f"the shard plan names competitions this harness does not define: {', '.join(unknown)}")
    limits = {r.competition_id: r.time_limit for r in merged.results}
    for (competition_id, seed), why in sorted(expected.items()):
        if (competition_id, seed) in have:
            continue
        merged.missing.append(f"{competition_id}-seed{seed}: {why}")
        competition = competitions[competition_id]
        merged.results.append(missing_run(competition, seed, merged.agent or "?",
                                          limits.get(competition_id, competition.time_limit), why))
    merged.results.sort(key=lambda r: (r.competition_id, r.seed))


def missing_run(competition: Competition, seed: int, agent: str, time_limit: float, why: str) -> RunResult:
    """The stand-in of a run no shard reported: no submission, no medal; its error says why."""
    from pytest_mlebench.grading.medals import placement_fields

    return RunResult(
        competition_id=competition.id, agent=agent, seed=seed, score=None, valid_submission=False,
        submission_exists=False, error=f"missing: {why}; counted as a run without a medal",
        **placement_fields(competition, None), num_teams=competition.leaderboard.num_teams,
        sets=competition.sets, domains=competition.domains, known_issues=competition.known_issues,
        time_limit=float(time_limit), agent_seconds=0.0, timed_out=False, exit_code=None, killed_processes=0,
        sandbox="-", isolation="missing", network=False, prepare_seconds=0.0, setup_seconds=0.0,
        grading_seconds=0.0, run_dir="", submission_path="", log_path="", created_at="",
    )


# -- the reports -------------------------------------------------------------------------------


def most_runs(results: list[RunResult]) -> int:
    """The number of runs of the competition with the most (a session's --mle-seeds)."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.competition_id] = counts.get(r.competition_id, 0) + 1
    return max(counts.values(), default=0)


def item_name(competition_id: str, seed: int, seeds: int) -> str:
    """The pytest item's name of a run, as a session with `seeds` seeds names it (plugin/hooks.py)."""
    return f"test_competition[{competition_id if seeds == 1 else f'{competition_id}-seed{seed}'}]"


def junit_xml(merged: Merged, pass_level: str) -> str:
    """A JUnit file as pytest's `--junitxml` writes it for the same runs: one testcase per run with the
    run's properties, a failure where the run falls short of `pass_level`, the session's suite properties;
    the suite's timestamp is the first shard's start and its hostname the shards' hosts."""
    from pytest_mlebench.reports.junit import JUNIT_CLASSNAME, junit_properties, reaches_pass_level, suite_properties

    results = merged.results
    seeds = max(most_runs(results), max((k + 1 for _, k, _ in merged.skipped), default=1))
    passed = [reaches_pass_level(r, pass_level) for r in results]
    started = min((s.started_at for s in merged.shards), default="")
    machine = merged.machine() or {}
    suites = ET.Element("testsuites", name="pytest tests")
    suite = ET.SubElement(suites, "testsuite", name="pytest", errors="0", failures=str(passed.count(False)),
                          skipped=str(len(merged.skipped)), tests=str(len(results) + len(merged.skipped)), time=f"{sum(r.agent_seconds for r in results):.3f}",
                          timestamp=started, hostname=str(machine.get("host", "")))
    properties = ET.SubElement(suite, "properties")
    for name, value in suite_properties(results):
        ET.SubElement(properties, "property", name=name, value=str(value))
    cases = [((r.competition_id, r.seed), r, ok, None) for r, ok in zip(results, passed)]
    cases += [((c, k), None, True, why) for c, k, why in merged.skipped]
    for (competition_id, seed), result, ok, skipped in sorted(cases, key=lambda case: case[0]):
        name = item_name(competition_id, seed, seeds)
        if result is None:  # as pytest writes a skipped item: no properties, the reason
            case = ET.SubElement(suite, "testcase", classname=JUNIT_CLASSNAME, name=name, time="0.000")
            ET.SubElement(case, "skipped", type="pytest.skip", message=skipped)
            continue
        case = ET.SubElement(suite, "testcase", classname=JUNIT_CLASSNAME, name=name, time=f"{result.agent_seconds:.3f}")
        props = ET.SubElement(case, "properties")
        for prop, value in junit_properties(result):
            ET.SubElement(props, "property", name=prop, value=str(value))
        if not ok:
            ET.SubElement(case, "failure", message=result.error or f"the run did not reach --mle-pass={pass_level}")
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def summary_lines(merged: Merged) -> list[str]:
    """The terminal summary a session prints, then the shards and the runs missing from them."""
    from pytest_mlebench.reports import figures, terminal

    lines = terminal.summary_lines(merged.results)
    table = figures.figure_lines(merged.results)
    if table:
        lines += [""] + table
    if merged.missing:
        lines += ["", f"missing runs, counted as no medal ({len(merged.missing)}):"]
        lines += [f"  {m}" for m in merged.missing]
    if merged.skipped:
        lines += ["", f"runs skipped by their shard, left out as a local session leaves them ({len(merged.skipped)}):"]
        lines += [f"  {c}-seed{k}: {why}" for c, k, why in merged.skipped]
    if merged.shards:
        rows = []
        for s in sorted(merged.shards, key=lambda s: s.index):
            summary = shard_summary(s)
            rows.append((s.shard, s.host, str(s.machine.get("cpus")), str(len(s.machine.get("gpus") or [])),
                         s.started_at, s.ended_at, f"{s.agent_seconds:.0f} s", f"{summary['graded']}/{summary['runs']}"))
        lines += [""] + terminal.table_lines(
            ("shard", "host", "CPUs", "GPUs", "started", "ended", "agent time", "graded"), rows)
    return lines


def write_reports(merged: Merged, json_path: Path | None, junit_path: Path | None, html_path: Path | None,
                  pass_level: str = "valid") -> None:
    from pytest_mlebench.reports.json_report import write_json_report

    if json_path is not None:
        extra = {**merged.extra_report_fields(), "machine": merged.machine()}  # not the merging machine's
        write_json_report(json_path, merged.results, merged.agent, extra)
    if junit_path is not None:
        Path(junit_path).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(Path(junit_path), junit_xml(merged, pass_level))
    if html_path is not None:
        from pytest_mlebench.reports.html import write_html_report

        write_html_report(html_path, merged.results, merged.agent)
