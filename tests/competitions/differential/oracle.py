"""MLE-bench's side: its graders, in a virtual environment with the libraries it pins.

The environment is built once per set of pins, from PyPI, under
~/.cache/pytest-mlebench-tests/oracle-<hash of the pins> (a file lock keeps two xdist
workers from building it at once) and reused after. `run_oracle` grades a whole batch in
one process of tests/support/mlebench_driver.py, with ../shared/mlebench-src on its path;
`run_ours_there` grades the same batch with our graders in that environment, which is
how the test measures us under pandas 2.2 as well as under the test's own pandas.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from filelock import FileLock

from tests.support.paths import REPO

ROOT = REPO
SOURCE = ROOT.parent / "shared" / "mlebench-src"
DRIVER = ROOT / "tests" / "support" / "mlebench_driver.py"
OURS = ROOT / "tests" / "competitions" / "differential" / "ours.py"

# The versions MLE-bench's environment/requirements.txt pins for what its graders and grading code
# import; pycocotools, pyquaternion, shapely and appdirs (not pinned there) at versions with wheels for 3.11.
PINS = (
    "numpy==1.26.4", "pandas==2.2.2", "scikit-learn==1.5.1", "scipy==1.14.1",
    "levenshtein==0.25.1", "pyyaml==6.0.2", "tqdm==4.66.5", "py7zr==0.22.0",
    "appdirs==1.4.4", "pycocotools==2.0.8", "pyquaternion==0.9.9", "shapely==2.0.6",
)
CACHE = Path(os.environ.get("PYTEST_MLEBENCH_TEST_CACHE", Path.home() / ".cache" / "pytest-mlebench-tests"))


class OracleUnavailable(RuntimeError):
    """PyPI cannot be reached, so MLE-bench's pinned libraries cannot be installed here."""


# What MLE-bench's prepare.py files import beyond its graders (its ORACLE.md lists them), at versions with
# wheels for Python 3.11: the preparation environment is the grading one plus these.
PREPARE_PINS = PINS + (
    "pillow==10.4.0", "fastparquet==2024.5.0", "pymongo==4.8.0", "nbformat==5.10.4", "diskcache==5.6.3",
    "tenacity==9.0.0",
)
# What one competition's preparation alone needs on top (its own environment, built on first use):
# cassava's reads TFRecord files with TensorFlow (MLE-bench's environment/requirements.txt pin).
PREPARE_EXTRA_PINS = {"cassava-leaf-disease-classification": ("tensorflow==2.17.0",)}


def oracle_dir(pins: tuple[str, ...] = PINS) -> Path:
    digest = hashlib.sha256("\n".join((sys.version.split()[0], *pins)).encode()).hexdigest()[:12]
    return CACHE / f"oracle-{digest}"


def oracle_python(pins: tuple[str, ...] = PINS) -> Path:
    """The oracle environment's interpreter (MLE-bench's graders' pins, or PREPARE_PINS for its
    preparations), building the environment first if needed."""
    if not (SOURCE / "mlebench" / "grade.py").exists():
        raise FileNotFoundError(f"MLE-bench's source is not at {SOURCE}: the differential test needs ../shared/mlebench-src "
                                "beside the checkout (see its ORACLE.md)")
    target = oracle_dir(pins)
    python = target / "bin" / "python"
    ready = target / ".ready"
    CACHE.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock", timeout=900):
        if ready.exists():
            return python
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(target)], check=True, capture_output=True)
        install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *pins],
                                 capture_output=True, text=True)
        if install.returncode != 0:
            shutil.rmtree(target, ignore_errors=True)
            message = (install.stderr or install.stdout).strip()[-1500:]
            if _pypi_unreachable(message):
                raise OracleUnavailable(f"PyPI is unreachable, so MLE-bench's pinned libraries cannot be installed: {message[-300:]}")
            raise RuntimeError(f"building the oracle environment failed (pip exit {install.returncode}):\n{message}")
        ready.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return python


def _pypi_unreachable(message: str) -> bool:
    signs = ("Network is unreachable", "Temporary failure in name resolution", "Name or service not known",
             "Failed to establish a new connection", "ProxyError", "ConnectTimeoutError", "Max retries exceeded")
    return any(sign in message for sign in signs)


def _run(python: Path, script: Path, args: list[str], cases: list[dict], timeout: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="mlebench-oracle-") as scratch:
        batch, result = Path(scratch) / "batch.json", Path(scratch) / "result.json"
        batch.write_text(json.dumps({"cases": cases}), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        env.update(PYTHONHASHSEED="0", OMP_NUM_THREADS="1", MPLBACKEND="Agg")
        done = subprocess.run([str(python), str(script), *args, str(batch), str(result)], capture_output=True, text=True,
                              timeout=timeout, env=env, cwd=scratch)
        if done.returncode != 0 or not result.exists():
            raise RuntimeError(f"{script.name} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
        return json.loads(result.read_text(encoding="utf-8"))


def run_oracle(cases: list[dict], timeout: float = 1800) -> dict:
    """{"results": [driver records], "answers_names": {competition: file name}} for `cases`."""
    return _run(oracle_python(), DRIVER, [str(SOURCE)], cases, timeout)


def run_ours_there(cases: list[dict], timeout: float = 1800) -> dict:
    """Our outcomes ({"pandas", "outcomes": {key: outcome}}) graded inside the oracle environment."""
    return _run(oracle_python(), OURS, [], cases, timeout)
