"""What grading one submission gave, on either side, and the rule that says whether both agree.

Three outcomes on MLE-bench's side: a score (rounded to 5 decimals as its Grader does;
NaN and infinity are valid scores there, without a medal), "invalid" (its grader raised
InvalidSubmissionError) and "crash" (any other exception). Ours: a score, "nan" (valid
with no score: our UndefinedScore), "invalid" (InvalidSubmission, with its reason) and
"error" (an exception got out of `grade_submission`: always a bug of ours).

The rule (issue 13): the same validity decision, and the same score after MLE-bench's
rounding; where MLE-bench crashes, we refuse with a reason of our own - a refusal that
only relays the grader's exception ("the grader could not score it: KeyError ...") says
nothing the agent can act on, so it does not count as agreeing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SCORE = "score"
INVALID = "invalid"
CRASH = "crash"
NAN = "nan"
ERROR = "error"
RELAYED = "the grader could not score it:"
TOLERANCE = 1.5e-5  # one unit in the 5th decimal: float noise can round either side of a half


@dataclass(frozen=True)
class Outcome:
    kind: str
    score: float | None = None
    detail: str = ""

    def label(self) -> str:
        if self.kind == SCORE:
            return f"score {self.score:.5f}" if math.isfinite(self.score) else f"score {self.score}"
        return f"{self.kind}: {self.detail[:160]}" if self.detail else self.kind

    def to_json(self) -> dict:
        score = self.score if self.score is None or math.isfinite(self.score) else repr(self.score)
        return {"kind": self.kind, "score": score, "detail": self.detail}

    @staticmethod
    def from_json(data: dict) -> Outcome:
        score = data.get("score")
        return Outcome(data["kind"], None if score is None else float(score), data.get("detail", ""))


def from_driver(record: dict) -> Outcome:
    """MLE-bench's side, from one record of tests/support/mlebench_driver.py."""
    score = record.get("score")
    return Outcome(record["outcome"], None if score is None else float(score), record.get("detail", ""))


def agree(theirs: Outcome, ours: Outcome) -> bool:
    if ours.kind == ERROR:
        return False
    if theirs.kind == SCORE:
        if not math.isfinite(theirs.score):
            return ours.kind == NAN
        return ours.kind == SCORE and abs(ours.score - theirs.score) <= TOLERANCE
    if theirs.kind == INVALID:
        return ours.kind == INVALID
    return ours.kind == INVALID and not ours.detail.startswith(("invalid submission: " + RELAYED, RELAYED))
