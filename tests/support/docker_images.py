"""Small Docker images for the tests, built here (no registry is needed).

Both are a root filesystem made from Debian's busybox-static package (sh, cp,
cat, sleep, dd, tar, find, nc ...) with a `nonroot` user (uid 1000), imported
with `docker import`:

- BUSYBOX: nothing else; agents give their own shell command.
- CONVENTION: MLE-bench's agent convention on top: /home/agent/start.sh
  (started as `bash start.sh` by user nonroot; `bash` is a two-line stand-in
  running busybox sh), copying the sample submission and writing a log line
  and a code file.
- NO_TAR, NO_SH: BUSYBOX less `tar`, or less `sh`: images the sandbox must
  refuse at start, naming what is missing.

Built once per machine and reused (the tag names the recipe's version); a
file lock keeps pytest-xdist workers from building at the same time.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from filelock import FileLock

BUSYBOX = "pytest-mlebench-test/busybox:1"
CONVENTION = "pytest-mlebench-test/busybox-agent:1"
NO_TAR = "pytest-mlebench-test/busybox-no-tar:1"
NO_SH = "pytest-mlebench-test/busybox-no-sh:1"
LOCK = Path(tempfile.gettempdir()) / "pytest-mlebench-test-images.lock"
DEB_CACHE = Path(tempfile.gettempdir()) / "pytest-mlebench-test-busybox"

START_SH = """\
#!/bin/bash
echo "start.sh as $(id -un) in $(pwd) for $COMPETITION_ID with $TIME_LIMIT_SECS s" | tee $LOGS_DIR/start.log
cp /home/data/sample_submission.csv $SUBMISSION_DIR/submission.csv
echo 'print("the solution")' > $CODE_DIR/solution.py
"""


def ensure_images(client) -> None:
    """Build the test images unless this engine already has them."""
    with FileLock(str(LOCK)):
        recipes = {BUSYBOX: {}, CONVENTION: {"agent": True}, NO_TAR: {"without": ("tar",)}, NO_SH: {"without": ("sh",)}}
        for tag, recipe in recipes.items():
            if not _has(client, tag):
                _import(client, tag, _rootfs(**recipe))


def _has(client, tag: str) -> bool:
    import docker

    try:
        client.images.get(tag)
        return True
    except docker.errors.ImageNotFound:
        return False


def _busybox_binary() -> bytes:
    """The static busybox of Debian's busybox-static package (downloaded once with apt-get)."""
    DEB_CACHE.mkdir(parents=True, exist_ok=True)
    binary = DEB_CACHE / "root" / "bin" / "busybox"
    if not binary.exists():
        subprocess.run(["apt-get", "download", "busybox-static"], cwd=DEB_CACHE, check=True, capture_output=True)
        deb = next(DEB_CACHE.glob("busybox-static_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(deb), str(DEB_CACHE / "root")], check=True)
    return binary.read_bytes()


def _rootfs(agent: bool = False, without: tuple[str, ...] = ()) -> bytes:
    busybox = _busybox_binary()
    applets = subprocess.run(
        [str(DEB_CACHE / "root" / "bin" / "busybox"), "--list"], capture_output=True, text=True, check=True
    ).stdout.split()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:

        def add(name: str, mode: int, data: bytes | None = None, kind=tarfile.REGTYPE, link: str = "", uid: int = 0):
            info = tarfile.TarInfo(name)
            info.mode, info.type, info.linkname, info.uid, info.gid = mode, kind, link, uid, uid
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)

        for folder in ("bin", "etc", "home", "root", "proc", "sys", "dev"):
            add(folder, 0o755, kind=tarfile.DIRTYPE)
        add("tmp", 0o1777, kind=tarfile.DIRTYPE)
        add("home/nonroot", 0o755, kind=tarfile.DIRTYPE, uid=1000)
        add("bin/busybox", 0o755, busybox)
        for applet in applets:
            if applet != "busybox" and applet not in without:
                add(f"bin/{applet}", 0o777, kind=tarfile.SYMTYPE, link="busybox")
        add("etc/passwd", 0o644, b"root:x:0:0:root:/root:/bin/sh\nnonroot:x:1000:1000::/home/nonroot:/bin/sh\n")
        add("etc/group", 0o644, b"root:x:0:\nnonroot:x:1000:\n")
        if agent:
            add("bin/bash", 0o755, b'#!/bin/sh\nexec /bin/sh "$@"\n')
            add("home/agent", 0o755, kind=tarfile.DIRTYPE)
            add("home/agent/start.sh", 0o755, START_SH.encode())
    return buffer.getvalue()


def _import(client, tag: str, rootfs: bytes) -> None:
    repository, version = tag.rsplit(":", 1)
    with tempfile.NamedTemporaryFile(suffix=".tar") as tar:
        tar.write(rootfs)
        tar.flush()
        client.api.import_image_from_file(tar.name, repository=repository, tag=version, changes=["ENV PATH=/bin"])
