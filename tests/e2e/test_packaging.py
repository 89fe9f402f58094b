"""The product as a user installs it: a wheel built from the tracked files, installed into a fresh
virtual environment and run from an empty folder, with no checkout on sys.path and no conftest.

The wheel is built once per session (a file lock shares it between xdist workers); dependencies
come from PyPI through pip's cache, as for any user."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from filelock import FileLock

from tests.support.paths import REPO

# Folder in the checkout -> its package in the wheel (see setup.py and pyproject.toml).
PACKAGED = {"pytest_mlebench": "pytest_mlebench", "competitions": "pytest_mlebench_competitions"}

pytestmark = pytest.mark.slow


def tracked_files() -> list[str]:
    """The checkout's files as git knows them (what a clone has), skipping ones deleted locally."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs the project's git checkout (git ls-files)")
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    return [name for name in listing.decode().split("\0") if name and (REPO / name).is_file()]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The wheel built by `pip wheel --no-deps` from a copy of the tracked files (no build/ or
    egg-info left in the checkout, and nothing untracked can slip in)."""
    shared = tmp_path_factory.getbasetemp().parent  # one per session, shared by xdist workers
    with FileLock(str(shared / "mlebench-wheel.lock")):
        built = sorted((shared / "mlebench-wheel").glob("pytest_mlebench-*.whl"))
        if built:
            return built[0]
        source = shared / "mlebench-wheel-source"
        for name in tracked_files():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
        out = shared / "mlebench-wheel-build"
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--disable-pip-version-check",
                        "-w", str(out), str(source)], check=True, capture_output=True)
        (wheel_file,) = out.glob("pytest_mlebench-*.whl")
        out.rename(shared / "mlebench-wheel")  # complete, or absent: never half a wheel
        return shared / "mlebench-wheel" / wheel_file.name


def test_the_wheel_holds_every_tracked_file_of_the_product_and_nothing_else(wheel: Path):
    """Everything read at run time (modules, the scripts that run inside a sandbox, builtin agents, each
    competition's TOML, description, prepare/grade code and leaderboard) is a tracked file under
    pytest_mlebench/ or competitions/; the wheel must hold each of them, and no stray file."""
    expected = set()
    for name in tracked_files():
        top, _, rest = name.partition("/")
        if top in PACKAGED and rest:
            expected.add(f"{PACKAGED[top]}/{rest}")
    with zipfile.ZipFile(wheel) as archive:
        packaged = {n for n in archive.namelist() if n.split("/")[0] in PACKAGED.values() and not n.endswith("/")}
    assert packaged == expected, {"missing": sorted(expected - packaged), "stray": sorted(packaged - expected)}
    assert "pytest_mlebench/sandbox/inside/validation_server.py" in packaged  # the HTTP endpoint
    assert "pytest_mlebench_competitions/starter-telco-churn/competition.toml" in packaged


AGENT = textwrap.dedent(
    """
    # An agent of the user's own: checks a wrong file with validate_submission.sh, the sample with
    # the HTTP endpoint, keeps both answers in its work folder, then submits the sample.
    import json, os, shutil, subprocess, time, urllib.request

    sample = os.path.join(os.environ["MLEBENCH_DATA_DIR"], "sample_submission.csv")
    with open("wrong.csv", "w") as f:
        f.write("nothing,here\\n1,2\\n")
    script = subprocess.run(["sh", os.environ["MLEBENCH_VALIDATE"], "wrong.csv"], capture_output=True, text=True)
    for _ in range(300):  # the endpoint starts next to the agent
        try:
            urllib.request.urlopen("http://localhost:5000/health", timeout=5)
            break
        except OSError:
            time.sleep(0.1)
    boundary = "mlebench-boundary"
    with open(sample, "rb") as f:
        body = (f"--{boundary}\\r\\nContent-Disposition: form-data; name=\\"file\\"; filename=\\"s.csv\\"\\r\\n\\r\\n"
                .encode() + f.read() + f"\\r\\n--{boundary}--\\r\\n".encode())
    request = urllib.request.Request("http://localhost:5000/validate", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    http = json.loads(urllib.request.urlopen(request, timeout=120).read())
    with open("answers.json", "w") as f:
        json.dump({"script_exit": script.returncode, "script": json.loads(script.stdout), "http": http}, f)
    shutil.copy(sample, os.environ["MLEBENCH_SUBMISSION_PATH"])
    """
)


def test_installed_wheel_runs_a_starter_competition_from_an_empty_folder(wheel: Path, tmp_path: Path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)  # no system site-packages
    python = venv / "bin" / "python"
    pip_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
                               capture_output=True, text=True, env=pip_env)
    assert installed.returncode == 0, installed.stderr[-3000:]

    folder = tmp_path / "empty"  # the user's folder: an agent, nothing else (no conftest, no ini)
    folder.mkdir()
    (folder / "agent.py").write_text(AGENT)
    (folder / "agent.toml").write_text('command = ["{python}", "{agent_dir}/agent.py"]\n')
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTEST", "MLEBENCH", "PYTHON", "VIRTUAL_ENV", "KAGGLE"))}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), "/usr/local/bin", "/usr/bin", "/bin"])
    where = subprocess.run([str(python), "-c", "import pytest_mlebench, pytest_mlebench_competitions as c; "
                            "print(pytest_mlebench.__file__); print(c.__file__)"],
                           cwd=folder, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where  # the installed copy, not the checkout

    report, runs = tmp_path / "report.json", tmp_path / "runs"
    result = subprocess.run(
        [str(venv / "bin" / "pytest"), "-p", "no:cacheprovider", "--agent=agent.toml", "-k", "telco",
         f"--mle-cache-dir={tmp_path / 'cache'}", f"--mle-run-dir={runs}", f"--mle-report={report}"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=1200,
    )
    assert result.returncode == 0 and "1 passed" in result.stdout, result.stdout[-4000:] + result.stderr[-2000:]
    (record,) = json.loads(report.read_text())["competition_reports"]
    assert record["competition_id"] == "starter-telco-churn" and record["valid_submission"] is True
    assert record["validations"] == 2
    answers = json.loads((Path(record["run_dir"]) / "work" / "answers.json").read_text())
    assert answers["script_exit"] == 1 and answers["script"]["valid"] is False
    assert answers["script"]["result"].startswith("Submission is invalid")
    assert answers["http"] == {"result": "Submission is valid: it would be graded.", "valid": True}
    assert sorted(p.name for p in folder.iterdir()) == ["agent.py", "agent.toml"]  # nothing written there
