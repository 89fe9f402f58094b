"""Build the reference field of each starter competition: its leaderboard and medal thresholds.

Kaggle leaderboards do not exist for the starter suite, so we make one: every
solution in a competition's `reference.py` (at least 100 per competition, from
constant and random answers through linear models, kNN, SVMs, small neural
nets and tuned gradient boosting to ensembles) is trained on the public data,
graded like an agent's submission, and ranked. The result goes to
`leaderboard.csv` in the competition folder, and the thresholds that Kaggle's
progression rules give for it (100-249 teams: gold top 10, silver top 20%,
bronze top 40%) go to the `[leaderboard]` table of `competition.toml`.

Reproducible: the data preparation and every solution are seeded and run on
one thread, so running it again gives the same files. Timings are printed but
never written. `--jobs N` builds N competitions at once in separate processes.

Cost, measured 2026-12-08 on the project's 2-core machine (shared with other
jobs, load 3 to 50 during the run): `time python scripts/build_reference_fields.py
--jobs 2` took 20 min wall and 17.7 min CPU, and wrote byte-identical files to
the committed ones. CPU seconds per competition: telco-churn 44,
japanese-vowels 59, mnist-digits 132, ames-housing 161, cmudict-g2p 168,
tweet-source 185, photo-denoising 333.

Usage:

    python scripts/build_reference_fields.py [ID ...] [--cache-dir DIR] [--jobs N]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from pytest_mlebench.competitions import Competition, load_competitions
from pytest_mlebench.data import prepared as data
from pytest_mlebench.grading import grade as grading
from pytest_mlebench.grading import medals

MIN_FIELD = 100  # a field of 100-249 teams: Kaggle's gold is then the top 10, not the top 10%


def run_field(competition: Competition, cache_dir: Path) -> tuple[pd.DataFrame, list[str]]:
    """Run every reference solution; return the ranked leaderboard of the valid ones and the log."""
    prepared = data.prepare(competition, cache_dir)
    solutions = competition.code("reference").SOLUTIONS
    rows, lines = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for name, solve in solutions.items():
            started = time.process_time()
            try:
                frame = solve(prepared.public)
            except Exception as exc:  # a broken solution is a bug in reference.py: name it
                raise RuntimeError(f"{competition.id}: solution {name!r} failed: {type(exc).__name__}: {exc}") from exc
            seconds = time.process_time() - started
            path = Path(tmp) / "submission.csv"
            frame.to_csv(path, index=False)
            try:
                score = grading.score_submission(competition, path, prepared.private)
            except grading.InvalidSubmission as exc:
                lines.append(f"  ! {name}: invalid ({exc}); left out of the field")
                print(f"{competition.id}{lines[-1]}", file=sys.stderr, flush=True)
                continue
            lines.append(f"  {score:>12.5f}  {seconds:6.1f}s cpu  {name}")
            print(f"{competition.id}{lines[-1]}", file=sys.stderr, flush=True)  # progress; the summary follows
            rows.append({"score": score, "solution": name})  # no timings: a rebuild gives the same bytes
    board = pd.DataFrame(rows).sort_values(
        ["score", "solution"], ascending=[competition.grading.lower_is_better, True], kind="stable"
    )
    board.insert(0, "rank", range(1, len(board) + 1))
    return board, lines


def leaderboard_table(competition: Competition, board: pd.DataFrame) -> str:
    t = medals.thresholds_from_scores(board["score"], competition.grading.lower_is_better)
    return (
        "[leaderboard]\n"
        'kind = "reference"  # a field of our own reference solutions: see leaderboard.csv\n'
        f"num_teams = {len(board)}\n"
        f"gold = {t.gold!r}\nsilver = {t.silver!r}\nbronze = {t.bronze!r}\nmedian = {t.median!r}\n"
    )


def write_results(competition: Competition, board: pd.DataFrame) -> None:
    board.to_csv(competition.folder / "leaderboard.csv", index=False)
    toml_path = competition.folder / "competition.toml"
    text = toml_path.read_text()
    text = re.sub(r"\[leaderboard\].*\Z", leaderboard_table(competition, board), text, flags=re.DOTALL)
    toml_path.write_text(text)


def build_one(competition_id: str, cache_dir: Path) -> tuple[str, bool, str]:
    """Build and write one competition's field (in a worker process with --jobs): (id, ok, log)."""
    competition = load_competitions()[competition_id]
    wall, cpu = time.monotonic(), time.process_time()
    board, lines = run_field(competition, cache_dir)
    spent = f"{time.monotonic() - wall:.0f} s wall, {time.process_time() - cpu:.0f} s cpu"
    if len(board) < MIN_FIELD:
        lines.append(f"  only {len(board)} valid solutions: a reference field needs at least {MIN_FIELD}")
        return competition_id, False, "\n".join(lines)
    write_results(competition, board)
    t = medals.thresholds_from_scores(board["score"], competition.grading.lower_is_better)
    lines.append(
        f"  -> {len(board)} solutions ranked in {spent}; gold {t.gold}, silver {t.silver}, "
        f"bronze {t.bronze}, median {t.median}"
    )
    return competition_id, True, "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ids", nargs="*", help="competitions (default: every one with a reference.py)")
    parser.add_argument("--cache-dir", type=Path, default=None, help="prepared-data cache (default: the user cache)")
    parser.add_argument("--jobs", type=int, default=1, help="competitions built at once, one process each (default 1)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    from pytest_mlebench.plugin.options import default_cache_dir

    cache_dir = args.cache_dir or default_cache_dir()
    known = sorted(c.id for c in load_competitions().values() if (c.folder / "reference.py").exists())
    unknown = [i for i in args.ids if i not in known]
    if unknown:
        parser.error(f"no reference field for {', '.join(unknown)}; choose among {', '.join(known)}")
    ids = args.ids or known
    wall = time.monotonic()
    failed = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for competition_id, ok, log in pool.map(build_one, ids, [cache_dir] * len(ids)):
            print(f"{competition_id}:\n{log}", flush=True)
            if not ok:
                failed.append(competition_id)
    print(f"{len(ids)} competition(s) in {time.monotonic() - wall:.0f} s wall")
    if failed:
        print(f"not written: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
