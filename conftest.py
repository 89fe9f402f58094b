"""Project-wide pytest setup: pytester for the plugin's own tests, and the shared data folder."""

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

SHARED = Path(__file__).resolve().parent.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the checkout: MLE-bench facts and real Kaggle raw data (tests only)."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is missing: these tests need the project's shared data folder beside the checkout")
    return SHARED
