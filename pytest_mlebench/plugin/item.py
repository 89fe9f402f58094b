"""The benchmark as a test: one parametrized item per competition.

The plugin adds this module to the session (node id `mlebench`) and
parametrizes `test_competition` with every competition; the fixtures come
from the plugin. The item fails when the run falls short of `--mle-pass`.
"""

from __future__ import annotations

from contextlib import nullcontext

import pytest

from pytest_mlebench.errors import DataUnavailable, RunFault, RunSkipped
from pytest_mlebench.reports.junit import junit_properties, reaches_pass_level
from pytest_mlebench.runs.claim import CLAIMED, claim_run
from pytest_mlebench.runs.plan import finished_run, run_name


def test_competition(competition_id, seed, mle_competition, mle_agent, mle_session, request):
    settings = mle_session.settings
    name = run_name(mle_competition, seed)
    # the run folder may be shared by many machines: one process at a time writes a run (a Slurm job
    # claims its own run on its node)
    here = mle_session.executor.runs_here
    with claim_run(mle_session.run_root, name, settings.shard.text() if settings.shard else None) if here \
            else nullcontext() as claim:
        if claim is not None and not claim.held:
            pytest.skip(f"{CLAIMED} {name} is being run by {claim.holder_text()}; its result will be in "
                        f"{mle_session.run_root / name}")
        result = None
        if settings.resume:
            result = finished_run(mle_session.run_root, mle_competition, seed, mle_agent.name)
        if result is None:
            try:
                result = mle_session.executor.result(
                    mle_session.run_request(competition_id, seed),
                    on_progress=mle_session.progress,
                    data=lambda: request.getfixturevalue("mle_data"),  # prepared only when the run really happens here
                )
            except (DataUnavailable, RunSkipped) as exc:  # no data for the job, or its run held elsewhere
                pytest.skip(str(exc))
            except RunFault as exc:  # the infrastructure lost the run: an error with the reason, never a graded run
                pytest.fail(str(exc), pytrace=False)
    request.node.user_properties.extend(junit_properties(result))
    if reaches_pass_level(result, settings.pass_level):  # the one decision, shared with `merge`'s JUnit file
        return
    if result.leaderboard == "unavailable":
        pytest.fail(f"{result.competition_id}: medals are unavailable (no leaderboard), so --mle-pass="
                    f"{settings.pass_level} cannot be judged; score {result.score}", pytrace=False)
    pytest.fail(failure_message(result, settings.pass_level), pytrace=False)


def failure_message(result, pass_level: str) -> str:
    direction = "lower" if result.is_lower_better else "higher"
    lines = [
        f"{result.competition_id}: the run did not reach --mle-pass={pass_level}",
        f"  score: {result.score}  ({direction} is better)   medal: {result.medal or 'none'}   "
        f"above median: {'yes' if result.above_median else 'no'}",
        f"  thresholds: gold {result.gold_threshold}  silver {result.silver_threshold}  "
        f"bronze {result.bronze_threshold}  median {result.median_threshold}  ({result.leaderboard} leaderboard)",
    ]
    if result.error:
        lines.append(f"  {result.error}")
    lines += [
        f"  agent: exit code {result.exit_code}, {result.agent_seconds:.1f} s of {result.time_limit:.0f} s"
        + (" (killed at the time limit)" if result.timed_out else ""),
        f"  submission: {result.submission_path}",
        f"  agent log:  {result.log_path}",
    ]
    return "\n".join(lines)
