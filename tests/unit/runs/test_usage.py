"""usage.json: the agent's own report of tokens and cost, read defensively."""

import json

import pytest

from pytest_mlebench.runs.usage import read_usage, total_usage


def write(tmp_path, content):
    (tmp_path / "usage.json").write_text(content if isinstance(content, str) else json.dumps(content))


def test_valid_usage_is_kept(tmp_path):
    write(tmp_path, {"model": "m1", "input_tokens": 10, "output_tokens": 2, "cost_usd": 0.5, "extra": [1]})
    assert read_usage(tmp_path) == ({"model": "m1", "input_tokens": 10, "output_tokens": 2, "cost_usd": 0.5}, None)


def test_no_file_is_no_usage(tmp_path):
    assert read_usage(tmp_path) == (None, None)


@pytest.mark.parametrize(
    "content, problem",
    [("{not json", "not valid JSON"), ([1, 2], "JSON object"), ({"cost_usd": -1}, "non-negative"),
     ({"input_tokens": "many"}, "non-negative"), ({"input_tokens": True}, "non-negative")],
)
def test_bad_usage_is_ignored_with_a_reason(tmp_path, content, problem):
    write(tmp_path, content)
    usage, why = read_usage(tmp_path)
    assert usage is None and problem in why


def test_symlinked_usage_is_refused(tmp_path):
    (tmp_path / "secret").write_text("{}")
    (tmp_path / "usage.json").symlink_to(tmp_path / "secret")
    assert read_usage(tmp_path)[0] is None


def test_totals_over_runs():
    total = total_usage([{"model": "a", "input_tokens": 5, "cost_usd": 1.0}, None, {"model": "b", "output_tokens": 3}])
    assert total == {"input_tokens": 5, "output_tokens": 3, "cost_usd": 1.0, "models": ["a", "b"], "runs_reporting": 2}
