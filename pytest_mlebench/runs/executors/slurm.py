"""The Slurm executor: each run is one Slurm job, submitted with sbatch, watched with squeue, cancelled with scancel.

Plain Slurm commands rather than submitit: no dependency, and nothing here waits on accounting
(without slurmdbd, submitit waits forever on a job killed by SIGKILL). The controller (the pytest
process) prepares each competition's data once into the shared cache, then submits one job per run;
the job (`slurm_job`) does the run with the normal harness code on its node, sandbox included, and
writes the run's folder and its outcome into the shared run folder. The controller reads them back
as the run's record, so items, reports and gates are those of a local run.

What is kept in `<run dir>/.slurm/<run>/`: `request.json` (what the job does), `jobs.json` (the job
ids of every attempt), `slurm-<job>.out` (the job's output) and `outcome-<job>.json` (its result).
Every job carries `pytest-mlebench run=<key> item=<run>` in its comment, the key naming the run
folder, so a controller restarted on the same run folder finds its jobs in the queue even if it was
killed between sbatch and writing jobs.json, and never submits a run twice.
"""

from __future__ import annotations

import hashlib
import json
import math
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from pytest_mlebench.errors import DataUnavailable, RunFault, RunSkipped
from pytest_mlebench.records import RunResult
from pytest_mlebench.runs.executors.base import DataSource, Executor, Progress, RunRequest, clock, prepare_data
from pytest_mlebench.runs.plan import finished_run, harness_limit

SLURM_DIR = ".slurm"
TAG = "pytest-mlebench"
JOB_PROGRAM = "pytest_mlebench.runs.executors.slurm_job"
COMMANDS = ("sbatch", "squeue", "scancel")
HARNESS_MEMORY = 1 << 30  # on top of --mle-memory-limit for the job's own harness (validation server, grading)
OUTCOME_GRACE = 30.0  # seconds a COMPLETED job's outcome may take to appear on a network filesystem

# Job states (squeue's %T). Any state not final is waited on; COMPLETING still kills processes.
FINAL = {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "NODE_FAIL", "PREEMPTED", "OUT_OF_MEMORY",
         "BOOT_FAIL", "DEADLINE"}
RUNNING = {"RUNNING", "COMPLETING", "SIGNALING", "STAGE_OUT", "SUSPENDED"}
NOT_RETRIED = {"CANCELLED"}  # someone cancelled it on purpose

Board = Callable[[str | None, Sequence[str]], None]  # the status line and the events to print (plugin/progress.py)


class SlurmError(RuntimeError):
    """The Slurm executor cannot work here (no Slurm commands, a run folder in use); says what to do."""


@dataclass(frozen=True)
class SlurmOptions:
    """What each job asks of Slurm (`--mle-slurm-*`)."""

    partition: str | None = None
    account: str | None = None
    gres: str | None = None  # e.g. gpu:1
    cpus: int | None = None  # --cpus-per-task; None: the agent's cpus, else 1
    memory: int = 0  # bytes for --mem; 0 asks Slurm for all the memory of the node
    retries: int = 0  # jobs lost to the infrastructure are submitted again up to this many times
    poll: float = 5.0  # seconds between two squeue calls


@dataclass(frozen=True)
class QueuedJob:
    """One line of squeue: a job the controller still knows (a finished one for MinJobAge seconds)."""

    job_id: str
    state: str
    reason: str
    node: str
    time_limit: str  # as squeue shows it: 25:00, 1-00:30:00
    comment: str


@dataclass
class Attempt:
    job_id: str
    submitted_at: float  # time.time()
    state: str | None = None  # the final state once known
    stopped_by_controller: bool = False  # cancelled at the end of its session (Ctrl-C): not a fault of the run


@dataclass
class TrackedRun:
    """A run of the session and the jobs it took."""

    request: RunRequest
    folder: Path
    attempts: list[Attempt] = field(default_factory=list)
    status: str = "new"  # new, queued, running, done, skipped, failed
    node: str = ""
    running_since: float | None = None
    completed_without_outcome: float | None = None  # when a COMPLETED job was first seen with no outcome yet
    result: RunResult | None = None
    problem: BaseException | None = None  # raised by result(): DataUnavailable, RunFault, a harness error

    @property
    def job(self) -> Attempt | None:
        return self.attempts[-1] if self.attempts else None

    @property
    def live(self) -> bool:
        return self.status in ("queued", "running")

    @property
    def tries(self) -> int:
        """Attempts that count against --mle-slurm-retries (not those its controller stopped)."""
        return sum(not a.stopped_by_controller for a in self.attempts)


class SlurmClient:
    """The Slurm commands the executor runs, and how their output is read."""

    def __init__(self, env: dict[str, str] | None = None):
        self.env = env
        missing = [name for name in COMMANDS if shutil.which(name) is None]
        if missing:
            raise SlurmError(f"--mle-executor slurm needs Slurm's client commands on PATH, and {', '.join(missing)} "
                             "is missing: run pytest on a machine that can submit jobs (a login node), or install "
                             "them (Debian: apt-get install slurm-client)")

    def _run(self, command: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(command, capture_output=True, text=True, env=self.env, timeout=120)

    def submit(self, args: list[str]) -> str:
        done = self._run(["sbatch", *args])
        if done.returncode:
            raise RunFault(f"sbatch refused the job: {done.stderr.strip() or done.stdout.strip()}")
        return done.stdout.strip().split(";")[0]  # --parsable: "<id>" or "<id>;<cluster>"

    def queue(self) -> dict[str, QueuedJob]:
        """Every job of this user that Slurm still knows, by id."""
        done = self._run(["squeue", "--me", "--noheader", "--states=all", "--format=%i|%T|%r|%N|%l|%k"])
        if done.returncode:
            raise RunFault(f"squeue failed: {done.stderr.strip()}")
        jobs = {}
        for line in done.stdout.splitlines():
            parts = line.split("|", 5)
            if len(parts) == 6:
                jobs[parts[0]] = QueuedJob(*parts)
        return jobs

    def accounting_state(self, job_id: str) -> str | None:
        """A finished job's state from Slurm's accounting (sacct), or None when there is none."""
        if shutil.which("sacct") is None:
            return None
        done = self._run(["sacct", "--noheader", "--parsable2", "--allocations", "--jobs", job_id,
                          "--format=JobIDRaw,State"])
        for line in done.stdout.splitlines() if done.returncode == 0 else ():
            job, _, state = line.partition("|")
            if job == job_id and state:
                return state.split()[0]  # "CANCELLED by 0" -> CANCELLED
        return None

    def cancel(self, job_ids: Sequence[str]) -> None:
        if job_ids:
            self._run(["scancel", *job_ids])


def run_key(run_root: Path) -> str:
    """Names the run folder in the jobs' comments: a restarted controller on the same folder finds its jobs."""
    return hashlib.sha256(str(Path(run_root).resolve()).encode()).hexdigest()[:12]


def _human_bytes(size: int) -> str:
    for unit, factor in (("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20)):
        if size >= factor:
            return f"{size / factor:.3g}{unit}"
    return f"{size}B"


class SlurmExecutor(Executor):
    name = "slurm"
    runs_here = False  # each job claims its run on its node

    def __init__(self, options: SlurmOptions, run_root: Path, *, resume: bool = False, board: Board | None = None,
                 client: SlurmClient | None = None):
        self.options = options
        self.run_root = Path(run_root)
        self.resume = resume
        self.board = board or (lambda line, events: None)
        self.client = client or SlurmClient()
        self.key = run_key(self.run_root)
        self.runs: dict[str, TrackedRun] = {}
        self._lock = None
        self._events: list[str] = []

    def describe(self) -> str:
        opts = self.options
        where = ", ".join(f"{name} {value}" for name, value in (("partition", opts.partition), ("account", opts.account),
                                                                  ("gres", opts.gres)) if value)
        memory = "the whole node's memory" if not opts.memory else _human_bytes(opts.memory)
        return (f"slurm (one job per run, {opts.cpus or 'the agent’s'} CPUs and {memory} each"
                + (f", {where}" if where else "") + f", retries {opts.retries}, squeue every {opts.poll:g} s)")

    # -- session start ----------------------------------------------------------------------

    def start(self, requests: Sequence[RunRequest]) -> None:
        self._take_lock()
        queue = self.client.queue()
        to_submit: list[TrackedRun] = []
        for request in requests:
            run = self._track(request, queue)
            if run.status == "new":
                to_submit.append(run)
        prepared: dict[str, BaseException | None] = {}
        for run in to_submit:  # data once per competition, in the controller, into the shared cache
            cid = run.request.competition_id
            if cid not in prepared:
                self._show(f"preparing {cid}")
                try:
                    prepare_data(run.request)
                    prepared[cid] = None
                except Exception as exc:  # DataUnavailable skips the items; anything else is their error
                    prepared[cid] = exc
            if prepared[cid] is not None:
                run.problem = prepared[cid]
                run.status = "skipped" if isinstance(prepared[cid], DataUnavailable) else "failed"
            else:
                self._submit(run)
        self._show()

    def _take_lock(self) -> None:
        from filelock import FileLock, Timeout

        folder = self.run_root / SLURM_DIR
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(folder / "controller.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise SlurmError(f"another pytest controls the Slurm jobs of {self.run_root} right now: wait for it to "
                             "finish, or give this session another --mle-run-dir") from None
        self._lock = lock

    def _track(self, request: RunRequest, queue: dict[str, QueuedJob]) -> TrackedRun:
        """What is known of the run: its jobs (recorded, in the queue, or with an outcome) and their states."""
        run = TrackedRun(request=request, folder=self.run_root / SLURM_DIR / request.name)
        self.runs[request.name] = run
        run.folder.mkdir(parents=True, exist_ok=True)
        if self.resume:
            graded = finished_run(self.run_root, request.competition_id, request.seed, request.agent.name)
            if graded is not None:  # --mle-resume: the item reports it from result.json, no job
                run.result, run.status = graded, "done"
                return run
        recorded = self._read_jobs(run)
        ids = {a.job_id for a in recorded}
        for job in queue.values():  # submitted by a controller that died before recording it
            if self._comment_item(job.comment) == request.name and job.job_id not in ids:
                recorded.append(Attempt(job.job_id, submitted_at=time.time()))
        for path in run.folder.glob("outcome-*.json"):
            job_id = path.stem.removeprefix("outcome-")
            if job_id not in {a.job_id for a in recorded}:
                recorded.append(Attempt(job_id, submitted_at=path.stat().st_mtime))
        run.attempts = sorted(recorded, key=lambda a: (a.submitted_at, int(a.job_id) if a.job_id.isdigit() else 0))
        if run.job is not None and run.job.stopped_by_controller:  # Ctrl-C'd earlier: this session runs it again
            self._events.append(f"{request.name}: job {run.job.job_id} was cancelled when an earlier session ended")
        elif run.job is not None:
            self._events.append(f"{request.name}: found job {run.job.job_id} of an earlier session of this run folder")
            self._update(run, queue.get(run.job.job_id))
        return run

    def _comment_item(self, comment: str) -> str | None:
        words = dict(word.split("=", 1) for word in comment.split()[1:] if "=" in word) if comment.startswith(TAG) else {}
        return words.get("item") if words.get("run") == self.key else None

    def _read_jobs(self, run: TrackedRun) -> list[Attempt]:
        try:
            data = json.loads((run.folder / "jobs.json").read_text())
        except (OSError, ValueError):
            return []
        if data.get("agent") != run.request.agent.name:
            raise SlurmError(f"{run.folder} holds the jobs of agent {data.get('agent')!r}'s run, not "
                             f"{run.request.agent.name!r}'s: give this session another --mle-run-dir")
        return [Attempt(**a) for a in data.get("attempts", [])]

    def _write_jobs(self, run: TrackedRun) -> None:
        data = {"run": self.key, "agent": run.request.agent.name,
                "attempts": [vars(a) for a in run.attempts]}
        tmp = run.folder / "jobs.json.tmp"
        tmp.write_text(json.dumps(data, indent=2))
        tmp.replace(run.folder / "jobs.json")

    # -- submitting -------------------------------------------------------------------------

    def sbatch_args(self, run: TrackedRun) -> list[str]:
        """The job of one run: its limits, where its output goes, and the harness program it runs."""
        request, opts = run.request, self.options
        minutes = math.ceil(harness_limit(request.options, request.agent, request.competition()) / 60)
        cpus = opts.cpus or math.ceil(request.agent.cpus or 1)
        args = [
            "--parsable",
            f"--job-name=mle:{request.name}",
            f"--comment={TAG} run={self.key} item={request.name} attempt={run.tries + 1}",
            f"--time={minutes}",
            f"--cpus-per-task={cpus}",
            f"--mem={math.ceil(opts.memory / (1 << 20))}M" if opts.memory else "--mem=0",
            f"--output={run.folder}/slurm-%j.out",
            "--open-mode=append",
            f"--chdir={self.run_root}",
            "--no-requeue",  # a lost job is submitted again by the controller, counted against --mle-slurm-retries
            "--export=ALL",  # the agent's forwarded variables (API keys) come from the controller's environment
        ]
        args += [f"--{name}={value}" for name, value in (("partition", opts.partition), ("account", opts.account),
                                                          ("gres", opts.gres)) if value]
        args += ["--wrap", shlex.join([sys.executable, "-m", JOB_PROGRAM, str(run.folder / "request.json")])]
        return args

    def _submit(self, run: TrackedRun) -> None:
        (run.folder / "request.json").write_text(json.dumps(run.request.to_dict(), indent=2))
        try:
            job_id = self.client.submit(self.sbatch_args(run))
        except RunFault as exc:
            run.problem, run.status = exc, "failed"
            self._events.append(f"{run.request.name}: {exc}")
            return
        run.attempts.append(Attempt(job_id, submitted_at=time.time()))
        self._write_jobs(run)
        run.status, run.node, run.running_since, run.completed_without_outcome = "queued", "", None, None
        attempt = f", attempt {run.tries} of {self.options.retries + 1}" if run.tries > 1 else ""
        self._events.append(f"{run.request.name}: job {job_id} submitted{attempt}")

    # -- waiting ----------------------------------------------------------------------------

    def result(self, request: RunRequest, on_progress: Progress | None = None, data: DataSource | None = None) -> RunResult:
        run = self.runs.get(request.name)
        if run is None:  # an item start() was not told about
            self.start([request])
            run = self.runs[request.name]
        while run.live:
            self._show(current=run)
            time.sleep(self.options.poll)
            self.poll()
        self._show()
        if run.problem is not None:
            raise run.problem
        return run.result

    def poll(self) -> None:
        """One squeue for every job still live; finished jobs become results, faults or new attempts."""
        live = [run for run in self.runs.values() if run.live]
        if not live:
            return
        queue = self.client.queue()
        for run in live:
            self._update(run, queue.get(run.job.job_id))

    def _update(self, run: TrackedRun, job: QueuedJob | None) -> None:
        name, attempt = run.request.name, run.job
        if job is not None and job.state not in FINAL:
            status = "running" if job.state in RUNNING else "queued"
            if status == "running" and run.status != "running":
                run.running_since = time.time()
                run.node = job.node
                self._events.append(f"{name}: job {attempt.job_id} running on {job.node} "
                                    f"({run.running_since - attempt.submitted_at:.0f} s after submission)")
            run.status = status
            return
        outcome = self._read_outcome(run)
        if outcome is not None:
            self._take_outcome(run, outcome)
            return
        # squeue's state; once Slurm forgot the job, accounting's, else what an earlier session recorded
        recorded = attempt.state if attempt.state in FINAL else None
        state = job.state if job is not None else (self.client.accounting_state(attempt.job_id) or recorded)
        if state == "COMPLETED":
            now = time.time()
            run.completed_without_outcome = run.completed_without_outcome or now
            if now - run.completed_without_outcome < OUTCOME_GRACE:
                run.status = "running"  # the outcome may not be visible yet on a network filesystem
                return
        attempt.state = state or "UNKNOWN"
        self._write_jobs(run)
        self._fault(run, state, job)

    def _read_outcome(self, run: TrackedRun) -> dict | None:
        try:
            return json.loads((run.folder / f"outcome-{run.job.job_id}.json").read_text())
        except (OSError, ValueError):
            return None

    def _take_outcome(self, run: TrackedRun, outcome: dict) -> None:
        job_id = run.job.job_id
        run.job.state = run.job.state or "COMPLETED"
        self._write_jobs(run)
        if "result" in outcome:
            run.result, run.status = RunResult.from_dict(outcome["result"]), "done"
            self._events.append(f"{run.request.name}: job {job_id} done")
        elif "skipped" in outcome:  # no data on the node, or another process holds the run
            run.problem, run.status = RunSkipped(outcome["skipped"]), "skipped"
        else:
            run.problem = RunFault(f"job {job_id} could not do the run: {outcome.get('error')} (its output: "
                                   f"{run.folder / f'slurm-{job_id}.out'})")
            run.status = "failed"
            self._events.append(f"{run.request.name}: {run.problem}")

    def _fault(self, run: TrackedRun, state: str | None, job: QueuedJob | None) -> None:
        """A job that ended without the run's result: submitted again while retries last, else the run's error."""
        reason = self.fault_reason(run, state, job)
        retry = state not in NOT_RETRIED and state != "COMPLETED" and run.tries <= self.options.retries
        self._events.append(f"{run.request.name}: {reason}" + ("; submitting it again" if retry else ""))
        if retry:
            self._submit(run)
            return
        tried = f" (attempt {run.tries} of {self.options.retries + 1})" if self.options.retries and state not in NOT_RETRIED else ""
        run.problem, run.status = RunFault(f"{run.request.competition_id}: {reason}{tried}; the run has no result"), "failed"

    def fault_reason(self, run: TrackedRun, state: str | None, job: QueuedJob | None) -> str:
        job_id, opts = run.job.job_id, self.options
        output = run.folder / f"slurm-{job_id}.out"
        node = f" on {job.node or run.node}" if (job and job.node) or run.node else ""
        limit = harness_limit(run.request.options, run.request.agent, run.request.competition())
        reasons = {
            "TIMEOUT": f"Slurm killed job {job_id}{node} at its time limit"
                       + (f" of {job.time_limit}" if job and job.time_limit else "")
                       + f" (asked for {math.ceil(limit / 60)} min: the run's time limit plus the harness's margin for "
                       "preparation and grading)",
            "CANCELLED": f"job {job_id}{node} was cancelled (scancel, or an administrator)",
            "NODE_FAIL": f"job {job_id} was lost with its node{node} (NODE_FAIL)",
            "PREEMPTED": f"job {job_id}{node} was preempted by another job",
            "OUT_OF_MEMORY": f"Slurm killed job {job_id}{node} for using more than its memory "
                             f"({_human_bytes(opts.memory) if opts.memory else 'the node'}; --mle-slurm-mem)",
            "BOOT_FAIL": f"job {job_id}'s node{node} failed to boot",
            "DEADLINE": f"job {job_id} reached its deadline before it could run",
            "FAILED": f"job {job_id}{node} failed before writing the run's result: see {output}",
            "COMPLETED": f"job {job_id} completed but its result is not in {run.folder}: the run folder must be on "
                         "a filesystem that the nodes share with this machine, at the same path",
        }
        if state is None:
            return (f"job {job_id} ended without writing the run's result, and Slurm no longer knows how (it "
                    f"forgets finished jobs after MinJobAge without accounting): see {output}")
        return reasons.get(state, f"job {job_id}{node} ended {state} without the run's result: see {output}")

    # -- status and the end -----------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for run in self.runs.values():
            counts[run.status] = counts.get(run.status, 0) + 1
        return counts

    def _show(self, what: str | None = None, current: TrackedRun | None = None) -> None:
        counts = self.counts()
        shown = [f"{counts.get(s, 0)} {s}" for s in ("queued", "running", "done")]
        shown += [f"{counts[s]} {s}" for s in ("failed", "skipped") if counts.get(s)]
        line = f"slurm: {len(self.runs)} runs: {', '.join(shown)}"
        if what:
            line += f" | {what}"
        elif current is not None and current.job is not None:
            line += f" | waiting for {current.request.name}: job {current.job.job_id} {current.status}"
            if current.status == "running" and current.running_since:
                limit = harness_limit(current.request.options, current.request.agent, current.request.competition())
                line += f" on {current.node} {clock(time.time() - current.running_since)} / {clock(limit)}"
        events, self._events = self._events, []
        self.board(line, events)

    def finish(self) -> None:
        """Cancel every job of this session still queued or running (Ctrl-C, -x, a crash of an item), then
        let go of the run folder."""
        live = [run for run in self.runs.values() if run.live]
        if live:
            self.client.cancel([run.job.job_id for run in live])
            for run in live:  # recorded, so that the next session on this run folder submits them again
                run.status, run.job.stopped_by_controller, run.job.state = "failed", True, "CANCELLED"
                self._write_jobs(run)
            self.board(None, [f"slurm: cancelled {len(live)} job(s) of this session: "
                              + ", ".join(f"{run.job.job_id} ({run.request.name})" for run in live)])
        if self._lock is not None:
            self._lock.release()
            self._lock = None
