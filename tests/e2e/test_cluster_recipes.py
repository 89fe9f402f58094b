"""The recipes of README "Running on a cluster" (docs/recipes/): each is well-formed, uses only options
that exist, and its shard expression gives every task its own `--mle-shard`, together all of 0..N-1.

The recipes' commands are run for real by their shell, each task with the variables its scheduler
sets (SLURM_ARRAY_TASK_ID/COUNT, JOB_COMPLETION_INDEX, GitHub's matrix and strategy contexts), with
`pytest` and `pytest-mlebench` on PATH replaced by a recorder of their arguments."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from pytest_mlebench.cli import build_parser
from pytest_mlebench.plugin.options import OPTIONS
from pytest_mlebench.runs.shards import parse_shard

RECIPES = Path(__file__).resolve().parents[2] / "docs" / "recipes"
PYTEST_OWN = {"-p", "-m", "-k", "-n", "-q", "--junitxml"}


@pytest.fixture
def recorder(tmp_path) -> tuple[Path, Path]:
    """A PATH folder whose `pytest` and `pytest-mlebench` append their arguments to a JSON-lines file."""
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.jsonl"
    bin_dir.mkdir()
    for name in ("pytest", "pytest-mlebench"):
        (bin_dir / name).write_text(
            f"#!/usr/bin/env python3\nimport json, sys\nopen({str(log)!r}, 'a').write(json.dumps([{name!r}] + sys.argv[1:]) + '\\n')\n")
        (bin_dir / name).chmod(0o755)
    return bin_dir, log


def run_script(shell: str, script: str, env: dict[str, str], recorder) -> list[list[str]]:
    bin_dir, log = recorder
    log.unlink(missing_ok=True)
    subprocess.run([shell, "-c", script], check=True, env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": "/tmp", **env})
    return [json.loads(line) for line in log.read_text().splitlines()]


def shard_of(call: list[str]):
    [value] = [a.split("=", 1)[1] for a in call if a.startswith("--mle-shard=")]
    return parse_shard(value)


def assert_known_options(call: list[str]) -> None:
    """Every option a recipe passes exists: the plugin's, pytest's own, or the CLI's subcommand's."""
    if call[0] == "pytest":
        known = {o.flag for o in OPTIONS} | PYTEST_OWN
        used = {a.split("=", 1)[0] for a in call[1:] if a.startswith("-")}
        assert used <= known, used - known
    else:
        build_parser().parse_args(call[1:])  # argparse exits on an unknown option


def test_slurm_array_gives_each_task_its_shard(recorder):
    path = RECIPES / "slurm-array.sbatch"
    text = path.read_text()
    subprocess.run(["bash", "-n", str(path)], check=True)
    directives = dict(re.findall(r"^#SBATCH --([a-z-]+)=(\S+)", text, re.M))
    first, last = map(int, re.fullmatch(r"(\d+)-(\d+)", directives["array"]).groups())
    assert first == 0 and {"time", "gres", "mem", "cpus-per-task", "output"} <= set(directives)
    tasks = last + 1
    seen = []
    for task in range(tasks):
        [call] = run_script("bash", text, {"SLURM_ARRAY_TASK_ID": str(task), "SLURM_ARRAY_TASK_COUNT": str(tasks),
                                           "SLURM_ARRAY_JOB_ID": "1234"}, recorder)
        assert_known_options(call)
        assert "--mle-resume" in call and any(a.startswith("--mle-run-dir=") for a in call)
        seen.append(shard_of(call))
        assert f"--mle-report=/shared/mlebench/lite/shard-{task}.json" in call
    assert [(s.index, s.count) for s in seen] == [(t, tasks) for t in range(tasks)]


def test_kubernetes_indexed_job_gives_each_index_its_shard(recorder):
    [job] = list(yaml.safe_load_all((RECIPES / "kubernetes-indexed-job.yaml").read_text()))
    assert job["apiVersion"] == "batch/v1" and job["kind"] == "Job"
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed" and spec["template"]["spec"]["restartPolicy"] in ("Never", "OnFailure")
    [container] = spec["template"]["spec"]["containers"]
    shell, flag, script = container["command"]
    assert (shell, flag) == ("sh", "-c")
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    claims = {v["name"] for v in spec["template"]["spec"]["volumes"] if "persistentVolumeClaim" in v}
    assert mounts["results"] == "/results" and "results" in claims
    seen = []
    for index in range(spec["completions"]):
        [call] = run_script("sh", script, {"JOB_COMPLETION_INDEX": str(index)}, recorder)
        assert_known_options(call)
        assert "--mle-run-dir=/results/runs" in call and "--mle-resume" in call
        seen.append(shard_of(call))
    assert [(s.index, s.count) for s in seen] == [(i, spec["completions"]) for i in range(spec["completions"])]


def github_expression(text: str, context: dict[str, object]) -> str:
    def value(match):
        return str(context[match.group(1)])

    rendered = re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", value, text)
    assert "${{" not in rendered, rendered
    return rendered


def test_github_actions_matrix_gives_each_job_its_shard_and_merges_them(recorder):
    workflow = yaml.safe_load((RECIPES / "github-actions-shards.yml").read_text())
    assert set(workflow) >= {"name", True, "jobs"}  # YAML 1.1 reads the key `on` as True
    shards, merge = workflow["jobs"]["shards"], workflow["jobs"]["merge"]
    values = shards["strategy"]["matrix"]["shard"]
    assert shards["strategy"]["fail-fast"] is False and merge["needs"] == "shards" and merge["if"] == "always()"
    seen = []
    for index, shard in enumerate(values):
        context = {"matrix.shard": shard, "strategy.job-index": index, "strategy.job-total": len(values)}
        calls = [c for step in shards["steps"] if step.get("run", "").startswith("pytest")
                 for c in run_script("bash", github_expression(step["run"], context), {}, recorder)]
        [call] = [c for c in calls if c[0] == "pytest"]
        assert_known_options(call)
        seen.append(shard_of(call))
        uploads = [s for s in shards["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
        assert github_expression(uploads[0]["with"]["name"], context) == f"mlebench-shard-{shard}"
        assert uploads[0]["with"]["path"].rstrip("/") == call[call.index("--mle-run-dir=runs")].split("=")[1]
    assert [(s.index, s.count) for s in seen] == [(i, len(values)) for i in range(len(values))]
    merge_calls = [c for step in merge["steps"] if step.get("run", "").startswith("pytest") for c in run_script("bash", step["run"], {}, recorder)
                   if c[0] == "pytest-mlebench"]
    [call] = merge_calls
    assert call[1] == "merge" and "--mle-report=mlebench.json" in call
    assert_known_options(call)
