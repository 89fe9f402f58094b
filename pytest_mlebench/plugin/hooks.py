"""pytest wiring: options, items, fixtures, progress and the end-of-session reports.

Thin on purpose: every decision lives in the concept modules (competitions,
data, agents, sandbox, grading, medals, reporting); this module only
connects them to pytest's hooks. Per-item results travel to the controller
in `report.user_properties` and are aggregated there, once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_mlebench.agents.resolve import AgentSpec, agent_environment, resolve_agent
from pytest_mlebench.competitions import DOMAINS, SETS, Competition, load_competitions
from pytest_mlebench.errors import AgentError, DefinitionError
from pytest_mlebench.plugin.collector import ResultCollector
from pytest_mlebench.plugin.options import Settings, add_options
from pytest_mlebench.plugin.progress import LiveProgress
from pytest_mlebench.plugin.session import (
    SUITE_NODEID,
    MleSession,
    _run_root,
    check_sandbox,
    isolation_line,
    make_executor,
    session_key,
)
from pytest_mlebench.runs.plan import harness_limit, time_limit

# data, grading, sandbox and reporting pull in pandas and scikit-learn: they are imported only
# when competition items are collected or run, so the plugin costs nothing to other test suites.
SUITE_MODULE = "pytest_mlebench.plugin.item"

MARKERS = {
    **{name: f"competitions of the {name} set" for name in SETS},
    **{name: f"competitions of the {name} domain" for name in DOMAINS},
    "known_issue": "competitions with a known upstream problem (see the report)",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    for name, help_text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {help_text}")
    settings = Settings.from_config(config)
    if settings.shard_list:  # the plan is printed by this process alone: no xdist workers to start
        config.option.dist, config.option.tx = "no", []
    agent = None
    if settings.agent:
        try:
            agent = resolve_agent(settings.agent, config.rootpath, config.inipath)
            agent_environment(agent, {})  # a forwarded variable that is not set: say so now, not per run
        except AgentError as exc:
            raise pytest.UsageError(str(exc)) from None
        check_sandbox(config, settings, agent)
        _check_run_dir_locks(settings)
        _benchmark_only(config)
    mle = MleSession(config=config, settings=settings, agent=agent, progress=LiveProgress(config))
    config.stash[session_key] = mle
    if agent is not None:
        mle.executor = make_executor(mle)
    if not mle.is_worker:
        config.pluginmanager.register(ResultCollector(mle), "mlebench-results")
    if settings.shard is not None:
        config.pluginmanager.register(_ShardSelection(mle), "mlebench-shard")
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_XdistHooks(), "mlebench-xdist")


class _XdistHooks:
    def __init__(self) -> None:
        self.checked = False

    @staticmethod
    def pytest_configure_node(node) -> None:
        """Give every worker the controller's run folder, so all runs land in one place."""
        mle = node.config.stash[session_key]
        node.workerinput["mle_run_root"] = str(_run_root(mle))

    def pytest_xdist_node_collection_finished(self, node, ids) -> None:
        """The controller collects nothing under xdist: it checks the runs the first worker selected."""
        if not self.checked:
            self.checked = True
            _preflight(node.config, list(ids))

    @staticmethod
    def pytest_testnodedown(node, error) -> None:
        """The controller collects nothing under xdist: it learns the shard plan from a worker."""
        mle = node.config.stash[session_key]
        output = getattr(node, "workeroutput", None) or {}
        if mle.shard_plan is None and "mle_shard_plan" in output:
            from pytest_mlebench.runs.shards import ShardPlan

            mle.shard_plan = ShardPlan.from_dict(output["mle_shard_plan"])
            mle.shard_nodeids = dict(output["mle_shard_nodeids"])


def pytest_collection_finish(session: pytest.Session) -> None:
    if not session.config.pluginmanager.hasplugin("dsession"):  # xdist's controller: _XdistHooks does it
        _preflight(session.config, [item.nodeid for item in session.items])


def _preflight(config: pytest.Config, nodeids: list[str]) -> None:
    """Doctor's cheap checks on the selected runs, before the first one starts (plugin/preflight.py)."""
    mle = config.stash[session_key]
    if mle.agent is None or mle.is_worker or config.option.collectonly:
        return
    from pytest_mlebench.plugin import preflight

    _run_root(mle)
    preflight.report(config, preflight.check(mle, preflight.selected_runs(nodeids, load_competitions())))


def _check_run_dir_locks(settings: Settings) -> None:
    """A run folder whose locks would not reach other machines is refused before anything runs."""
    if settings.run_dir is None:
        return
    from pytest_mlebench.runs.claim import lock_problem

    problem = lock_problem(settings.run_dir)
    if problem:
        raise pytest.UsageError(f"--mle-run-dir: {problem}")


def _benchmark_only(config: pytest.Config) -> None:
    """A run with --agent and no path arguments collects the competition items alone: not the
    project's `testpaths` nor its folder, so `-k telco` cannot also pick up a unit test named so.
    Path arguments (`pytest --agent=X tests`) are collected as given. xdist workers parse the
    same arguments, so they decide the same."""
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        config.args = []


def _should_collect(config: pytest.Config, mle: MleSession) -> bool:
    if mle.agent is not None:
        return True
    explicit_args = config.args_source == pytest.Config.ArgsSource.ARGS
    return mle.settings.collect and not explicit_args


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.module.__name__ != SUITE_MODULE or metafunc.function.__name__ != "test_competition":
        return
    competitions = _competitions(metafunc.config)
    mle = metafunc.config.stash[session_key]
    seeds = range(mle.settings.seeds)
    params = [
        pytest.param(c.id, seed, id=c.id if len(seeds) == 1 else f"{c.id}-seed{seed}", marks=_marks(c, mle))
        for c in competitions.values()
        for seed in seeds
    ]
    metafunc.parametrize(("competition_id", "seed"), params)


def _competitions(config: pytest.Config) -> dict[str, Competition]:
    try:
        return load_competitions()
    except DefinitionError as exc:
        raise pytest.UsageError(f"a competition definition is broken: {exc}") from None


def _marks(competition: Competition, mle: MleSession) -> list:
    marks = [getattr(pytest.mark, name) for name in competition.markers]
    if mle.settings.executor == "slurm":  # the item waits for its job, queue included: the job has the limit
        marks.append(pytest.mark.timeout(0))
    else:
        marks.append(pytest.mark.timeout(harness_limit(mle.settings.run_options, mle.agent, competition)))
    return marks


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    """Add the competition items (before -k/-m deselection, which runs after us)."""
    mle = config.stash[session_key]
    if not _should_collect(config, mle):
        return
    from pytest_mlebench.plugin import item as suite

    module = pytest.Module.from_parent(session, path=Path(suite.__file__), nodeid=SUITE_NODEID)
    items.extend(session.genitems(module))


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    """Tell the executor every run the session selected, before the first item (Slurm submits them all)."""
    mle = session.config.stash[session_key]
    if mle.executor is None or session.config.option.collectonly or mle.settings.shard_list:
        return
    runs = [item.callspec.params for item in session.items if item.nodeid.startswith(SUITE_NODEID + "::")]
    from pytest_mlebench.runs.executors.slurm import SlurmError

    try:
        mle.executor.start([mle.run_request(params["competition_id"], params["seed"]) for params in runs])
    except SlurmError as exc:
        pytest.exit(str(exc), returncode=pytest.ExitCode.USAGE_ERROR)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Nothing an executor started outlives the session (Ctrl-C included): Slurm's jobs are cancelled."""
    mle = session.config.stash.get(session_key, None)
    if mle is not None and mle.executor is not None:
        mle.executor.finish()


class _ShardSelection:
    """`--mle-shard=I/N`: keeps this session's shard of the competition runs. A plugin object of its own
    because it must run last, after -k/-m and every other deselection, while the hook above runs first."""

    def __init__(self, mle: MleSession):
        self.mle = mle

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list) -> None:
        from pytest_mlebench.runs.shards import PlanItem, item_cost, plan_shards

        mle, competitions = self.mle, _competitions(config)
        runs = {}
        for item in items:
            callspec = getattr(item, "callspec", None)
            if item.nodeid.startswith(SUITE_NODEID + "::") and callspec is not None:
                competition = competitions[callspec.params["competition_id"]]
                seed = callspec.params["seed"]
                cost = item_cost(time_limit(mle.settings.run_options, mle.agent, competition),
                                 competition.resources.data_bytes, competition.resources.gpu)
                runs[item.nodeid] = PlanItem(competition.id, seed, cost)
        plan = plan_shards(runs.values(), mle.settings.shard.count)
        mine = {i.key for i in plan.shards[mle.settings.shard.index].items}
        kept = [item for item in items if item.nodeid not in runs or runs[item.nodeid].key in mine]
        dropped = [item for item in items if item.nodeid in runs and runs[item.nodeid].key not in mine]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept
        mle.shard_plan = plan
        mle.shard_nodeids = {nodeid: run.name for nodeid, run in runs.items() if run.key in mine}
        if mle.is_worker:  # for the controller, which collects nothing itself
            config.workeroutput["mle_shard_plan"] = plan.to_dict()
            config.workeroutput["mle_shard_nodeids"] = mle.shard_nodeids

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session):
        """`--mle-shard-list`: print the plan instead of running anything."""
        if not self.mle.settings.shard_list:
            return None
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        plan = self.mle.shard_plan
        lines = plan.lines(current=self.mle.settings.shard.index) if plan and plan.items() else [
            "the selection holds no competition run to shard (check --agent or --mle-collect, -k and -m)"]
        for line in lines:
            reporter.write_line(line) if reporter else print(line)
        return True


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def mle_session(pytestconfig: pytest.Config) -> MleSession:
    mle = pytestconfig.stash[session_key]
    _run_root(mle)
    return mle


@pytest.fixture
def mle_agent(mle_session: MleSession) -> AgentSpec:
    if mle_session.agent is None:
        pytest.skip("no agent to evaluate: name one with --agent=NAME (built-ins: dummy, baseline; or a path to an agent TOML file)")
    return mle_session.agent


@pytest.fixture
def mle_competition(competition_id: str) -> Competition:
    return load_competitions()[competition_id]


@pytest.fixture
def mle_data(mle_competition: Competition, mle_agent: AgentSpec, mle_session: MleSession):
    """The competition's prepared data (prepared once per cache, shared by xdist workers)."""
    from pytest_mlebench.data import prepared as data

    try:
        settings = mle_session.settings
        return data.prepare(mle_competition, settings.cache_dir, settings.raw_dir, data_dir=settings.data_dir)
    except data.DataUnavailable as exc:
        pytest.skip(str(exc))
    except data.PreparationFailed as exc:
        pytest.fail(str(exc), pytrace=False)  # the raw data given is wrong: an error, with the cause and no traceback


def pytest_report_header(config: pytest.Config) -> list[str]:
    mle = config.stash[session_key]
    if mle.agent is None:
        return []
    return [
        f"mlebench: agent {mle.agent.name} ({mle.agent.source}), sandbox {mle.settings.sandbox}, "
        f"isolation {isolation_line(mle.settings, mle.agent)}",
        f"mlebench: data cache {mle.settings.cache_dir}, runs in {_run_root(mle)}, pass level {mle.settings.pass_level}",
        f"mlebench: executor {mle.executor.describe()}",
    ]
