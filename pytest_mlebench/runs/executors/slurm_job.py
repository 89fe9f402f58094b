"""What a Slurm job of the Slurm executor runs on its node: `python -m pytest_mlebench.runs.executors.slurm_job REQUEST`.

It does the one run of REQUEST (`request.json`, written by the controller) with the normal harness
code, `execute`: the data from the shared cache, the agent in its sandbox (a sandbox that cannot
isolate it gives an error record, never an unisolated run), the grade, and `result.json` in the
run's folder, claimed first like any run (runs/claim.py: one writer per run, even when another
session points at the same folder). Then it writes `outcome-<job id>.json` beside the request: the run's record, or why
there is none. Slurm's SIGTERM (scancel, the job's time limit, preemption) stops the sandbox on the
way out and leaves no outcome: the controller reads what happened from Slurm.
"""

from __future__ import annotations

import time

STARTED = time.time()  # before the heavy imports: the job's overhead counts from here

import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402


class Terminated(BaseException):
    """Slurm sent SIGTERM: unwind (stopping the sandbox and the validation server) and write no outcome."""


def _terminate(signum, frame):
    raise Terminated(f"signal {signum}")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m pytest_mlebench.runs.executors.slurm_job REQUEST.json", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _terminate)
    request_path = Path(argv[0])
    job_id = os.environ.get("SLURM_JOB_ID", "local")
    outcome: dict = {"job_id": job_id, "host": socket.gethostname(), "started_at": STARTED}
    from pytest_mlebench.errors import DataUnavailable, RunSkipped
    from pytest_mlebench.runs.claim import CLAIMED, claim_run
    from pytest_mlebench.runs.executors.base import RunRequest, execute

    try:
        request = RunRequest.from_dict(json.loads(request_path.read_text()))
        outcome["run_started_at"] = time.time()
        with claim_run(request.run_root, request.name, f"slurm job {job_id}") as claim:
            if not claim.held:
                raise RunSkipped(f"{CLAIMED} {request.name} is being run by {claim.holder_text()}; its result "
                                 f"will be in {request.run_root / request.name}")
            result = execute(request)
        outcome["result"] = result.to_dict()
        outcome["agent_started_at"] = outcome["run_started_at"] + result.prepare_seconds + result.setup_seconds
    except Terminated:
        print(f"job {job_id}: terminated by Slurm, no outcome written", flush=True)
        return 143
    except (DataUnavailable, RunSkipped) as exc:
        outcome["skipped"] = str(exc)
    except Exception as exc:  # a harness problem: the controller reports it as the run's error
        traceback.print_exc()
        outcome["error"] = f"{type(exc).__name__}: {exc}"
    outcome["ended_at"] = time.time()
    target = request_path.parent / f"outcome-{job_id}.json"
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(outcome, indent=2))
    tmp.replace(target)  # atomic: the controller never reads half an outcome
    return 0 if "result" in outcome else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
