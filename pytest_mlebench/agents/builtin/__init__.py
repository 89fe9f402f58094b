"""Agents that ship with pytest-mlebench.

`dummy` copies the public sample submission (the floor every agent should
beat); `baseline` trains a small scikit-learn model chosen from the layout of
the public data. Both run as `python -m pytest_mlebench.agents.builtin.<name>`
and see only what the agent contract gives them (see `contract.py`).
"""
