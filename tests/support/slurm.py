"""A real single-node Slurm cluster for the tests, started from Debian's packages in a temporary folder.

`slurm_cluster` writes a slurm.conf (this host as controller and as the one node, with the CPUs and
memory `slurmd -C` reports, one default partition), starts its own munged, slurmctld and slurmd in
the foreground on free ports, waits until the node is idle, and at the end cancels what is left in
its queue and stops exactly the three processes it started. Nothing is installed or left running,
and a Slurm (or a second copy of these tests) already on the machine is not touched: the cluster has
its own ports, munge socket and key, state and spool folders. Clients reach it through `SLURM_CONF`.

Measured here (Slurm 22.05, 2 cores): from the packages to an idle node in about 1 s. Without
slurmdbd there is no accounting (`sacct` says so): squeue still shows a finished job's state for
MinJobAge seconds, which is what the Slurm executor reads.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DAEMONS = ("munged", "slurmctld", "slurmd")
CLIENTS = ("sbatch", "squeue", "scancel", "scontrol", "sinfo")
PACKAGES = "apt-get install -y slurmctld slurmd slurm-client munge"


def missing_reason() -> str | None:
    """Why a real Slurm cannot be started here, or None when it can."""
    absent = [name for name in DAEMONS + CLIENTS if shutil.which(name) is None and not Path("/usr/sbin", name).exists()]
    if absent:
        return f"Slurm is not installed ({', '.join(absent)} missing): {PACKAGES}"
    if os.geteuid() != 0:
        return "slurmd must run as root to start jobs: run the slurm tests as root"
    return None


def _tool(name: str) -> str:
    return shutil.which(name) or str(Path("/usr/sbin", name))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("", 0))
        return sock.getsockname()[1]


def _node_line() -> str:
    """This machine as a Slurm node: `slurmd -C`'s first line (NodeName=... CPUs=... RealMemory=...)."""
    out = subprocess.run([_tool("slurmd"), "-C"], capture_output=True, text=True, check=True).stdout
    return next(line for line in out.splitlines() if line.startswith("NodeName="))


@dataclass
class SlurmCluster:
    root: Path
    node: str
    partition: str = "debug"
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    socket_dir: Path | None = None  # munged's socket folder, outside `root` (see start_cluster)

    @property
    def conf(self) -> Path:
        return self.root / "slurm.conf"

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "SLURM_CONF": str(self.conf)}

    def run(self, *command: str, check: bool = True) -> str:
        done = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=60)
        if check and done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
        return done.stdout

    def jobs(self) -> dict[str, str]:
        """Job id -> state of every job the controller still knows (finished ones for MinJobAge)."""
        out = self.run("squeue", "-h", "--states=all", "-o", "%i|%T")
        return dict(line.split("|", 1) for line in out.split())

    def wait_for(self, condition, timeout: float, what: str, interval: float = 0.3):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(interval)
        raise TimeoutError(f"the Slurm test cluster: {what} did not happen within {timeout:.0f} s "
                           f"(logs in {self.root / 'log'})")

    def node_state(self) -> str:
        return self.run("sinfo", "-h", "-n", self.node, "-o", "%T").strip()

    def wait_idle(self, timeout: float = 30) -> None:
        self.wait_for(lambda: self.node_state() == "idle", timeout, f"node {self.node} idle")

    def fail_node(self) -> None:
        """A node failure as Slurm sees one: the node is set DOWN (its running jobs end NODE_FAIL), and
        comes back by itself (ReturnToService=2) since its slurmd is still alive."""
        self.run("scontrol", "update", f"NodeName={self.node}", "State=DOWN", "Reason=test node failure")


def start_cluster(root: Path) -> SlurmCluster:
    node_line = _node_line()
    node = node_line.split()[0].split("=", 1)[1]
    cluster = SlurmCluster(root=root, node=node)
    munge = root / "munge"
    for folder in ("state", "spool", "log", "munge"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    key = munge / "munge.key"
    key.write_bytes(os.urandom(1024))
    key.chmod(0o400)  # munged refuses a key that others can read
    # ... and a socket in a folder whose every parent others cannot traverse (pytest's tmp folders are 700)
    cluster.socket_dir = Path(tempfile.mkdtemp(prefix="mle-slurm-munge-"))
    cluster.socket_dir.chmod(0o755)
    socket_path = cluster.socket_dir / "munge.socket"
    cluster.conf.write_text(f"""\
ClusterName=pytest-mlebench
SlurmctldHost={socket.gethostname()}
SlurmctldPort={_free_port()}
SlurmdPort={_free_port()}
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket={socket_path}
CredType=cred/munge
StateSaveLocation={root}/state
SlurmdSpoolDir={root}/spool/%n
SlurmctldPidFile={root}/slurmctld.pid
SlurmdPidFile={root}/slurmd.pid
SlurmctldLogFile={root}/log/slurmctld.log
SlurmdLogFile={root}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
ReturnToService=2
KillWait=5
MinJobAge=600
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
{node_line} State=UNKNOWN
PartitionName={cluster.partition} Nodes={node} Default=YES MaxTime=INFINITE State=UP
""")
    log = root / "log"
    commands = {
        "munged": [_tool("munged"), "-F", f"--socket={socket_path}", f"--key-file={key}",
                   f"--log-file={log}/munged.log", f"--pid-file={munge}/munged.pid", f"--seed-file={munge}/seed"],
        "slurmctld": [_tool("slurmctld"), "-D", "-i", "-f", str(cluster.conf)],
        "slurmd": [_tool("slurmd"), "-D", "-f", str(cluster.conf)],
    }
    try:
        for name, command in commands.items():
            with open(log / f"{name}.out", "wb") as out:
                cluster.processes[name] = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                                           env=cluster.env, start_new_session=True)
            if name == "munged":
                cluster.wait_for(socket_path.exists, 10, "munged's socket")
        cluster.wait_idle()
    except BaseException:
        stop_cluster(cluster)
        raise
    return cluster


def stop_cluster(cluster: SlurmCluster) -> None:
    """Cancel the cluster's jobs, then stop the daemons it started (and nothing else), newest first."""
    if "slurmctld" in cluster.processes and cluster.processes["slurmctld"].poll() is None:
        try:
            cluster.run("scancel", "--full", "--user=root", check=False)
            cluster.wait_for(lambda: not any(s in ("RUNNING", "COMPLETING", "PENDING")
                                             for s in cluster.jobs().values()), 60, "every job ended")
        except (TimeoutError, RuntimeError, subprocess.TimeoutExpired):
            pass  # the daemons are stopped anyway
    for name in reversed(list(cluster.processes)):
        process = cluster.processes[name]
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    if cluster.socket_dir is not None:
        shutil.rmtree(cluster.socket_dir, ignore_errors=True)


@pytest.fixture
def slurm_cluster(tmp_path_factory):
    """A fresh single-node Slurm per test (about 1 s to start), stopped at the test's end; skipped with the
    reason when Slurm's packages are not installed."""
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    cluster = start_cluster(tmp_path_factory.mktemp("slurm"))
    try:
        yield cluster
    finally:
        stop_cluster(cluster)
