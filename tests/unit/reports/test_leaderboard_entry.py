"""`pytest-mlebench leaderboard`: MLE-bench's leaderboard row from reports, on hand-computed cases.

Seeds are made by ordinal, percentages are over every competition of the split,
mean ± standard error with ddof=1; a missing run counts as no medal and is named
(or, with --complete-seeds, its seed is left out).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_mlebench.cli import main
from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.reports import leaderboard_entry as lb

COMPETITIONS = load_competitions()
LOW = lb.split_members(COMPETITIONS)["low"]


def record(cid: str, seed: int, medal: str | None = None, valid: bool = True, run_dir: str | None = None) -> dict:
    return {
        "competition_id": cid, "seed": seed, "medal": medal, "score": 0.5 if valid else None,
        "gold_medal": medal == "gold", "silver_medal": medal == "silver", "bronze_medal": medal == "bronze",
        "any_medal": medal is not None, "above_median": medal is not None, "valid_submission": valid,
        "submission_exists": True, "time_limit": 86400.0, "created_at": f"2026-12-0{1 + seed}T10:00:00",
        "run_dir": run_dir or f"/runs/{cid}-seed{seed}", "isolation": "bwrap", "leaderboard": "kaggle",
    }


def write_report(path: Path, records: list[dict], agent: str = "myagent") -> Path:
    path.write_text(json.dumps({"agent": agent, "harness": {"version": "0.1.0"},
                                "machine": {"cpus": 2, "memory_bytes": 24 * 2**30, "gpus": []},
                                "competition_reports": records}))
    return path


def lite_runs(seed: int, medals: int) -> list[dict]:
    """The 22 lite competitions, the first `medals` of them with a bronze."""
    return [record(cid, seed, "bronze" if i < medals else None) for i, cid in enumerate(LOW)]


def test_two_shards_make_one_entry_with_mean_and_standard_error(tmp_path):
    a = write_report(tmp_path / "a.json", lite_runs(0, 11))  # seed 0: 11 of 22 = 50 %
    b = write_report(tmp_path / "b.json", lite_runs(1, 0))  # seed 1: 0 %
    entry = lb.build_entry([a, b], COMPETITIONS)
    low, = [r for r in entry.rows if r.split == "low"]
    assert (low.competitions, low.seeds) == (22, 2)
    assert low.figures["any_medal"] == lb.SplitFigure(25.0, 25.0)  # sd([50, 0], ddof=1) / sqrt(2) = 25
    assert low.figures["valid_submission"] == lb.SplitFigure(100.0, 0.0)
    assert low.missing_runs == []
    all_row, = [r for r in entry.rows if r.split == "all"]
    assert all_row.competitions == 75  # lite runs alone: the 53 others are missing, counted as no medal
    assert all_row.figures["any_medal"].mean == pytest.approx(100 * (11 / 75 + 0) / 2)
    assert len(all_row.missing_runs) == 53 * 2
    assert [r.split for r in entry.rows] == ["low", "all"]  # medium, high: no run at all, no row
    text = lb.to_markdown(entry)
    assert "| myagent | 25.00 ± 25.00 | not run | not run |" in text
    assert "2 CPUs, 24 GiB, no GPU" in text


def test_a_missing_run_counts_as_no_medal_and_is_named(tmp_path):
    second = [r for r in lite_runs(1, 22) if r["competition_id"] != LOW[0]]  # 21 medals, one run lost
    report = write_report(tmp_path / "r.json", lite_runs(0, 22) + second)
    low = lb.build_entry([report], COMPETITIONS).rows[0]
    assert low.seeds == 2
    assert low.figures["any_medal"].mean == pytest.approx((100 + 100 * 21 / 22) / 2)
    assert low.missing_runs == [f"{LOW[0]} (seed 1)"]

    strict = lb.build_entry([report], COMPETITIONS, complete_seeds_only=True).rows[0]
    assert (strict.seeds, strict.dropped_seeds) == (1, [1])
    assert strict.figures["any_medal"] == lb.SplitFigure(100.0, 0.0)


def test_a_crashed_run_counts_and_a_copied_run_counts_once(tmp_path):
    runs = lite_runs(0, 22)
    runs[0] = record(LOW[0], 0, None, valid=False)  # crashed: no medal, invalid
    shard = write_report(tmp_path / "shard.json", runs)
    merged = write_report(tmp_path / "merged.json", runs)  # the same runs again (same folders, same times)
    low = lb.build_entry([shard, merged], COMPETITIONS).rows[0]
    assert low.seeds == 1
    assert low.figures["any_medal"].mean == pytest.approx(100 * 21 / 22)
    assert low.figures["valid_submission"].mean == pytest.approx(100 * 21 / 22)


def test_export_gives_mlebench_one_report_per_seed_in_order(tmp_path):
    report = write_report(tmp_path / "r.json", lite_runs(1, 3) + lite_runs(0, 5))
    written = lb.export_mlebench_reports([report], tmp_path / "export")
    assert [p.name for p in written] == ["seed000_grading_report.json", "seed001_grading_report.json"]
    first = json.loads(written[0].read_text())
    assert first["total_medals"] == 5 and first["total_runs"] == 22  # seed 0 came second in the report
    assert set(first["competition_reports"][0]) == set(lb.MLEBENCH_FIELDS)
    again = lb.build_entry(sorted(written), COMPETITIONS).rows[0]
    assert again.figures == lb.build_entry([report], COMPETITIONS).rows[0].figures


def test_cli_formats_and_errors(tmp_path, capsys):
    report = write_report(tmp_path / "r.json", lite_runs(0, 11))
    assert main(["leaderboard", str(report), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("agent,split,competitions,seeds,any_medal_mean,any_medal_sem")
    assert lines[1].startswith("myagent,low,22,1,50.0000,0.0000")
    assert main(["leaderboard", str(report), "--format", "json", "--output", str(tmp_path / "e.json")]) == 0
    assert json.loads((tmp_path / "e.json").read_text())["rows"][0]["figures"]["any_medal"]["mean"] == 50.0

    (tmp_path / "broken.json").write_text("{not json")
    assert main(["leaderboard", str(tmp_path / "broken.json")]) == 2
    assert "broken.json: not a grading report" in capsys.readouterr().err
    unknown = write_report(tmp_path / "u.json", [record("no-such-competition", 0)])
    assert main(["leaderboard", str(unknown)]) == 2
    assert "no-such-competition" in capsys.readouterr().err
