"""One run: prepare the data, run the agent in its sandbox, grade, place on the leaderboard.

The `RunResult` record is what flows from here to the reports; it is written
to `result.json` in the run's folder as soon as the run is graded, so a
crash of pytest later loses nothing already computed.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from pytest_mlebench.agents import contract as names
from pytest_mlebench.agents.contract import Contract
from pytest_mlebench.agents.resolve import AgentSpec, agent_environment
from pytest_mlebench.competitions import Competition
from pytest_mlebench.data.prepared import PreparedData, with_leaderboard
from pytest_mlebench.errors import SandboxError
from pytest_mlebench.grading import medals
from pytest_mlebench.grading.grade import grade_submission
from pytest_mlebench.records import Grade, RunResult
from pytest_mlebench.runs.plan import RunOptions, run_name, time_limit
from pytest_mlebench.runs.usage import read_usage
from pytest_mlebench.runs.validation import (
    SERVER_SCRIPT,
    TOOLS_DIR,
    ValidationService,
    client_script,
)
from pytest_mlebench.sandbox import sandbox_kind
from pytest_mlebench.sandbox.base import (
    ExecResult,
    RunLayout,
    SandboxConfig,
    Service,
)
from pytest_mlebench.sandbox.inside import VALIDATE_SCRIPT

INSTRUCTIONS = """\
You are competing in a machine-learning competition ({competition_id}) inside a benchmark harness.

- The task is described in {data_dir}/description.md. Read it first.
- The data is in {data_dir} (read-only). Use only these files: no other copy of the data, no answers.
- Write your predictions as CSV to {submission_path}, in the format of {data_dir}/sample_submission.csv.
  Only that file is graded; a missing or malformed file scores nothing.
- Keep your code, notes and logs in {work_dir}: that folder is kept after the run.
- You have {time_limit:.0f} seconds in all. At the limit every process of yours is stopped and
  whatever {submission_path} holds at that moment is graded, so write a valid submission early
  and improve it.
- Network access: {network}.
- To check a file before the limit (the grader's checks, never the score), run
  `sh {validate_script} FILE`, or POST it to http://localhost:5000/validate as a form field
  named "file" (curl -X POST -F "file=@FILE" http://localhost:5000/validate). Both answer JSON
  {{"result": "...", "valid": true|false}}; every check is logged and counted in the report.
The same paths are in the environment: {variables}.
"""


def run_competition(
    competition: Competition,
    agent: AgentSpec,
    prepared: PreparedData,
    options: RunOptions = RunOptions(),
    *,
    run_root: Path,
    seed: int = 0,
    on_progress: Callable[[str, float, float, Path], None] | None = None,
) -> RunResult:
    """Run `agent` on prepared data of `competition` and grade it. Raises only for harness
    problems (a broken definition); what the agent does wrong is in the result. A sandbox that
    cannot isolate the agent gives a result with isolation "failed" and the reason: the agent
    is never started, and no result.json is kept (a resumed session runs it again)."""
    setup_started = time.monotonic()
    competition = with_leaderboard(competition, prepared.cache_root)  # thresholds from a downloaded leaderboard
    limit = time_limit(options, agent, competition)
    kind = sandbox_kind(options.sandbox.kind)
    root = Path(run_root) / run_name(competition, seed)
    if root.exists():  # what a cut-off or earlier run left must not be graded as this run's
        shutil.rmtree(root)
    layout = RunLayout.create(root)
    submission_path = layout.submission / "submission.csv"
    view = kind.view(layout, competition.id)  # the paths as the agent sees them
    contract = {
        **view.extra_env,
        **Contract(
            competition_id=competition.id, data_dir=view.data, submission_path=view.submission, work_dir=view.work,
            time_limit=limit, instructions=view.instructions, seed=seed,
            validate=str(layout.home / VALIDATE_SCRIPT), validation_dir=str(layout.validate),
        ).environment(),
    }
    if view.home is not None:  # else the image's own
        contract["HOME"] = view.home
    (layout.home / "instructions.txt").write_text(
        INSTRUCTIONS.format(
            competition_id=competition.id,
            data_dir=view.data,
            submission_path=view.submission,
            work_dir=view.work,
            time_limit=limit,
            network="on" if agent.network else "off",
            validate_script=layout.home / VALIDATE_SCRIPT,
            variables=", ".join(names.DOCUMENTED),
        )
    )
    (layout.home / VALIDATE_SCRIPT).write_text(client_script(str(layout.validate)))
    (layout.home / VALIDATE_SCRIPT).chmod(0o755)
    env = agent_environment(agent, contract, host_path=view.host_path)
    readonly = ((agent.agent_dir,) if agent.agent_dir else ()) + prepared.sources + (TOOLS_DIR,)  # a --mle-data-dir's public folder
    config = SandboxConfig(
        network=agent.network,
        memory_limit=options.memory_limit,
        readonly_paths=readonly,
        bwrap=options.sandbox.bwrap,
        # every competition's answers, and Kaggle credentials, even under a readable path
        hidden_paths=(prepared.cache_root, *prepared.hidden, *_credential_paths()),
        services=(Service(SERVER_SCRIPT, (str(layout.validate),)),),
        disk_limit=options.disk_limit,
    )
    validation = ValidationService(competition, prepared.private, layout.validate, layout.logs / "validation.jsonl")
    sandbox = kind.create(layout, prepared.public, config, options.sandbox, agent)
    log_path = layout.logs / "agent.log"
    sandbox_problem = None
    try:
        validation.start()
        try:
            sandbox.start()
        except SandboxError as exc:
            sandbox_problem = f"sandbox error, the agent was not started: {exc}"
        agent_started = time.monotonic()
        if sandbox_problem is None:
            try:  # exec() raises SandboxError only before the agent starts (a check of the image, say)
                outcome = _exec_with_progress(sandbox, list(agent.command), env, limit, log_path, competition.id, on_progress)
            except SandboxError as exc:
                sandbox_problem = f"sandbox error, the agent was not started: {exc}"
        if sandbox_problem is not None:
            outcome = ExecResult(exit_code=None, timed_out=False, duration=0.0, killed=0, oom=False)
            log_path.write_text(f"{sandbox_problem}\n")
        agent_ended = time.monotonic()
    finally:
        sandbox.stop()
        validation.stop()
    if sandbox_problem is None:
        grade = grade_submission(competition, submission_path, prepared.private)
    else:
        grade = Grade(score=None, valid=False, submission_exists=False, error=sandbox_problem)
    usage, usage_problem = read_usage(layout.work)
    error = grade.error
    if usage_problem:
        error = f"{error}; {usage_problem}" if error else usage_problem
    if outcome.timed_out and not grade.valid:
        error = f"time limit of {limit:.0f} s reached; {error}"
    if outcome.disk_exceeded:
        error = f"disk limit of {options.disk_limit:,} bytes exceeded: the run was stopped" + (f"; {error}" if error else "")
    if outcome.oom:
        error = f"out of memory (limit {options.memory_limit} bytes)" + (f"; {error}" if error else "")
    result = RunResult(
        competition_id=competition.id,
        agent=agent.name,
        seed=seed,
        score=grade.score,
        valid_submission=grade.valid,
        submission_exists=grade.submission_exists,
        error=error,
        **medals.placement_fields(competition, grade.score),
        num_teams=competition.leaderboard.num_teams,
        sets=competition.sets,
        domains=competition.domains,
        known_issues=competition.known_issues,
        time_limit=limit,
        agent_seconds=round(outcome.duration, 3),
        timed_out=outcome.timed_out,
        exit_code=outcome.exit_code,
        killed_processes=outcome.killed,
        sandbox=sandbox.name,
        isolation="failed" if sandbox_problem else sandbox.isolation,
        network=agent.network,
        prepare_seconds=round(prepared.seconds, 3),
        setup_seconds=round(agent_started - setup_started, 3),
        grading_seconds=round(time.monotonic() - agent_ended, 3),
        run_dir=str(layout.root),
        submission_path=str(submission_path),
        log_path=str(log_path),
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        usage=usage,
        validations=validation.calls,
        bwrap=sandbox.bwrap.describe() if sandbox.bwrap else None,
        agent_uid=sandbox.agent_uid,
    )
    if not result.sandbox_failed:
        result.save(layout.root / "result.json")
    return result


def _credential_paths() -> tuple[Path, ...]:
    """Where the harness's Kaggle credentials live: never visible to an agent."""
    paths = [Path.home() / ".kaggle"]
    if os.environ.get("KAGGLE_CONFIG_DIR"):
        paths.append(Path(os.environ["KAGGLE_CONFIG_DIR"]))
    return tuple(path for path in paths if path.exists())  # a mask needs something to cover


def _exec_with_progress(sandbox, command, env, limit, log_path, competition_id, on_progress):
    """Run the agent in a thread so that this (main) thread can show progress and
    receive Ctrl-C or pytest-timeout's signal; the caller's `finally` stops the sandbox."""
    if on_progress is None:
        return sandbox.exec(command, env, limit, log_path)
    box: dict = {}

    def target():
        try:
            box["result"] = sandbox.exec(command, env, limit, log_path)
        except BaseException as exc:  # re-raised in the main thread
            box["error"] = exc

    thread = threading.Thread(target=target, name=f"agent-{competition_id}", daemon=True)
    started = time.monotonic()
    thread.start()
    while thread.is_alive():
        thread.join(timeout=1.0)
        on_progress(competition_id, time.monotonic() - started, limit, log_path)
    on_progress(competition_id, -1.0, limit, log_path)  # -1: finished, clear the line
    if "error" in box:
        raise box["error"]
    return box["result"]
