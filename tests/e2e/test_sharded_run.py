"""The baseline agent on two starter competitions with two seeds: once in one local session, once as two
shards sharing a run folder, then merged. The merged JSON report, JUnit file, HTML page and summary
equal the local session's field by field (scores, medals, figures, thresholds, item names...), but
for the timings, places and hosts named in tests/support/merge_compare.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support import merge_compare

pytestmark = pytest.mark.slow
SELECTION = ["-m", "starter", "-k", "telco or vowels", "--agent=baseline", "--mle-seeds=2"]


def pytest_run(cwd, *args) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *SELECTION, *args],
                            cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def test_two_shards_of_the_baseline_merge_into_the_local_session(tmp_path, monkeypatch):
    monkeypatch.setenv("MLEBENCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MLEBENCH_SHARD", raising=False)
    tmp_path.chmod(0o755)
    local = pytest_run(tmp_path, "--mle-run-dir=local", "--mle-report=local.json", "--junitxml=local.xml",
                       "--mle-html=local.html")
    plan = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *SELECTION, "--mle-shard=0/2",
                           "--mle-shard-list", "-q"], cwd=tmp_path, capture_output=True, text=True)
    assert "4 runs in 2 shard(s)" in plan.stdout and plan.stdout.count("    starter-") == 4
    for i in range(2):
        pytest_run(tmp_path, f"--mle-shard={i}/2", "--mle-run-dir=shared", f"--mle-report=shard{i}.json")
    merged_run = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "pytest-mlebench"), "merge", "shared",
         "--mle-report=merged.json", "--junitxml=merged.xml", "--mle-html=merged.html"],
        cwd=tmp_path, capture_output=True, text=True)
    assert merged_run.returncode == 0, merged_run.stdout + merged_run.stderr
    local_report = json.loads((tmp_path / "local.json").read_text())
    merged = json.loads((tmp_path / "merged.json").read_text())
    assert local_report["total_runs"] == 4 and local_report["total_valid_submissions"] == 4
    assert local_report["total_medals"] >= 1  # the baseline medals on these: a medal table worth comparing
    merge_compare.assert_same_json_report(local_report, merged)
    merge_compare.assert_same_junit(tmp_path / "local.xml", tmp_path / "merged.xml")
    merge_compare.assert_same_html(tmp_path / "local.html", tmp_path / "merged.html")
    assert merge_compare.merge_summary(merged_run.stdout) == merge_compare.session_summary(local.stdout)
    assert [s["graded"] for s in merged["shards"]] == [2, 2]
