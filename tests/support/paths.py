"""Where the tests find the checkout and their fixtures, wherever a test file sits."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES_ROOT = REPO / "tests" / "support" / "fixtures"
