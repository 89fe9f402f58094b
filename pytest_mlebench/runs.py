"""One run: prepare the data, run the agent in its sandbox, grade, place on the leaderboard.

The `RunResult` record is what flows from here to the reports; it is written
to `result.json` in the run's folder as soon as the run is graded, so a
crash of pytest later loses nothing already computed.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from . import data, grading, medals
from .agents import AgentSpec, agent_environment
from .competitions import Competition
from .sandbox import ExecResult, RunLayout, SandboxConfig, SandboxError, agent_view, make_sandbox
from .usage import read_usage
from .validation import (
    SCRIPT_NAME,
    SERVER_SCRIPT,
    TOOLS_DIR,
    ValidationService,
    client_script,
    docker_with_validation,
)

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
The same paths are in the environment: MLEBENCH_DATA_DIR, MLEBENCH_SUBMISSION_PATH, MLEBENCH_WORK_DIR,
MLEBENCH_TIME_LIMIT, MLEBENCH_COMPETITION_ID, MLEBENCH_SEED, MLEBENCH_INSTRUCTIONS, MLEBENCH_VALIDATE.
"""


@dataclass(frozen=True)
class RunResult:
    """Everything known about one graded run; flat and JSON-friendly on purpose."""

    competition_id: str
    agent: str
    seed: int
    score: float | None
    valid_submission: bool
    submission_exists: bool
    error: str | None
    medal: str | None
    above_median: bool
    gold_threshold: float | None
    silver_threshold: float | None
    bronze_threshold: float | None
    median_threshold: float | None
    is_lower_better: bool
    leaderboard: str  # "kaggle", "reference" or "unavailable"
    num_teams: int
    sets: tuple[str, ...]
    domains: tuple[str, ...]
    known_issues: tuple[str, ...]
    time_limit: float
    agent_seconds: float
    timed_out: bool
    exit_code: int | None
    killed_processes: int
    sandbox: str  # "local", "docker" or "none" (--mle-sandbox)
    isolation: str  # "bwrap", "docker", "none" (no isolation, chosen) or "failed" (the agent never ran)
    network: bool
    prepare_seconds: float
    setup_seconds: float  # item start -> agent start, preparation excluded
    grading_seconds: float  # agent exit -> graded
    run_dir: str
    submission_path: str
    log_path: str
    created_at: str
    usage: dict | None = None  # what the agent reported in usage.json (tokens, cost, model)
    validations: int = 0  # submission checks the agent asked for during the run
    bwrap: str | None = None  # the bubblewrap that isolated the run: path (version, origin)
    agent_uid: int | None = None  # the kernel uid the agent ran as (local sandbox)

    @property
    def sandbox_failed(self) -> bool:
        """The sandbox could not isolate the agent, so the agent was never started."""
        return self.isolation == "failed"

    @property
    def any_medal(self) -> bool:
        return self.medal is not None

    def to_dict(self) -> dict:
        record = asdict(self)
        record.update({f"{m}_medal": self.medal == m for m in medals.MEDALS}, any_medal=self.any_medal)
        return record

    @classmethod
    def from_dict(cls, record: dict) -> "RunResult":
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in record.items() if k in names}
        for name in ("sets", "domains", "known_issues"):
            values[name] = tuple(values.get(name, ()))
        return cls(**values)

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.to_dict(), indent=2))
        tmp.replace(path)


def run_name(competition: Competition, seed: int) -> str:
    return f"{competition.id}-seed{seed}"


def finished_run(run_root: Path, competition: Competition, seed: int, agent: str) -> RunResult | None:
    """The record of a run already graded in `run_root` by the same agent, if there is one.

    `result.json` is written (atomically) only once a run is graded, so a run cut
    off mid-way has none and is run again."""
    path = Path(run_root) / run_name(competition, seed) / "result.json"
    try:
        result = RunResult.from_dict(json.loads(path.read_text()))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return result if result.agent == agent else None


def run_competition(
    competition: Competition,
    agent: AgentSpec,
    prepared: data.PreparedData,
    *,
    run_root: Path,
    seed: int = 0,
    time_limit: float | None = None,
    memory_limit: int | None = None,
    disk_limit: int | None = None,
    bwrap: str | None = None,
    on_progress: Callable[[str, float, float, Path], None] | None = None,
    sandbox_kind: str = "local",
    docker_options=None,  # docker_sandbox.DockerOptions, for sandbox_kind "docker"
) -> RunResult:
    """Run `agent` on prepared data of `competition` and grade it. Raises only for harness
    problems (a broken definition); what the agent does wrong is in the result. A sandbox that
    cannot isolate the agent gives a result with isolation "failed" and the reason: the agent
    is never started, and no result.json is kept (a resumed session runs it again)."""
    setup_started = time.monotonic()
    competition = data.with_leaderboard(competition, prepared.cache_root)  # thresholds from a downloaded leaderboard
    limit = float(time_limit or agent.time_limit or competition.time_limit)
    root = Path(run_root) / run_name(competition, seed)
    if root.exists():  # what a cut-off or earlier run left must not be graded as this run's
        shutil.rmtree(root)
    layout = RunLayout.create(root)
    submission_path = layout.submission / "submission.csv"
    view = agent_view(sandbox_kind, layout, competition.id)  # the paths as the agent sees them
    contract = {
        **view.extra_env,
        "MLEBENCH_COMPETITION_ID": competition.id,
        "MLEBENCH_DATA_DIR": view.data,
        "MLEBENCH_SUBMISSION_PATH": view.submission,
        "MLEBENCH_WORK_DIR": view.work,
        "MLEBENCH_TIME_LIMIT": str(int(limit)),
        "MLEBENCH_INSTRUCTIONS": view.instructions,
        "MLEBENCH_SEED": str(seed),
        "MLEBENCH_VALIDATE": str(layout.home / SCRIPT_NAME),
        "MLEBENCH_VALIDATION_DIR": str(layout.validate),
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
            validate_script=layout.home / SCRIPT_NAME,
        )
    )
    (layout.home / SCRIPT_NAME).write_text(client_script(str(layout.validate)))
    (layout.home / SCRIPT_NAME).chmod(0o755)
    env = agent_environment(agent, contract, host_path=view.host_path)
    readonly = ((agent.agent_dir,) if agent.agent_dir else ()) + prepared.sources + (TOOLS_DIR,)  # a --mle-data-dir's public folder
    config = SandboxConfig(
        network=agent.network,
        memory_limit=memory_limit,
        readonly_paths=readonly,
        bwrap=bwrap,
        # every competition's answers, and Kaggle credentials, even under a readable path
        hidden_paths=(prepared.cache_root, *prepared.hidden, *_credential_paths()),
        services=((sys.executable, "-I", "-S", str(SERVER_SCRIPT), str(layout.validate)),),
        disk_limit=disk_limit,
    )
    validation = ValidationService(competition, prepared.private, layout.validate, layout.logs / "validation.jsonl")
    if docker_options is not None:
        docker_options = docker_with_validation(docker_options, layout)
    sandbox = make_sandbox(sandbox_kind, layout, prepared.public, config, docker_options)
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
        grade = grading.grade_submission(competition, submission_path, prepared.private)
    else:
        grade = grading.Grade(score=None, valid=False, submission_exists=False, error=sandbox_problem)
    usage, usage_problem = read_usage(layout.work)
    thresholds = competition.leaderboard.thresholds
    placement = medals.place_score(grade.score, thresholds, competition.grading.lower_is_better) if thresholds else None
    error = grade.error
    if usage_problem:
        error = f"{error}; {usage_problem}" if error else usage_problem
    if outcome.timed_out and not grade.valid:
        error = f"time limit of {limit:.0f} s reached; {error}"
    if outcome.disk_exceeded:
        error = f"disk limit of {disk_limit:,} bytes exceeded: the run was stopped" + (f"; {error}" if error else "")
    if outcome.oom:
        error = f"out of memory (limit {memory_limit} bytes)" + (f"; {error}" if error else "")
    result = RunResult(
        competition_id=competition.id,
        agent=agent.name,
        seed=seed,
        score=grade.score,
        valid_submission=grade.valid,
        submission_exists=grade.submission_exists,
        error=error,
        medal=placement.medal if placement else None,
        above_median=placement.above_median if placement else False,
        gold_threshold=thresholds.gold if thresholds else None,
        silver_threshold=thresholds.silver if thresholds else None,
        bronze_threshold=thresholds.bronze if thresholds else None,
        median_threshold=thresholds.median if thresholds else None,
        is_lower_better=competition.grading.lower_is_better,
        leaderboard=competition.leaderboard.kind if thresholds else "unavailable",
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
