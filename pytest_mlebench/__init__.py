"""pytest-mlebench: MLE-bench as a pytest plugin (see README.md)."""

__version__ = "0.1.0"
