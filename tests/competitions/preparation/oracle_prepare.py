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
import shutil
import sys
import types
from pathlib import Path


def _freesound_offline(load, raw: Path):
    """MLE-bench downloads FSDKaggle2019.meta.zip from Zenodo into the raw folder: copy the
    synthetic one that the generator wrote beside the raw folder instead (no network). Its
    module imports `requests` only for that download, so an empty module stands in for it
    (PREPARE_PINS has no requests, and a second environment is not worth one import)."""
    sys.modules.setdefault("requests", types.ModuleType("requests"))
    module = load()
    source = raw.parent / "zenodo" / "FSDKaggle2019.meta.zip"
    module.download_file = lambda url, local: shutil.copyfile(source, local)
    return module


# competition id -> how MLE-bench's prepare module is loaded and adapted to the test (a download
# replaced by a local file), given the plain loader and the raw folder
HOOKS = {"freesound-audio-tagging-2019": _freesound_offline}


def main(source: str, competition_id: str, raw: str, public: str, private: str) -> None:
    sys.path.insert(0, source)
    # Imported as MLE-bench's registry imports it (a dotted name may hold dashes), so that a
    # prepare.py's relative imports (`from .classes import CLASSES`) resolve.
    def load():
        return importlib.import_module(f"mlebench.competitions.{competition_id}.prepare")

    module = HOOKS[competition_id](load, Path(raw)) if competition_id in HOOKS else load()
    for folder in (public, private):
        os.makedirs(folder, exist_ok=True)
    module.prepare(raw=Path(raw), public=Path(public), private=Path(private))


if __name__ == "__main__":
    main(*sys.argv[1:6])
