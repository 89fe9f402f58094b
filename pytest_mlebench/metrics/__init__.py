"""Scoring functions: pure, vectorised, named for what they compute.

Each takes arrays of answers and predictions that a grader has already
validated and aligned row by row, and returns a float. One module per
family (classification, auc, log_loss, regression, text, ...); every name a
module lists in `__all__` is importable from here and registered in
`METRICS`, the table the generic grader looks metric names up in.
"""

from __future__ import annotations

import importlib
import pkgutil

METRICS: dict = {}

for _info in pkgutil.iter_modules(__path__):
    if _info.name.startswith("_"):
        continue
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    for _name in getattr(_module, "__all__", ()):
        if _name in METRICS:
            raise ImportError(f"metric {_name!r} is defined twice ({_module.__name__})")
        METRICS[_name] = globals()[_name] = getattr(_module, _name)
