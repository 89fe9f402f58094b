"""Grade a batch of submissions with MLE-bench's own graders, in MLE-bench's own environment.

Run by tests/competitions/differential as a separate process, with the oracle virtual environment's
Python (MLE-bench's pinned libraries) and MLE-bench's source folder on sys.path:

    python mlebench_driver.py MLEBENCH_SRC BATCH_JSON RESULT_JSON

BATCH_JSON holds {"cases": [{"key", "competition", "answers", "submission"}, ...]}. Each
submission is read and graded the way MLE-bench's `grade_csv` does (its `read_csv`, its
`load_answers`, the competition's `grade_fn` from its config.yaml, the score rounded to 5
decimals), except that the grader is called directly, so that its InvalidSubmissionError
("invalid") can be told apart from any other exception ("crash"), which MLE-bench's
`Grader.__call__` would fold into the same `None`. RESULT_JSON gets one record per case:
{"key", "outcome": "score" | "invalid" | "crash", "score", "detail"}, and per competition
the file name of its answers in MLE-bench's config.

Nothing here is imported by the product or by the test process: it only runs over there.
"""

from __future__ import annotations

import json
import math
import os
import sys
import warnings
from pathlib import Path


def _quiet():
    """Graders print progress bars, COCO summaries and warnings: keep them off our stdout."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    saved = os.dup(1), os.dup(2)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    return saved


def _loud(saved) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(saved[0], 1)
    os.dup2(saved[1], 2)


def _config(source: Path, competition: str) -> dict:
    import yaml

    path = source / "mlebench" / "competitions" / competition / "config.yaml"
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def grade_one(grade_fn, case: dict) -> dict:
    """One case, as MLE-bench grades it: read both files, call the grader, round."""
    from mlebench.grade_helpers import InvalidSubmissionError
    from mlebench.utils import load_answers, read_csv

    record = {"key": case["key"], "outcome": "crash", "score": None, "detail": ""}
    try:
        submission = read_csv(Path(case["submission"]))
        answers = load_answers(Path(case["answers"]))
    except Exception as exc:  # MLE-bench reads outside its grader's try: grading itself stops
        record["detail"] = f"reading: {type(exc).__name__}: {exc}"[:400]
        return record
    try:
        score = grade_fn(submission, answers)
    except InvalidSubmissionError as exc:
        record.update(outcome="invalid", detail=str(exc)[:400])
        return record
    except Exception as exc:
        record["detail"] = f"{type(exc).__name__}: {exc}"[:400]
        return record
    try:
        rounded = float(round(score, 5))
    except Exception as exc:  # Grader.__call__ rounds outside its try as well
        record["detail"] = f"rounding {score!r}: {type(exc).__name__}: {exc}"[:400]
        return record
    record.update(outcome="score", score=rounded if math.isfinite(rounded) else repr(rounded))
    return record


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, batch_path, result_path = Path(argv[0]).resolve(), Path(argv[1]), Path(argv[2])
    sys.path.insert(0, str(source))
    cases = json.loads(batch_path.read_text(encoding="utf-8"))["cases"]
    from mlebench.utils import import_fn

    results, answers_names, graders = [], {}, {}
    saved = _quiet()
    try:
        warnings.simplefilter("ignore")
        for case in cases:
            competition = case["competition"]
            if competition not in graders:
                config = _config(source, competition)
                answers_names[competition] = Path(config["dataset"]["answers"]).name
                graders[competition] = import_fn(config["grader"]["grade_fn"])
            results.append(grade_one(graders[competition], case))
    finally:
        _loud(saved)
    Path(result_path).write_text(json.dumps({"results": results, "answers_names": answers_names}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
