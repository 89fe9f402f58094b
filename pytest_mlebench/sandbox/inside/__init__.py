"""Programs that run inside an agent's sandbox (standard library only; no project imports)."""

VALIDATE_SCRIPT = "validate_submission.sh"  # the agent's way to check a file (MLE-bench's /home/validate_submission.sh)
