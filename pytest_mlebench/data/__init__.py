"""Competition data. `prepared` is the cache (prepare once, share between workers, reuse);
`kaggle` downloads raw data and leaderboards; `checksums` proves a split byte-identical to
MLE-bench's; `authoring` holds the helpers competitions' prepare.py files share."""
