"""Write each MLE-bench competition's leaderboard score distribution into its competition.toml.

A maintainer tool: it reads ../shared/mlebench/leaderboards/<id>.csv (which the
product never needs) and stores 41 quantiles (0%, 2.5%, ..., 100%) of the
scores as `score_quantiles` in the `[leaderboard]` table, after `median`. The
HTML report draws the distribution from them, so a report shows where an
agent's score falls among Kaggle's teams without shipping the leaderboard.

    python scripts/leaderboard_quantiles.py            # every competition with a leaderboard
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
LEADERBOARDS = ROOT.parent / "shared" / "mlebench" / "leaderboards"
LEVELS = np.linspace(0.0, 1.0, 41)


def score_quantiles(scores: pd.Series) -> list[float]:
    """41 quantiles of the non-missing scores, to 6 significant digits."""
    values = np.quantile(scores.dropna().to_numpy(dtype=float), LEVELS)
    return [float(f"{v:.6g}") for v in values]


def with_quantiles(toml_text: str, quantiles: list[float]) -> str:
    line = "score_quantiles = [" + ", ".join(repr(q) for q in quantiles) + "]"
    toml_text = re.sub(r"(?m)^score_quantiles = \[.*\]\n?", "", toml_text)
    updated, count = re.subn(r"(?m)^(median = .*)$", lambda m: m.group(1) + "\n" + line, toml_text, count=1)
    if count != 1:
        raise ValueError("no `median = ...` line to put the quantiles after")
    return updated


def main() -> None:
    for board in sorted(LEADERBOARDS.glob("*.csv")):
        toml = ROOT / "competitions" / board.stem / "competition.toml"
        if not toml.exists():
            print(f"skipped {board.stem}: no competition folder")
            continue
        quantiles = score_quantiles(pd.read_csv(board)["score"])
        toml.write_text(with_quantiles(toml.read_text(), quantiles))
        print(f"{board.stem}: {quantiles[0]} .. {quantiles[-1]}")


if __name__ == "__main__":
    main()
