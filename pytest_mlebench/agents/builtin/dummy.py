"""The dummy agent: submit the public sample submission unchanged.

Its score is what a constant prediction earns, the floor every real agent
should beat (MLE-bench ships the same agent for the same reason).
"""

from __future__ import annotations

import sys

from pytest_mlebench.agents.builtin.contract import (
    AgentEnv,
    ContractError,
    copy_sample_submission,
    fail,
)


def main() -> int:
    try:
        env = AgentEnv.from_environ()
        copy_sample_submission(env)
    except ContractError as exc:
        return fail(f"dummy agent: {exc}")
    print(f"dummy agent: copied {env.sample_submission} to {env.submission_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
