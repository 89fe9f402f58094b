"""The data file of known disagreements: what it holds, and a first guess at each entry's class.

known_disagreements.json maps "pandas<major>:<competition>:<submission kind>" to the class
of the disagreement and both outcomes as measured when the entry was written. The test
turns each entry into an xfail(strict=True) case: it turns red when a fix makes the case
agree and the entry is still there. `classify` only proposes a class from the outcomes;
the entries are reviewed by hand, and a class set by hand is kept when the file is
rewritten (scripts/grader_agreement.py --write-known).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from .measure import KNOWN, Comparison
from .outcomes import INVALID, SCORE

CLASSES = {
    "pandas-3 parsing": "pandas 3 reads the file into other values than pandas 2 (a blank read as 0, other dtypes), so "
                        "our score or decision differs only under pandas 3",
    "NaN predictions": "MLE-bench scores a submission with missing or infinite predictions (often a NaN score: valid, "
                       "no medal) where we refuse it",
    "label types": "labels of another type than the answers' (text among whole numbers or the reverse): MLE-bench "
                   "scores them as wrong, we refuse",
    "skipped rows": "the problem sits only in rows the metric leaves out: MLE-bench scores, we refuse",
    "unstable sort": "repeated ids: MLE-bench pairs rows after an unstable sort, we after a stable one",
    "ids as decimals": "whole-number ids written as decimals (12.0): MLE-bench compares them as numbers and scores, we "
                       "compare the text and refuse",
    "looser checks": "MLE-bench scores a submission its grader does not check (rows by position, malformed values, "
                     "extra columns, repeated ids) where we refuse it",
    "other": "anything else: see the two outcomes",
}
NAN_KINDS = ("nan_text", "blank_cell", "blank_first_row", "blank_column", "infinity")
# Why an entry of class "other" disagrees, by competition (found by reading both graders).
NOTES = {
    "champs-scalar-coupling": "an exact prediction of one coupling type: MLE-bench takes log(0) = -inf; ours floors "
                              "each type's MAE at 1e-9 as Kaggle's metric does",
}


def classify(comparison: Comparison, agrees_under_pandas2: bool) -> str:
    theirs, ours, kind = comparison.theirs, comparison.ours, comparison.case.kind
    if comparison.pandas == "3" and agrees_under_pandas2:
        if "Mix of label input types" in ours.detail:
            return "label types"
        return "pandas-3 parsing"
    if kind in ("nan_in_skipped_rows", "skipped_rows_left_out"):
        return "skipped rows"
    if kind == "ids_as_decimals":
        return "ids as decimals"
    if "hms-harmful" in comparison.case.competition and theirs.kind == SCORE and ours.kind == SCORE:
        return "unstable sort"
    if kind.startswith("label_type") or "Mix of label input types" in ours.detail:
        return "label types"
    if theirs.kind == SCORE and ours.kind == INVALID and (kind in NAN_KINDS or not math.isfinite(theirs.score)):
        return "NaN predictions"
    if theirs.kind == SCORE and ours.kind == INVALID:
        return "looser checks"
    return "other"


def entries(comparisons: list[Comparison], previous: dict[str, dict]) -> dict[str, dict]:
    """The file's entries for every disagreeing comparison, keeping the classes and notes set before."""
    agrees = {(c.case.key, c.pandas): c.agrees for c in comparisons}
    out = {}
    for c in sorted((c for c in comparisons if not c.agrees), key=lambda c: c.key):
        old = previous.get(c.key, {})
        out[c.key] = {
            "class": old.get("class") or classify(c, agrees.get((c.case.key, "2"), False)),
            "mlebench": c.theirs.label(),
            "ours": c.ours.label(),
            **({"note": old.get("note") or NOTES[c.case.competition]}
               if old.get("note") or c.case.competition in NOTES else {}),
        }
    return out


def write(comparisons: list[Comparison], path: Path = KNOWN) -> dict[str, dict]:
    previous = json.loads(path.read_text(encoding="utf-8"))["disagreements"] if path.exists() else {}
    data = {
        "about": "Known disagreements of our graders with MLE-bench's (tests/competitions/differential, issue 13): each entry is "
                 "an xfail(strict=True) case of tests/competitions/differential/test_differential.py. Remove an entry when a fix "
                 "makes its case agree. Rewrite with: python scripts/grader_agreement.py --write-known",
        "classes": CLASSES,
        "disagreements": entries(comparisons, previous),
    }
    unknown = {e["class"] for e in data["disagreements"].values()} - set(CLASSES)
    if unknown:
        raise ValueError(f"unknown class(es) {sorted(unknown)} in {path}; allowed: {sorted(CLASSES)}")
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return data["disagreements"]
