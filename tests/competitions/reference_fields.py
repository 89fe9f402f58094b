"""What the starter suite's tests ask of a reference field (competitions/starter-*/reference.py).

Running a whole field of 100+ solutions costs about 20 CPU minutes for the seven, too much for every
CI run: the tests run a fixed sample of it (`field_sample`), and the whole field when
MLEBENCH_WHOLE_FIELDS=1. That every solution was valid when scripts/build_reference_fields.py
ranked them (it leaves an invalid one out) is checked without running any: the committed
leaderboard.csv must name exactly the current solutions (`committed_field`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

SAMPLE_SIZE = 12


def field_sample(names) -> list[str]:
    """Every solution with MLEBENCH_WHOLE_FIELDS=1, else about SAMPLE_SIZE of them spread over the
    sorted names (the same ones on every machine)."""
    names = sorted(names)
    if os.environ.get("MLEBENCH_WHOLE_FIELDS") == "1":
        return names
    return names[::max(1, len(names) // SAMPLE_SIZE)]


def committed_field(folder: Path) -> pd.DataFrame:
    """The competition's committed leaderboard.csv (rank, score, solution)."""
    return pd.read_csv(Path(folder) / "leaderboard.csv")
