"""The session's pre-flight in-process: which runs the node ids select, and the verdict on them."""

from types import SimpleNamespace

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.plugin import preflight
from tests.support.paths import FIXTURES_ROOT


def competitions():
    return load_competitions(FIXTURES_ROOT / "competitions")


def test_selected_runs_read_competition_and_seed_from_node_ids():
    known = competitions()
    ids = ["mlebench::test_competition[tiny-labels]", "mlebench::test_competition[tiny-regression-seed2]",
           "tests/test_x.py::test_other[tiny-labels]", "mlebench::test_competition[unknown]"]
    assert [(c.id, s) for c, s in preflight.selected_runs(ids, known)] == [("tiny-labels", 0), ("tiny-regression", 2)]


def _session(tmp_path, **overrides):
    settings = dict(cache_dir=tmp_path / "cache", raw_dir=None, data_dir=None, resume=False, sandbox="local", gpus=0,
                    executor="local")
    settings.update(overrides)
    return SimpleNamespace(settings=SimpleNamespace(**settings), run_root=tmp_path / "runs",
                           agent=SimpleNamespace(name="dummy"))


def test_offline_competitions_need_nothing(tmp_path):
    known = competitions()
    assert preflight.check(_session(tmp_path), [(known["tiny-labels"], 0)]) is None


def test_fewer_gpus_than_asked_is_fatal_under_docker(tmp_path, monkeypatch):
    known = competitions()
    monkeypatch.setattr(preflight.doctor, "visible_gpus", lambda: 0)
    verdict = preflight.check(_session(tmp_path, sandbox="docker", gpus=1), [(known["tiny-labels"], 0)])
    assert verdict.fatal and "0 visible" in verdict.message() and "lower --mle-gpus" in verdict.message()


def test_gpus_are_not_counted_here_when_runs_happen_on_other_machines(tmp_path, monkeypatch):
    known = competitions()
    monkeypatch.setattr(preflight.doctor, "visible_gpus", lambda: 0)
    assert preflight.check(_session(tmp_path, sandbox="docker", gpus=1, executor="slurm"), [(known["tiny-labels"], 0)]) is None
