"""Preparation time: ours against MLE-bench's own prepare.py, side by side, on the same raw data.

Each case is one competition's raw data, prepared by two separate processes, whole (interpreter
start, imports, the preparation, exit), because that is what a user waits for:

- "MLE-bench": its `prepare(raw, public, private)` in its pinned preparation environment (numpy
  1.26.4, pandas 2.2.2, scikit-learn 1.5.1, ...: oracle.PREPARE_PINS plus the competition's
  PREPARE_EXTRA_PINS), loaded as tests/competitions/preparation/oracle_prepare.py loads it for the
  differential test (its HOOKS included, where one adapts MLE-bench's code to generated data);
- "ours": `competitions/<id>/prepare.py` through the project's loader (`load_competition(...)
  .code("prepare")`), in this environment (pandas 3 by default), the generator's `seam` applied
  where it has one, as the differential test does (marked "[seam]": the wall and CPU time of
  importing and applying it are measured in the child and taken off ours; its memory is not).

Every run gets a fresh copy of the raw folder (MLE-bench unpacks archives into it, some of its
preparations delete from it) and empty output folders; copying and clean-up are not timed. The
cases:

1. the 8 competitions whose real Kaggle raw data is in ../shared/kaggle-raw (`--raw-dir`);
2. every competition with a raw-data generator in tests/competitions/preparation/raw/ (its
   `make(raw, rng)`, seed `--seed`); `--scale N` multiplies each of a generator's integer size
   parameters (rows=..., products=...) by N, so that the data and not the imports dominate;
   a generator without one keeps its size (marked "fixed" in the table).

Measured per run: wall time of the child process (perf_counter around it), its CPU time (user +
sys from wait4, which load from other processes disturbs less than wall time) and, reported by the
child, its peak RSS and the in-process part: the prepare() call alone, after the imports (an import
that a preparation makes only inside prepare() counts there). The
machine is shared, so the two sides take turns `--rounds` times per case (the order alternates
from round to round) and each case keeps, per side and per figure, its fastest round: other
processes only ever add time. After the first round the two prepared folders are compared as the
differential test compares them (files byte for byte, archives by members); a difference is
flagged, since a benchmark of two different outputs would mean little.

Printed: per case the times and the ratio ours / MLE-bench (below 1 = we are faster) of wall, CPU
and in-process time, the geometric mean per kind of data, and a summary against issue 14's goals
(whole-process wall time: geometric mean <= 0.7x, no competition above 1.2x).

How long it takes: each run is a fresh interpreter importing pandas (MLE-bench's side also
scikit-learn, and TensorFlow for cassava), about a second, plus the preparation. Measured on this
project's 2 cores shared with other jobs (load 10-70): the default (34 cases, 3 rounds, scale 1)
14 minutes, of which denoising-dirty-documents ~4.5 (MLE-bench's side takes a minute a run) and
writing the synthetic data ~2.5; `--only real` 9-10 minutes; `--only synthetic --scale 20
--rounds 2` 10 minutes. The first use of a preparation environment builds it (~3 min, cached under
~/.cache/pytest-mlebench-tests).

    python benchmarks/preparation_vs_mlebench.py [--rounds 3] [--only real|synthetic] [--scale 1]
        [--competitions ID ...] [--seed 0] [--raw-dir ../shared/kaggle-raw] [--scratch DIR]
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the checkout (this file also runs as a child in the oracle environment)
REAL = (
    "aerial-cactus-identification", "denoising-dirty-documents", "detecting-insults-in-social-commentary",
    "leaf-classification", "nomad2018-predict-transparent-conductors", "random-acts-of-pizza",
    "spaceship-titanic", "spooky-author-identification",
)
GENERATORS = ROOT / "tests" / "competitions" / "preparation" / "raw"
ORACLE_PREPARE = ROOT / "tests" / "competitions" / "preparation" / "oracle_prepare.py"
SIDES = ("mlebench", "ours")
GOAL_MEAN, GOAL_WORST = 0.7, 1.2


# -- the children (stdlib imports only at module level: this runs under the oracle's Python too) ----


def _load_path(name: str, path: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _child_mlebench(competition_id: str, raw: Path, public: Path, private: Path) -> float:
    """MLE-bench's prepare() as oracle_prepare.main runs it (with its hook for the competition,
    if any), timed around the prepare() call only."""
    import importlib

    oracle = _load_path("oracle_prepare", ORACLE_PREPARE)
    sys.path.insert(0, str(ROOT.parent / "shared" / "mlebench-src"))

    def load():
        return importlib.import_module(f"mlebench.competitions.{competition_id}.prepare")

    hooks = getattr(oracle, "HOOKS", {})
    module = hooks[competition_id](load, raw) if competition_id in hooks else load()
    started = time.perf_counter()
    module.prepare(raw=raw, public=public, private=private)
    return time.perf_counter() - started


class _Patches:
    """The part of pytest's monkeypatch that a generator's seam uses, without importing pytest (whose
    import would count against ours); nothing is undone: the child exits after."""

    def setenv(self, name: str, value) -> None:
        os.environ[name] = str(value)

    def setattr(self, target, name: str, value) -> None:
        setattr(target, name, value)


def _child_ours(competition_id: str, raw: Path, public: Path, private: Path, seam_of: str) -> tuple[float, dict]:
    """Our prepare.py through the project's loader, timed around the prepare() call only. `seam_of`
    names the generator whose `seam` adapts ours to generated data (freesound's Zenodo file), if any;
    the wall and CPU seconds of importing and applying it are returned, to be taken off the whole
    process's (a test's adaptation, not part of our preparation: the generator imports scikit-learn)."""
    import importlib
    import resource

    sys.path.insert(0, str(ROOT))
    from pytest_mlebench.competitions import load_competition

    prepare = load_competition(ROOT / "competitions" / competition_id).code("prepare")
    if prepare is None:
        raise SystemExit(f"{competition_id} has no prepare.py of ours")
    seam = {}
    if seam_of:  # as the differential test applies it
        usage, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        importlib.import_module(f"tests.competitions.preparation.raw.{seam_of}").seam(_Patches(), raw, prepare)
        after = resource.getrusage(resource.RUSAGE_SELF)
        seam = {"seam_wall": time.perf_counter() - started,
                "seam_cpu": after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime}
    started = time.perf_counter()
    prepare.prepare(raw, public, private)
    return time.perf_counter() - started, seam


def child(side: str, competition_id: str, raw: str, out: str, result: str, seam_of: str) -> int:
    public, private = Path(out) / "public", Path(out) / "private"
    public.mkdir(parents=True)
    private.mkdir(parents=True)
    seam = {}
    if side == "mlebench":
        seconds = _child_mlebench(competition_id, Path(raw), public, private)
    else:
        seconds, seam = _child_ours(competition_id, Path(raw), public, private, seam_of)
    import numpy
    import pandas

    versions = f"pandas {pandas.__version__}, numpy {numpy.__version__}"
    Path(result).write_text(json.dumps({"prepare": seconds, "versions": versions, "rss_mb": _peak_rss_mb(), **seam}),
                            encoding="utf-8")
    return 0


def _peak_rss_mb() -> float:
    """This process's peak resident memory since its exec (VmHWM). Not wait4's ru_maxrss: that counts
    the parent's memory at fork time too."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# -- the driver (this environment) ----------------------------------------------------------------


@dataclass
class Run:
    """One side's preparation of one case, as measured from outside and reported from inside."""

    wall: float
    cpu: float
    rss_mb: float
    prepare: float


@dataclass
class Case:
    """One competition's raw data and the fastest run of each side over the rounds."""

    competition: str
    kind: str  # "real" or "synthetic"
    master: Path  # the folder holding raw/ (and whatever a generator writes beside it), copied per run
    size: str = ""  # what the generator was asked for, or "fixed"
    seam_of: str = ""  # the generator's module name when it has a `seam` for our side
    raw_mb: float = 0.0
    best: dict = field(default_factory=dict)  # side -> Run of the fastest figures (each figure's own minimum)
    versions: dict = field(default_factory=dict)
    error: str = ""
    differs: list = field(default_factory=list)


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def _make_synthetic(generator: str, master: Path, seed: int, scale: int) -> tuple[str, str]:
    """Write a generator's raw data into master/raw; returns the sizes it was given and, if it has
    a seam, its name."""
    import importlib
    import inspect
    import random

    module = importlib.import_module(f"tests.competitions.preparation.raw.{generator}")
    sizes = {name: parameter.default * scale for name, parameter in inspect.signature(module.make).parameters.items()
             if type(parameter.default) is int}
    (master / "raw").mkdir(parents=True)
    module.make(master / "raw", random.Random(seed), **sizes)
    return (", ".join(f"{name}={value:,}" for name, value in sizes.items()) or "fixed",
            generator if hasattr(module, "seam") else "")


def _run_child(python: Path, side: str, case: Case, run_dir: Path, timeout: float) -> Run:
    shutil.copytree(case.master, run_dir / "in", symlinks=True)
    result = run_dir / "result.json"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(PYTHONHASHSEED="0", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               TF_CPP_MIN_LOG_LEVEL="3", MPLBACKEND="Agg")
    command = [str(python), str(Path(__file__).resolve()), "--child", side, case.competition, str(run_dir / "in" / "raw"),
               str(run_dir / "out"), str(result), case.seam_of]
    with open(run_dir / "stderr.txt", "wb") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=run_dir)
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        watchdog.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0 or not result.exists():
        tail = (run_dir / "stderr.txt").read_text(encoding="utf-8", errors="replace")[-2500:]
        raise RuntimeError(f"{side} failed (exit {process.returncode}):\n{tail}")
    reported = json.loads(result.read_text(encoding="utf-8"))
    case.versions[side] = reported["versions"]
    return Run(wall=wall - reported.get("seam_wall", 0.0), cpu=usage.ru_utime + usage.ru_stime - reported.get("seam_cpu", 0.0),
               rss_mb=reported["rss_mb"], prepare=reported["prepare"])


def _keep_fastest(case: Case, side: str, run: Run) -> None:
    kept = case.best.get(side)
    case.best[side] = run if kept is None else Run(*(min(a, b) for a, b in zip(
        (kept.wall, kept.cpu, kept.rss_mb, kept.prepare), (run.wall, run.cpu, run.rss_mb, run.prepare))))


def measure(case: Case, pythons: dict, rounds: int, scratch: Path, timeout: float) -> None:
    """The two sides in turn, `rounds` times, the order alternating; the first round's outputs compared."""
    from tests.competitions.preparation.trees import differences

    for turn in range(rounds):
        order = SIDES if turn % 2 == 0 else SIDES[::-1]
        folders = {side: scratch / f"{case.competition}-{side}" for side in order}
        try:
            for side in order:
                shutil.rmtree(folders[side], ignore_errors=True)
                folders[side].mkdir(parents=True)
                _keep_fastest(case, side, _run_child(pythons[side], side, case, folders[side], timeout))
            if turn == 0:
                case.differs = differences(folders["mlebench"] / "out", folders["ours"] / "out", limit=3)
        except RuntimeError as exc:
            case.error = str(exc)
            return
        finally:
            for folder in folders.values():
                shutil.rmtree(folder, ignore_errors=True)


def _geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def _ratio(case: Case, figure: str) -> float:
    return getattr(case.best["ours"], figure) / getattr(case.best["mlebench"], figure)


def report(cases: list[Case], rounds: int, scale: int) -> None:
    done = [c for c in cases if not c.error]
    versions = {side: sorted({c.versions[side] for c in done if side in c.versions}) for side in SIDES}
    print(f"MLE-bench: {'; '.join(versions['mlebench'])} (its preparation environment); "
          f"ours: {'; '.join(versions['ours'])}")
    print(f"seconds; the fastest of {rounds} rounds per side, the two sides taking turns; synthetic data at "
          f"scale {scale}; ratio = ours / MLE-bench")
    header = (f"{'competition':<54}{'raw MB':>8}  {'wall: MLE':>9}{'ours':>7}{'ratio':>7}  {'CPU: MLE':>8}{'ours':>7}"
              f"{'ratio':>7}  {'prepare(): MLE':>14}{'ours':>7}{'ratio':>7}  {'RSS MB: MLE':>11}{'ours':>6}")
    for kind in ("real", "synthetic"):
        group = [c for c in cases if c.kind == kind]
        if not group:
            continue
        print(f"\n{kind} raw data" + (" (../shared/kaggle-raw)" if kind == "real" else " (tests/competitions/preparation/raw)"))
        print(header)
        for case in group:
            label = case.competition + (" [fixed]" if kind == "synthetic" and case.size == "fixed" else "") + (
                " [seam]" if case.seam_of else "")
            if case.error:
                lines = case.error.strip().splitlines()
                said = lines[0] if len(lines) == 1 else f"{lines[0]} ... {lines[-1][:100]}"
                print(f"{label:<54}{case.raw_mb:>8.1f}  FAILED: {said}")
                continue
            theirs, ours = case.best["mlebench"], case.best["ours"]
            print(f"{label:<54}{case.raw_mb:>8.1f}  {theirs.wall:>9.2f}{ours.wall:>7.2f}{_ratio(case, 'wall'):>6.2f}x"
                  f"  {theirs.cpu:>8.2f}{ours.cpu:>7.2f}{_ratio(case, 'cpu'):>6.2f}x"
                  f"  {theirs.prepare:>14.3f}{ours.prepare:>7.3f}{_ratio(case, 'prepare'):>6.2f}x"
                  f"  {theirs.rss_mb:>11.0f}{ours.rss_mb:>6.0f}")
        measured = [c for c in group if not c.error]
        if measured:
            means = {figure: _geomean([_ratio(c, figure) for c in measured]) for figure in ("wall", "cpu", "prepare")}
            print(f"{'geometric mean':<54}{'':>8}  {'':>16}{means['wall']:>6.2f}x  {'':>15}{means['cpu']:>6.2f}x"
                  f"  {'':>21}{means['prepare']:>6.2f}x")
    flagged = [c for c in done if c.differs]
    if flagged:
        print("\nprepared folders that differ between the two sides (first round):")
        for case in flagged:
            print(f"  ! {case.competition}: " + "; ".join(case.differs))
    print()
    groups = {kind: [c for c in done if c.kind == kind] for kind in ("real", "synthetic")}
    if all(groups.values()):
        groups["all"] = done
    for kind, group in groups.items():
        if not group:
            continue
        parts = []
        for figure, name in (("wall", "whole process"), ("cpu", "CPU")):
            ratios = [_ratio(c, figure) for c in group]
            mean, (worst, worst_case) = _geomean(ratios), max(zip(ratios, (c.competition for c in group)))
            parts.append(f"{name}: geometric mean {mean:.2f}x (goal <= {GOAL_MEAN}x: {'met' if mean <= GOAL_MEAN else 'MISSED'}), "
                         f"worst {worst_case} {worst:.2f}x (goal <= {GOAL_WORST}x: {'met' if worst <= GOAL_WORST else 'MISSED'})"
                         + ("" if worst <= GOAL_WORST else f" [above {GOAL_WORST}x: "
                            + ", ".join(f"{c.competition} {r:.2f}x" for r, c in zip(ratios, group) if r > GOAL_WORST) + "]"))
        print(f"summary, {kind} ({len(group)} cases): " + "; ".join(parts))
    failed = [c.competition for c in cases if c.error]
    if failed:
        print(f"not measured (a side failed, see above): {', '.join(failed)}")


def main(argv: list[str] | None = None) -> int:
    import argparse

    generators = sorted(p.stem for p in GENERATORS.glob("*.py") if p.stem != "__init__")
    known = {"real": set(REAL), "synthetic": {g.replace("_", "-") for g in generators}}
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="times the two sides take turns; per case the fastest kept")
    parser.add_argument("--only", choices=("real", "synthetic"), default=None)
    parser.add_argument("--competitions", nargs="+", metavar="ID", default=None,
                        help=f"only these (default: all {len(REAL)} real and {len(generators)} synthetic)")
    parser.add_argument("--scale", type=int, default=1, help="multiply every size parameter of the generators by this")
    parser.add_argument("--seed", type=int, default=0, help="the generators' random.Random seed")
    parser.add_argument("--raw-dir", type=Path, default=ROOT.parent / "shared" / "kaggle-raw")
    parser.add_argument("--scratch", type=Path, default=None, help="where raw copies and outputs go (default: a temp dir)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before one preparation is killed")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.competitions or ()) - known["real"] - known["synthetic"])
    if unknown:
        parser.error(f"no real raw data or generator for {', '.join(unknown)}; known: "
                     f"{', '.join(sorted(known['real'] | known['synthetic']))}")

    sys.path.insert(0, str(ROOT))
    from tests.competitions.differential import oracle

    kinds = ("real", "synthetic") if args.only is None else (args.only,)
    cases = []
    with tempfile.TemporaryDirectory(prefix="preparation-vs-mlebench-", dir=args.scratch) as tmp:
        scratch = Path(tmp)
        print("writing the raw data ...", file=sys.stderr)
        for kind in kinds:  # the real cases first, then the generated ones, each in name order
            for competition_id in sorted(known[kind] & set(args.competitions or known[kind])):
                master = scratch / "raw" / f"{competition_id}-{kind}"
                if kind == "real":
                    if not (args.raw_dir / competition_id).is_dir():
                        print(f"  {competition_id}: no raw data in {args.raw_dir}, skipped", file=sys.stderr)
                        continue
                    # SOURCE.txt is the workspace's provenance note, not one of Kaggle's files
                    shutil.copytree(args.raw_dir / competition_id, master / "raw", ignore=shutil.ignore_patterns("SOURCE.txt"))
                    case = Case(competition_id, kind, master)
                else:
                    try:
                        size, seam_of = _make_synthetic(competition_id.replace("-", "_"), master, args.seed, args.scale)
                    except Exception as exc:  # reported in the table; the other cases are still measured
                        cases.append(Case(competition_id, kind, master, error=f"its generator failed: {exc!r}"))
                        continue
                    case = Case(competition_id, kind, master, size, seam_of)
                case.raw_mb = _folder_mb(master)
                cases.append(case)
        for number, case in enumerate(cases, 1):
            if case.error:
                continue
            pins = oracle.PREPARE_PINS + oracle.PREPARE_EXTRA_PINS.get(case.competition, ())
            pythons = {"mlebench": oracle.oracle_python(pins), "ours": Path(sys.executable)}
            started = time.monotonic()
            measure(case, pythons, args.rounds, scratch / "runs", args.timeout)
            status = "FAILED" if case.error else (
                f"wall {case.best['mlebench'].wall:.2f} s vs ours {case.best['ours'].wall:.2f} s")
            print(f"  [{number}/{len(cases)}] {case.competition} ({case.kind}): {status} "
                  f"({time.monotonic() - started:.0f} s)", file=sys.stderr)
    report(cases, args.rounds, args.scale)
    return 1 if any(c.error for c in cases) else 0


if __name__ == "__main__":
    if len(sys.argv) == 8 and sys.argv[1] == "--child":
        sys.exit(child(*sys.argv[2:8]))
    sys.exit(main())
