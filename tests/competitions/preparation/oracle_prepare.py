"""Run MLE-bench's own prepare() of one competition, in MLE-bench's pinned environment.

Run by test_preparation_differential.py as a separate process with the oracle environment's
Python (tests/competitions/differential/oracle.py, PREPARE_PINS):

    python oracle_prepare.py MLEBENCH_SRC COMPETITION_ID RAW PUBLIC PRIVATE

Exit status 0 when the preparation ran; otherwise the traceback is on stderr. Nothing here is
imported by the product or by the test process.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import sys
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _generator(name: str):
    """The raw-data generator raw/<name>.py, for a constant a hook shares with it (the generators
    that hooks read import only the standard library, so they load in this environment too)."""
    spec = importlib.util.spec_from_file_location(f"generator_{name}", HERE / "raw" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _replace_constant(function, real: int, stand_in: int) -> None:
    """Swap one integer literal of `function`'s compiled code (it must occur exactly once) for another."""
    code = function.__code__
    found = [c for c in code.co_consts if type(c) is int and c == real]
    if len(found) != 1:
        raise SystemExit(f"{function.__module__}.{function.__name__} holds the constant {real} {len(found)} times, "
                         "not once: MLE-bench's code changed, update its hook in oracle_prepare.py")
    function.__code__ = code.replace(
        co_consts=tuple(stand_in if type(c) is int and c == real else c for c in code.co_consts))


def _billion_word_lines(load, raw: Path):
    """MLE-bench's prepare() hard-codes the line count of Kaggle's corpus (`total_lines = 30301028`),
    too many to generate: that one constant becomes the generator's TRAIN_LINES, every other
    instruction stays MLE-bench's."""
    module = load()
    _replace_constant(module.prepare, 30301028, _generator("billion_word_imputation").TRAIN_LINES)
    return module


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


# competition id -> how MLE-bench's prepare module is loaded and adapted to the test (a constant too
# big to generate data for, a download replaced by a local file), given the plain loader and the raw folder
HOOKS = {"billion-word-imputation": _billion_word_lines, "freesound-audio-tagging-2019": _freesound_offline}


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
