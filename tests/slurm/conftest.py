"""Every test here runs against a real single-node Slurm (tests/support/slurm.py), marked `slurm`."""

import pytest

from tests.support.slurm import slurm_cluster  # noqa: F401  (the fixture)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/slurm/" in item.nodeid:
            item.add_marker(pytest.mark.slurm)
