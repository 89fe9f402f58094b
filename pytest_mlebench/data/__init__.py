"""Competition data. `prepared` is the cache (prepare once, share between workers, reuse);
`kaggle` downloads raw data and leaderboards; `checksums` proves a split byte-identical to
MLE-bench's; `authoring` holds the helpers competitions' prepare.py files share."""

import os
from pathlib import Path

CACHE_DIR_ENV = "MLEBENCH_CACHE_DIR"  # the cache folder when --mle-cache-dir / mle_cache_dir is not given


def default_cache_dir() -> Path:
    """$MLEBENCH_CACHE_DIR, else the user's cache folder (e.g. ~/.cache/pytest-mlebench). Here, not in
    `prepared`, so that the plugin can name the cache without importing the data machinery."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("pytest-mlebench"))
