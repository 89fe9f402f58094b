"""Claims on runs in a shared run folder: one process at a time, a dead one never blocks, NFS without locks refused."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from pytest_mlebench.runs.claim import claim_run, lock_problem

HOLD = textwrap.dedent("""
    import sys, time
    from pytest_mlebench.runs.claim import claim_run
    claim = claim_run(sys.argv[1], "comp-seed0", shard="1/4")
    print("held" if claim.held else "taken", flush=True)
    time.sleep(float(sys.argv[2]))
""")


def hold_in_another_process(run_root, seconds: float) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(run_root), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_run_claimed_by_another_process_is_refused_with_its_holder(tmp_path):
    holder = hold_in_another_process(tmp_path, 30)
    try:
        claim = claim_run(tmp_path, "comp-seed0")
        assert not claim.held
        assert claim.holder["pid"] == holder.pid and claim.holder["shard"] == "1/4"
        assert f"pid {holder.pid}, shard 1/4 since " in claim.holder_text()
        assert claim_run(tmp_path, "comp-seed1").held  # another run is free
    finally:
        holder.kill()
        holder.wait()


def test_the_claim_of_a_dead_process_is_free_again(tmp_path):
    holder = hold_in_another_process(tmp_path, 30)
    holder.kill()
    holder.wait()
    with claim_run(tmp_path, "comp-seed0") as claim:
        assert claim.held


def test_a_released_claim_can_be_taken_and_a_held_one_not_twice(tmp_path):
    first = claim_run(tmp_path, "comp-seed0", shard="0/2")
    assert first.held and first.path == tmp_path / ".claims" / "comp-seed0.lock"
    probe = subprocess.run([sys.executable, "-c", HOLD, str(tmp_path), "0"], capture_output=True, text=True)
    assert probe.stdout.strip() == "taken"
    first.release()
    assert first.path.read_text() == ""  # nobody's name left in it
    probe = subprocess.run([sys.executable, "-c", HOLD, str(tmp_path), "0"], capture_output=True, text=True)
    assert probe.stdout.strip() == "held"


MOUNTINFO = """\
22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
40 22 0:50 / /shared rw,relatime - nfs4 srv:/export rw,vers=4.2,local_lock=none,addr=10.0.0.1
41 22 0:51 / /scratch rw,relatime - nfs srv:/scratch rw,vers=3,nolock,local_lock=all,addr=10.0.0.1
42 22 0:52 / /lustre rw - lustre 10.0.0.2@tcp:/fs rw,flock
"""


def test_an_nfs_mount_with_local_locks_is_refused():
    problem = lock_problem("/scratch/runs", MOUNTINFO)
    assert "/scratch/runs is on the NFS mount /scratch with nolock, local_lock=all" in problem
    assert "Remount it with locking" in problem


def test_other_mounts_are_trusted():
    assert lock_problem("/shared/runs", MOUNTINFO) is None  # NFSv4, locks on the server
    assert lock_problem("/lustre/runs", MOUNTINFO) is None
    assert lock_problem("/home/me/runs", MOUNTINFO) is None
    assert lock_problem("/scratchpad", MOUNTINFO) is None  # not under /scratch
