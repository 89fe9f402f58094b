"""Build the reference field of each starter competition: its leaderboard and medal thresholds.

Kaggle leaderboards do not exist for the starter suite, so we make one: every
solution in a competition's `reference.py` (strong, middling and deliberately
weak ones) is run on the public data, graded like an agent's submission, and
ranked. The result goes to `leaderboard.csv` in the competition folder, and
the thresholds that Kaggle's progression rules give for it go to the
`[leaderboard]` table of `competition.toml`.

Reproducible: the data preparation and every solution are seeded, so running
it again gives the same file. Usage:

    python scripts/build_reference_fields.py [ID ...] [--cache-dir DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from pytest_mlebench.data import prepared as data
from pytest_mlebench.grading import grade as grading
from pytest_mlebench.grading import medals
from pytest_mlebench.competitions import Competition, load_competitions


def run_field(competition: Competition, cache_dir: Path) -> pd.DataFrame:
    """Run every reference solution; return the ranked leaderboard of the valid ones."""
    prepared = data.prepare(competition, cache_dir)
    solutions = competition.code("reference").SOLUTIONS
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, solve in solutions.items():
            started = time.monotonic()
            frame = solve(prepared.public)
            seconds = time.monotonic() - started
            path = Path(tmp) / "submission.csv"
            frame.to_csv(path, index=False)
            try:
                score = grading.score_submission(competition, path, prepared.private)
            except grading.InvalidSubmission as exc:
                print(f"  ! {name}: invalid ({exc}); left out of the field", file=sys.stderr)
                continue
            print(f"  {score:>12.5f}  {seconds:6.1f}s  {name}")
            rows.append({"score": score, "solution": name})  # no timings: a rebuild gives the same bytes
    board = pd.DataFrame(rows).sort_values(
        ["score", "solution"], ascending=[competition.grading.lower_is_better, True], kind="stable"
    )
    board.insert(0, "rank", range(1, len(board) + 1))
    return board


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ids", nargs="*", help="competitions (default: every one with a reference.py)")
    parser.add_argument("--cache-dir", type=Path, default=None, help="prepared-data cache (default: the user cache)")
    args = parser.parse_args(argv)
    from pytest_mlebench.plugin.options import default_cache_dir

    cache_dir = args.cache_dir or default_cache_dir()
    competitions = [c for c in load_competitions().values() if (c.folder / "reference.py").exists()]
    if args.ids:
        competitions = [c for c in competitions if c.id in args.ids]
    for competition in competitions:
        print(f"{competition.id}:")
        board = run_field(competition, cache_dir)
        if len(board) < 20:
            print(f"  only {len(board)} valid solutions: a reference field needs at least 20", file=sys.stderr)
            return 1
        write_results(competition, board)
        print(f"  -> {len(board)} solutions ranked; thresholds written to {competition.folder / 'competition.toml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
