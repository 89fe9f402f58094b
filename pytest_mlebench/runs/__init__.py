"""One run of one competition. `plan` holds what the session decided for every run (RunOptions,
the time limit, run folders); `run` prepares the sandbox, runs the agent, grades and places;
`validation` is the agent's submission check during the run; `usage` reads what the agent
reported spending; `doctor` checks a machine before a full run."""
