"""Run MLE-bench's own prepare() of one competition, in MLE-bench's pinned environment.

Run by test_preparation_differential.py as a separate process with the oracle environment's
Python (tests/competitions/differential/oracle.py, PREPARE_PINS):

    python oracle_prepare.py MLEBENCH_SRC COMPETITION_ID RAW PUBLIC PRIVATE [OPTIONS_JSON]

Exit status 0 when the preparation ran; otherwise the traceback is on stderr. Nothing here is
imported by the product or by the test process.

OPTIONS_JSON is a generator's PREPARE_OPTIONS (what our prepare() gets as keyword arguments);
a competition that has them adapts MLE-bench's run the same way through its hook in HOOKS, which
changes one constant of MLE-bench's code at import time and nothing else.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path


def _replace_constant(function, real: int, stand_in: int) -> None:
    """Swap one integer literal of `function`'s code (it must occur exactly once) for another."""
    code = function.__code__
    found = [c for c in code.co_consts if type(c) is int and c == real]
    if len(found) != 1:
        raise SystemExit(f"{function.__module__}.{function.__name__} holds the constant {real} {len(found)} times, "
                         "not once: MLE-bench's code changed, update the hook in oracle_prepare.py")
    function.__code__ = code.replace(
        co_consts=tuple(stand_in if type(c) is int and c == real else c for c in code.co_consts))


def _billion_word_lines(module, options: dict) -> None:
    # prepare() hard-codes the line count of Kaggle's corpus (`total_lines = 30301028`)
    _replace_constant(module.prepare, 30301028, options["train_lines"])


HOOKS = {"billion-word-imputation": _billion_word_lines}


def main(source: str, competition_id: str, raw: str, public: str, private: str, options: str = "{}") -> None:
    sys.path.insert(0, source)
    # Imported as MLE-bench's registry imports it (a dotted name may hold dashes), so that a
    # prepare.py's relative imports (`from .classes import CLASSES`) resolve.
    module = importlib.import_module(f"mlebench.competitions.{competition_id}.prepare")
    options = json.loads(options)
    if options:
        if competition_id not in HOOKS:
            raise SystemExit(f"{competition_id}: its generator has PREPARE_OPTIONS but oracle_prepare.py has no hook "
                             "that adapts MLE-bench's run the same way")
        HOOKS[competition_id](module, options)
    for folder in (public, private):
        os.makedirs(folder, exist_ok=True)
    module.prepare(raw=Path(raw), public=Path(public), private=Path(private))


if __name__ == "__main__":
    main(*sys.argv[1:7])
