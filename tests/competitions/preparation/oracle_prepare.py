"""Run MLE-bench's own prepare() of one competition, in MLE-bench's pinned environment.

Run by test_preparation_differential.py as a separate process with the oracle environment's
Python (tests/competitions/differential/oracle.py, PREPARE_PINS):

    python oracle_prepare.py MLEBENCH_SRC COMPETITION_ID RAW PUBLIC PRIVATE

Exit status 0 when the preparation ran; otherwise the traceback is on stderr. Nothing here is
imported by the product or by the test process.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path


def main(source: str, competition_id: str, raw: str, public: str, private: str) -> None:
    sys.path.insert(0, source)
    path = Path(source) / "mlebench" / "competitions" / competition_id / "prepare.py"
    spec = importlib.util.spec_from_file_location(f"mlebench_prepare_{competition_id.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for folder in (public, private):
        os.makedirs(folder, exist_ok=True)
    module.prepare(raw=Path(raw), public=Path(public), private=Path(private))


if __name__ == "__main__":
    main(*sys.argv[1:6])
