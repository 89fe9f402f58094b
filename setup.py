"""The package list, by discovery: every package under pytest_mlebench/ (a new subpackage needs no
entry here), and the competition definitions in competitions/, installed as
pytest_mlebench_competitions. pyproject.toml's [tool.setuptools.packages.find] cannot do the
second (it does not follow package-dir renames), hence this file; all else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["pytest_mlebench", "pytest_mlebench.*"]), "pytest_mlebench_competitions"])
