"""Field-by-field comparison of one local session's reports with the merge of its shards' (tests only).

Only these differ between two sessions of the same runs, and nothing else may:"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

TIMING_FIELDS = ("created_at", "agent_seconds", "prepare_seconds", "setup_seconds", "grading_seconds")
"""When a run happened and how long its parts took (timestamps and clocks)."""
PLACE_FIELDS = ("run_dir", "submission_path", "log_path")
"""Where the run's folder is: the local session's run root and the shards' differ; the run's own folder name
(`<competition>-seed<k>`) must still be equal."""
HOST_FIELDS = ("host",)  # of the report's `machine`; its hardware must be equal
MERGE_FIELDS = ("merged_from", "missing_runs", "skipped_runs", "plan", "shards")
"""What a merged report adds: where it came from, the runs missing from it, the plan and its shards."""


def comparable_run(record: dict) -> dict:
    out = {k: v for k, v in record.items() if k not in TIMING_FIELDS + PLACE_FIELDS}
    out["run_folder"] = Path(record["run_dir"]).name
    return out


def assert_same_json_report(local: dict, merged: dict, skipped: tuple[str, ...] = ()) -> None:
    """`skipped`: the runs (`competition-seedK`) that the local session and the shards skipped alike."""
    assert set(merged) - set(local) == set(MERGE_FIELDS), set(merged) ^ set(local)
    assert merged["missing_runs"] == [] and [s.split(":")[0] for s in merged["skipped_runs"]] == list(skipped)
    for key, value in local.items():
        if key == "competition_reports":
            assert [comparable_run(r) for r in merged[key]] == [comparable_run(r) for r in value]
        elif key == "machine":
            assert {k: v for k, v in merged[key].items() if k not in HOST_FIELDS} == \
                   {k: v for k, v in value.items() if k not in HOST_FIELDS}
        else:
            assert merged[key] == value, key


def _junit(path: Path) -> dict:
    suite = ET.parse(path).getroot().find("testsuite")
    cases = {}
    for case in suite.iter("testcase"):
        skipped = case.find("skipped")
        if skipped is not None:  # a skipped item: its reason
            cases[(case.get("classname"), case.get("name"))] = ("skipped", skipped.get("type"), skipped.get("message"))
            continue
        props = {p.get("name"): p.get("value") for p in case.find("properties").iter("property")}
        record = comparable_run(json.loads(props.pop("mlebench_result")))
        for name in ("agent_seconds", "run_dir"):
            props.pop(name)
        cases[(case.get("classname"), case.get("name"))] = (props, record, case.find("failure") is not None)
    return {
        "counts": {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")},  # not time, timestamp, hostname
        "suite_properties": [(p.get("name"), p.get("value")) for p in suite.find("properties").iter("property")],
        "cases": cases,
    }


def assert_same_junit(local: Path, merged: Path) -> None:
    a, b = _junit(local), _junit(merged)
    assert b["counts"] == a["counts"]
    assert b["suite_properties"] == a["suite_properties"]
    assert list(b["cases"]) == list(a["cases"])
    for key in a["cases"]:
        assert b["cases"][key] == a["cases"][key], key


def _mask_times(text: str) -> str:
    """Agent time cells: `12s/900s` in the terminal table, `12 s` in the HTML table."""
    return re.sub(r"<td class=\"num\">\d+ s</td>", "<td class=\"num\">* s</td>", re.sub(r"\b\d+s/(\d+)s\b", r"*s/\1s", text))


def _table_line(line: str) -> str:
    """A summary line with its agent time masked, and the padding that the time column's width sets (and the
    rule under the header) squeezed to one space and one dash."""
    return re.sub(r"-{2,}", "-", re.sub(r" {2,}", " ", _mask_times(line)))


def assert_same_html(local: Path, merged: Path) -> None:
    assert _mask_times(merged.read_text()) == _mask_times(local.read_text())


def session_summary(stdout: str) -> list[str]:
    """The lines of a session's `mlebench results` section, up to the report paths."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "mlebench results: agent" in line) + 1
    out = []
    for line in lines[start:]:
        if line.startswith(("JSON report:", "HTML report:", "run folders:", "harness error:", "=")):
            break
        out.append(line)
    return [_table_line(line) for line in out]


def merge_summary(stdout: str) -> list[str]:
    """The lines of `pytest-mlebench merge`'s summary that a session prints too (not the shard table)."""
    lines = stdout.splitlines()
    lines = lines[next(i for i, line in enumerate(lines) if line.startswith("mlebench results: agent")) + 1:]
    out = []
    for line in lines:
        if line.startswith(("shard ", "missing runs", "runs skipped", "JSON report:")):
            break
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return [_table_line(line) for line in out]
