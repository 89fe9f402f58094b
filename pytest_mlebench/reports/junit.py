"""What JUnit XML carries: each run's record as test-case properties, and the session's figures as suite properties."""

from __future__ import annotations

import json

from pytest_mlebench.records import RunResult
from pytest_mlebench.reports.figures import set_figures
from pytest_mlebench.reports.terminal import totals

JUNIT_CLASSNAME = "mlebench"  # pytest's classname of the competition items (their module's node id)
RESULT_PROPERTY = "mlebench_result"  # the whole record as JSON; the other properties are for people
PROPERTY_KEYS = (
    "score", "medal", "valid_submission", "above_median", "gold_threshold", "silver_threshold",
    "bronze_threshold", "median_threshold", "leaderboard", "agent_seconds", "timed_out", "sandbox", "isolation",
    "bwrap", "agent_uid", "validations", "run_dir",
)


def junit_properties(result: RunResult) -> list[tuple[str, object]]:
    """Per-testcase properties (also the channel from xdist workers to the controller)."""
    record = result.to_dict()
    props: list[tuple[str, object]] = [(key, "" if record[key] is None else record[key]) for key in PROPERTY_KEYS]
    props.append((RESULT_PROPERTY, json.dumps(record)))
    return props


def reaches_pass_level(result: RunResult, pass_level: str) -> bool:
    """Whether a run's item passes at `--mle-pass` (plugin/item.py decides the same): without a
    leaderboard only `valid` can be judged."""
    from pytest_mlebench.grading import medals

    if result.leaderboard == "unavailable" and pass_level != "valid":
        return False
    return medals.reaches(pass_level, result.valid_submission,
                          medals.Placement(medal=result.medal, above_median=result.above_median))


def result_from_properties(user_properties) -> RunResult | None:
    for key, value in user_properties or ():
        if key == RESULT_PROPERTY:
            return RunResult.from_dict(json.loads(value))
    return None


def suite_properties(results: list[RunResult]) -> list[tuple[str, object]]:
    """Session totals for the JUnit <testsuite> (written by the controller, also under xdist)."""
    t = totals(results)
    props = [
        ("mlebench_runs", t.runs), ("mlebench_valid", t.valid), ("mlebench_above_median", t.above_median),
        ("mlebench_any_medal", t.medals), ("mlebench_gold", t.gold), ("mlebench_silver", t.silver),
        ("mlebench_bronze", t.bronze), ("mlebench_validations", sum(r.validations for r in results)),
        ("mlebench_unisolated_runs", sum(r.isolation == "none" for r in results)),
        ("mlebench_sandbox_errors", sum(r.sandbox_failed for r in results)),
    ]
    for set_name, figures in set_figures(results).items():
        for name, fig in figures.items():
            props.append((f"mlebench_{set_name}_{name}_mean", round(fig.mean, 6)))
            if fig.sem is not None:
                props.append((f"mlebench_{set_name}_{name}_sem", round(fig.sem, 6)))
    return props
