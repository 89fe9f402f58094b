"""Grading time: ours against MLE-bench's own graders, side by side, same files, same libraries.

Three long-lived worker processes grade the same batch of (answers, submission) files, one
after the other (never at once, so they do not share the cores):

- "MLE-bench": its `grade_csv` path without the medal look-up (its `read_csv`, its
  `load_answers`, the competition's `grade_fn` from config.yaml, the score rounded), as
  tests/support/mlebench_driver.py calls it, in the oracle environment of the differential
  test (MLE-bench's pins: numpy 1.26.4, pandas 2.2.2, scikit-learn 1.5.1);
- "ours, pandas 2.2": our whole path, `grade_submission`, in that same oracle environment;
- "ours, here": `grade_submission` with this environment's libraries (pandas 3 by default).

Each worker grades every case once untimed (lazy imports, file cache), then `--repeats` times
timed with perf_counter; the median is kept, and the three sides take turns `--rounds` times
(all three once, then again), each case keeping its fastest round, so that a load from other
processes that comes and goes does not weigh on one side alone (above 500k rows: `--large-repeats` times, no
untimed run, which would only double a run of minutes). Interpreter start-up and imports are not timed.
The cases:

1. the 8 competitions whose raw Kaggle data is in ../shared/kaggle-raw, prepared with our
   preparer, each with three submissions (the sample submission, a perfect one made from the
   answers, a perturbed one); a competition's time is the sum of its three medians;
2. one synthetic case per metric family at `--rows` rows (1M by default), graded by the
   definition of a competition of that family on both sides.

Printed: times and the ratio ours / MLE-bench (below 1 = we are faster) per competition and
family, the geometric mean over competitions, and a summary against the goals (geometric mean
<= 0.7x, no competition above 1.0x, <= 0.7x at 1M rows for every family). Outcomes that differ
between the sides are flagged (this is a benchmark, not the differential test).

    python benchmarks/grading_vs_mlebench.py [--repeats 5] [--rounds 3] [--rows 1000000] [--cache-dir DIR]
        [--raw-dir ../shared/kaggle-raw] [--only competitions|families]
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the checkout (this file also runs as a worker in the oracle environment)
COMPETITIONS = (
    "aerial-cactus-identification", "denoising-dirty-documents", "detecting-insults-in-social-commentary",
    "leaf-classification", "nomad2018-predict-transparent-conductors", "random-acts-of-pizza",
    "spaceship-titanic", "spooky-author-identification",
)
# family -> the competition whose graders (both sides) grade its synthetic files
FAMILIES = {
    "multi-class log loss": "spooky-author-identification",
    "AUC": "aerial-cactus-identification",
    "MAP@5": "whale-categorization-playground",
    "RMSE": "denoising-dirty-documents",
    "accuracy": "spaceship-titanic",
}
LARGE = 500_000  # rows above which a case gets --large-repeats and no untimed warm-up (imports are noise there)
GOAL_MEAN, GOAL_WORST, GOAL_FAMILY = 0.7, 1.0, 0.7


# -- the workers (stdlib imports only at module level: this runs under the oracle's Python too) ----


def _median_seconds(grade, repeats: int, warm_up: bool) -> tuple[float, object]:
    import gc

    result = grade() if warm_up else None  # untimed: lazy imports, the file cache
    times = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        result = grade()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _worker_mlebench(cases: list[dict]) -> list[dict]:
    source = ROOT.parent / "shared" / "mlebench-src"
    sys.path.insert(0, str(source))
    sys.path.insert(0, str(ROOT / "tests" / "support"))
    import mlebench_driver as driver
    from mlebench.utils import import_fn

    graders, out = {}, []
    for case in cases:
        competition = case["competition"]
        if competition not in graders:
            graders[competition] = import_fn(driver._config(source, competition)["grader"]["grade_fn"])
        seconds, record = _median_seconds(lambda: driver.grade_one(graders[competition], case), case["repeats"],
                                         case["warm_up"])
        out.append({"key": case["key"], "seconds": seconds, "outcome": record["outcome"], "score": record["score"],
                    "detail": record["detail"][:200]})
    return out


def _worker_ours(cases: list[dict]) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from pytest_mlebench.competitions import load_competition
    from pytest_mlebench.grading import checks
    from pytest_mlebench.grading.grade import grade_submission

    clear_answers = getattr(checks, "clear_answers_cache", None)
    loaded, out = {}, []
    for case in cases:
        competition_id = case["competition"]
        if competition_id not in loaded:
            loaded[competition_id] = load_competition(ROOT / "competitions" / competition_id)
        competition, private = loaded[competition_id], Path(case["answers"]).parent

        def grade_once():
            if case.get("cold") and clear_answers is not None:
                clear_answers()  # every grading parses the answers again, as the first one does
            return grade_submission(competition, Path(case["submission"]), private)

        seconds, grade = _median_seconds(grade_once, case["repeats"], case["warm_up"])
        outcome = "invalid" if not grade.valid else "nan" if grade.score is None else "score"
        out.append({"key": case["key"], "seconds": seconds, "outcome": outcome, "score": grade.score,
                    "detail": (grade.error or "")[:200]})
    return out


def worker(side: str, batch: Path, result: Path) -> int:
    import warnings

    cases = json.loads(batch.read_text(encoding="utf-8"))["cases"]
    devnull = os.open(os.devnull, os.O_WRONLY)  # graders print progress bars and warnings
    saved = os.dup(1), os.dup(2)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        warnings.simplefilter("ignore")
        records = _worker_mlebench(cases) if side == "mlebench" else _worker_ours(cases)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
    import numpy
    import pandas

    versions = f"pandas {pandas.__version__}, numpy {numpy.__version__}"
    result.write_text(json.dumps({"versions": versions, "records": records}), encoding="utf-8")
    return 0


# -- the driver (this environment) ----------------------------------------------------------------


def _run_worker(python: Path, side: str, cases: list[dict], scratch: Path) -> dict:
    batch, result = scratch / f"batch-{side}.json", scratch / f"result-{side}.json"
    batch.write_text(json.dumps({"cases": cases}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(PYTHONHASHSEED="0", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", MPLBACKEND="Agg")
    started = time.monotonic()
    done = subprocess.run([str(python), str(Path(__file__).resolve()), "--worker", side, str(batch), str(result)],
                          capture_output=True, text=True, env=env, cwd=scratch)
    if done.returncode != 0 or not result.exists():
        raise SystemExit(f"the {side} worker failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    data = json.loads(result.read_text(encoding="utf-8"))
    print(f"  {side:<10} {data['versions']}: {time.monotonic() - started:.0f} s", file=sys.stderr)
    return data


def _sample_submission(public: Path) -> Path:
    found = sorted(p for p in public.glob("*.csv") if "sample" in p.name.lower())
    if len(found) != 1:
        raise SystemExit(f"no single sample submission in {public}: {found}")
    return found[0]


def competition_submissions(competition, prepared, folder: Path, rng) -> dict[str, Path]:
    """The sample submission, a perfect one (the answers' values in its columns), a perturbed one."""
    import numpy as np
    import pandas as pd

    sample = _sample_submission(prepared.public)
    columns = list(pd.read_csv(sample, nrows=0).columns)
    answers = pd.read_csv(prepared.private / competition.grading.answers, dtype=str, keep_default_na=False)
    perfect = answers[columns]
    folder.mkdir(parents=True)
    perfect.to_csv(folder / "perfect.csv", index=False)
    perturbed = perfect.copy()
    targets, kind = list(competition.grading.target_columns), competition.grading.kind
    if kind == "label":
        values = perturbed[targets[0]].to_numpy(copy=True)
        choices = np.unique(values)
        flip = rng.random(len(values)) < 0.1
        values[flip] = rng.choice(choices, flip.sum())
        if set(choices) == {"True", "False"}:
            values[flip] = np.where(perturbed[targets[0]].to_numpy()[flip] == "True", "False", "True")
        perturbed[targets[0]] = values
    else:
        numbers = perturbed[targets].to_numpy(dtype=float)
        if kind == "probability":
            numbers = np.clip(0.4 * numbers + 0.6 * rng.random(numbers.shape), 0, 1).round(6)
        elif kind == "probabilities":
            numbers = 0.7 * numbers + 0.3 * rng.random(numbers.shape)
            numbers = numbers / numbers.sum(axis=1, keepdims=True)
        else:
            numbers = np.abs(numbers * (1 + 0.05 * rng.normal(size=numbers.shape)))
        perturbed[targets] = numbers
    perturbed = perturbed.iloc[rng.permutation(len(perturbed))]
    perturbed.to_csv(folder / "perturbed.csv", index=False)
    return {"sample": sample, "perfect": folder / "perfect.csv", "perturbed": folder / "perturbed.csv"}


def family_files(family: str, n: int, folder: Path, answers_name: str, rng) -> tuple[Path, Path]:
    """Synthetic answers and a shuffled, imperfect submission of n rows, in the competition's layout."""
    import numpy as np
    import pandas as pd

    (folder / "private").mkdir(parents=True)
    order = rng.permutation(n)
    if family == "multi-class log loss":
        ids = np.char.add("id", np.char.zfill(np.arange(n).astype(str), 7))
        truth = rng.integers(0, 3, n)
        answers = pd.DataFrame({"id": ids, **{c: (truth == i).astype(int) for i, c in enumerate(("EAP", "HPL", "MWS"))}})
        p = rng.random((n, 3)) + np.eye(3)[truth]
        p = p / p.sum(axis=1, keepdims=True)
        submission = pd.DataFrame({"id": ids, "EAP": p[:, 0], "HPL": p[:, 1], "MWS": p[:, 2]})
    elif family == "AUC":
        ids = np.char.add(np.char.zfill(np.arange(n).astype(str), 32), ".jpg")
        truth = rng.integers(0, 2, n)
        answers = pd.DataFrame({"id": ids, "has_cactus": truth})
        submission = pd.DataFrame({"id": ids, "has_cactus": np.clip(0.4 * truth + 0.6 * rng.random(n), 0, 1).round(6)})
    elif family == "MAP@5":
        ids = np.char.add(np.char.zfill(np.arange(n).astype(str), 8), ".jpg")
        whales = np.array(["new_whale"] + [f"w_{i:07x}" for i in range(1, 3000)])
        truth = whales[rng.integers(0, len(whales), n)]
        guesses = whales[rng.integers(0, len(whales), (n, 5))]
        hit = rng.random(n) < 0.5
        guesses[hit, rng.integers(0, 5, hit.sum())] = truth[hit]
        answers = pd.DataFrame({"Image": ids, "Id": truth})
        submission = pd.DataFrame({"Image": ids, "Id": [" ".join(row) for row in guesses]})
    elif family == "RMSE":
        image, rest = np.divmod(np.arange(n), 258 * 540)
        row, col = np.divmod(rest, 540)
        ids = [f"{a + 1}_{b + 1}_{c + 1}" for a, b, c in zip(image, row, col)]
        truth = rng.random(n).round(4)
        answers = pd.DataFrame({"id": ids, "value": truth})
        submission = pd.DataFrame({"id": ids, "value": np.clip(truth + 0.1 * rng.normal(size=n), 0, 1).round(6)})
    elif family == "accuracy":
        ids = [f"{i // 3:07d}_{i % 3 + 1:02d}" for i in range(n)]
        truth = rng.random(n) < 0.5
        answers = pd.DataFrame({"PassengerId": ids, "Transported": truth})
        submission = pd.DataFrame({"PassengerId": ids, "Transported": np.where(rng.random(n) < 0.8, truth, ~truth)})
    else:
        raise ValueError(family)
    answers.to_csv(folder / "private" / answers_name, index=False)
    submission.iloc[order].to_csv(folder / "submission.csv", index=False)
    return folder / "private" / answers_name, folder / "submission.csv"


def _agree(a: dict, b: dict) -> bool:
    kinds = {"score": "score", "invalid": "invalid", "nan": "score", "crash": "invalid"}
    if kinds[a["outcome"]] != kinds[b["outcome"]]:
        return False
    if a["outcome"] == "score" and b["outcome"] == "score":
        return math.isclose(float(a["score"]), float(b["score"]), rel_tol=0, abs_tol=1.5e-5)
    return True


def _geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5, help="timed repetitions per case (median kept)")
    parser.add_argument("--large-repeats", type=int, default=2, help="the same for cases of more than 500k rows")
    parser.add_argument("--rounds", type=int, default=3,
                        help="times the three sides take turns; per case the fastest round is kept")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the synthetic per-family cases")
    parser.add_argument("--cache-dir", type=Path, default=None, help="prepared-data cache (default: the plugin's)")
    parser.add_argument("--raw-dir", type=Path, default=ROOT.parent / "shared" / "kaggle-raw")
    parser.add_argument("--only", choices=("competitions", "families"), default=None)
    parser.add_argument("--competitions", nargs="+", choices=COMPETITIONS, default=COMPETITIONS, metavar="ID",
                        help="only these of the 8 competitions (default: all)")
    parser.add_argument("--cold-answers", action="store_true",
                        help="ours: forget the parsed answers before every grading (what a first grading costs)")
    args = parser.parse_args(argv)

    import numpy as np
    import pandas as pd

    sys.path.insert(0, str(ROOT))
    from pytest_mlebench.competitions import load_competition
    from pytest_mlebench.data import prepared as data
    from pytest_mlebench.plugin.options import default_cache_dir
    from tests.competitions.differential.oracle import oracle_python

    rng = np.random.default_rng(0)
    cache_dir = args.cache_dir or default_cache_dir()
    cases, rows, competitions_run, families_run = [], {}, [], []
    with tempfile.TemporaryDirectory(prefix="grading-vs-mlebench-") as tmp:
        scratch = Path(tmp)
        print("preparing the files ...", file=sys.stderr)
        if args.only != "families":
            for competition_id in args.competitions:
                if not (args.raw_dir / competition_id).is_dir():
                    print(f"  {competition_id}: no raw data in {args.raw_dir}, skipped", file=sys.stderr)
                    continue
                competition = load_competition(ROOT / "competitions" / competition_id)
                prepared = data.prepare(competition, cache_dir, args.raw_dir, download=False)
                answers = prepared.private / competition.grading.answers
                rows[competition_id] = sum(1 for _ in answers.open("rb")) - 1
                repeats = args.large_repeats if rows[competition_id] > LARGE else args.repeats
                for name, path in competition_submissions(competition, prepared, scratch / competition_id, rng).items():
                    cases.append({"key": f"{competition_id}/{name}", "competition": competition_id,
                                  "answers": str(answers), "submission": str(path), "repeats": repeats,
                                  "warm_up": rows[competition_id] <= LARGE, "cold": args.cold_answers})
                competitions_run.append(competition_id)
        if args.only != "competitions":
            for family, competition_id in FAMILIES.items():
                competition = load_competition(ROOT / "competitions" / competition_id)
                answers, submission = family_files(family, args.rows, scratch / f"family-{len(families_run)}",
                                                   competition.grading.answers, rng)
                repeats = args.large_repeats if args.rows > LARGE else args.repeats
                cases.append({"key": f"family/{family}", "competition": competition_id, "answers": str(answers),
                              "submission": str(submission), "repeats": repeats,
                              "warm_up": args.rows <= LARGE, "cold": args.cold_answers})
                families_run.append(family)
        print(f"grading {len(cases)} cases on each side ...", file=sys.stderr)
        oracle = oracle_python()
        pythons = {"mlebench": oracle, "ours-2.2": oracle, "ours-here": Path(sys.executable)}
        rounds = []  # the sides take turns, so that a load that comes and goes weighs on all three alike
        for turn in range(args.rounds):
            print(f"  round {turn + 1} of {args.rounds}", file=sys.stderr)
            rounds.append({side: _run_worker(python, side, cases, scratch) for side, python in pythons.items()})
        sides = rounds[0]
    by_key = {side: {} for side in pythons}
    for side in pythons:  # per case the fastest round: other processes only ever add time
        for record in (r for one in rounds for r in one[side]["records"]):
            kept = by_key[side].get(record["key"])
            if kept is None or record["seconds"] < kept["seconds"]:
                by_key[side][record["key"]] = record

    def seconds(side: str, keys: list[str]) -> float:
        return sum(by_key[side][k]["seconds"] for k in keys)

    flags = []
    for case in cases:
        theirs = by_key["mlebench"][case["key"]]
        for side in ("ours-2.2", "ours-here"):
            ours = by_key[side][case["key"]]
            if not _agree(theirs, ours):
                flags.append(f"  ! {case['key']} ({side}): MLE-bench {theirs['outcome']} {theirs['score']}, "
                             f"ours {ours['outcome']} {ours['score']} {ours['detail'][:80]}")

    print(f"MLE-bench side: {sides['mlebench']['versions']} (oracle venv); ours in the same venv; "
          f"ours here: {sides['ours-here']['versions']}")
    print(f"median of {args.repeats} timed repetitions per case, after one untimed ({args.large_repeats} "
          f"above {LARGE:,} rows, none untimed); the fastest of {args.rounds} rounds in which the sides take "
          "turns; milliseconds")
    header = f"{'case':<54}{'rows':>10}{'MLE-bench':>11}{'ours p2.2':>11}{'ratio':>8}{'ours here':>11}{'ratio':>8}"
    ratios = {"ours-2.2": [], "ours-here": []}
    worst = {"ours-2.2": ("", 0.0), "ours-here": ("", 0.0)}

    def line(label: str, n: int, keys: list[str], collect: str | None) -> None:
        base = seconds("mlebench", keys)
        cells = []
        for side in ("ours-2.2", "ours-here"):
            ratio = seconds(side, keys) / base
            cells.append(f"{seconds(side, keys) * 1e3:>11.1f}{ratio:>7.2f}x")
            if collect == "competition":
                ratios[side].append(ratio)
            if ratio > worst[side][1]:
                worst[side] = (label, ratio)
        print(f"{label:<54}{n:>10,}{base * 1e3:>11.1f}{''.join(cells)}")

    if competitions_run:
        print("\n" + header)
        for competition_id in competitions_run:
            line(competition_id, rows[competition_id], [k for k in by_key["mlebench"] if k.startswith(competition_id + "/")],
                 "competition")
        print(f"{'geometric mean':<75}{_geomean(ratios['ours-2.2']):>18.2f}x{_geomean(ratios['ours-here']):>18.2f}x")
    family_ratios = {"ours-2.2": [], "ours-here": []}
    if families_run:
        print("\n" + header.replace("case      ", "family    "))
        for family in families_run:
            key = f"family/{family}"
            line(f"{family} ({FAMILIES[family]})", args.rows, [key], None)
            for side in family_ratios:
                family_ratios[side].append((family, seconds(side, [key]) / seconds("mlebench", [key])))
    if flags:
        print("\noutcomes that differ from MLE-bench's:")
        print("\n".join(flags))
    print()
    for side, name in (("ours-2.2", "pandas 2.2"), ("ours-here", "here")):
        parts, met = [], True
        if competitions_run:
            mean = _geomean(ratios[side])
            worst_c = max(zip(ratios[side], competitions_run))
            parts.append(f"geometric mean {mean:.2f}x (goal <= {GOAL_MEAN}x: {'met' if mean <= GOAL_MEAN else 'MISSED'})")
            parts.append(f"worst competition {worst_c[1]} {worst_c[0]:.2f}x (goal <= {GOAL_WORST}x: "
                         f"{'met' if worst_c[0] <= GOAL_WORST else 'MISSED'})")
            met = met and mean <= GOAL_MEAN and worst_c[0] <= GOAL_WORST
        if families_run:
            over = [f"{f} {r:.2f}x" for f, r in family_ratios[side] if r > GOAL_FAMILY]
            parts.append(f"families at {args.rows:,} rows <= {GOAL_FAMILY}x: "
                         + ("met" if not over else "MISSED by " + ", ".join(over)))
            met = met and not over
        print(f"summary (ours {name}): {'; '.join(parts)} -> {'all goals met' if met else 'goals not met'}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        sys.exit(worker(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])))
    sys.exit(main())
