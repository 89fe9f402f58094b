"""The test cluster itself: it starts, runs a job, and stops exactly what it started."""

import pytest

from tests.support import slurm


def test_a_job_runs_and_the_cluster_stops_what_it_started(slurm_cluster, tmp_path):
    out = tmp_path / "job.out"
    job = slurm_cluster.run("sbatch", "--parsable", "--mem=50M", "-o", str(out), "--wrap", "echo hello from $SLURM_JOB_ID").strip()
    slurm_cluster.wait_for(lambda: slurm_cluster.jobs().get(job) == "COMPLETED", 30, f"job {job} completed")
    assert out.read_text().strip() == f"hello from {job}"
    processes = list(slurm_cluster.processes.values())
    slurm.stop_cluster(slurm_cluster)
    assert all(p.poll() is not None for p in processes)


def test_missing_packages_are_a_skip_with_the_install_command(monkeypatch):
    monkeypatch.setattr(slurm.shutil, "which", lambda name: None)
    monkeypatch.setattr(slurm.Path, "exists", lambda self: False)
    reason = slurm.missing_reason()
    assert reason.startswith("Slurm is not installed") and "apt-get install -y slurmctld slurmd slurm-client munge" in reason
