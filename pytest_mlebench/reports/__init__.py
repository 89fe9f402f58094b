"""What a session reports: `terminal` (the medal table), `junit` (per-item properties), `json_report`,
`html`, `figures` (aggregates per set and the --mle-fail-under gate), `compare` (--mle-compare and
regressions), `leaderboard_entry` (a leaderboard submission from many reports)."""
