"""Our side of the differential test: each case through our normal grading entry point.

`grade_submission(competition, submission, private_dir)` is what a run calls; its Grade
is mapped to an Outcome. In-process it grades with the test's own libraries (pandas 3 in
the default install); run as a script with another interpreter (the oracle environment,
pandas 2.2) it grades the same cases there:

    python tests/differential/ours.py BATCH_JSON RESULT_JSON
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]  # the checkout (this file also runs as a script in the oracle environment)


def grade_case(competition_id: str, answers: str, submission: str) -> dict:
    """One case as a run grades it; an exception out of grade_submission is our error."""
    from pytest_mlebench.competitions import load_competition
    from pytest_mlebench.grading.grade import grade_submission

    competition = load_competition(ROOT / "competitions" / competition_id)
    private = Path(answers).parent
    if Path(answers).name != competition.grading.answers:
        raise ValueError(f"{competition_id}: answers file {answers} is not the definition's {competition.grading.answers}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            grade = grade_submission(competition, Path(submission), private)
    except Exception as exc:
        return {"kind": "error", "score": None, "detail": f"{type(exc).__name__}: {exc}"[:400]}
    if not grade.valid:
        return {"kind": "invalid", "score": None, "detail": grade.error or ""}
    if grade.score is None:
        return {"kind": "nan", "score": None, "detail": grade.error or ""}
    return {"kind": "score", "score": float(grade.score), "detail": ""}


def grade_batch(cases: list[dict]) -> dict[str, dict]:
    return {c["key"]: grade_case(c["competition"], c["answers"], c["submission"]) for c in cases}


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    batch, result = Path(argv[0]), Path(argv[1])
    cases = json.loads(batch.read_text(encoding="utf-8"))["cases"]
    outcomes = grade_batch(cases)
    import pandas

    result.write_text(json.dumps({"pandas": pandas.__version__, "outcomes": outcomes}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
