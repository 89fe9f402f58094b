"""Run MLE-bench's own prepare() of one competition, in MLE-bench's pinned environment.

Run by test_preparation_differential.py as a separate process with the oracle environment's
Python (tests/competitions/differential/oracle.py, PREPARE_PINS):

    python oracle_prepare.py MLEBENCH_SRC COMPETITION_ID RAW PUBLIC PRIVATE

Exit status 0 when the preparation ran; otherwise the traceback is on stderr. Nothing here is
imported by the product or by the test process.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path


def main(source: str, competition_id: str, raw: str, public: str, private: str) -> None:
    sys.path.insert(0, source)
    # Imported as MLE-bench's registry imports it (a dotted name may hold dashes), so that a
    # prepare.py's relative imports (`from .classes import CLASSES`) resolve.
    module = importlib.import_module(f"mlebench.competitions.{competition_id}.prepare")
    for folder in (public, private):
        os.makedirs(folder, exist_ok=True)
    module.prepare(raw=Path(raw), public=Path(public), private=Path(private))


if __name__ == "__main__":
    main(*sys.argv[1:6])
