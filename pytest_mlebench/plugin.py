"""pytest wiring: options, items, fixtures, progress and the end-of-session reports.

Thin on purpose: every decision lives in the concept modules (competitions,
data, agents, sandbox, grading, medals, reporting); this module only
connects them to pytest's hooks. Per-item results travel to the controller
in `report.user_properties` and are aggregated there, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .agents import AgentError, AgentSpec, agent_environment, resolve_agent
from .competitions import DOMAINS, SETS, Competition, DefinitionError, load_competitions
from .options import Settings, add_options
from .progress import LiveProgress

# data, grading, sandbox and reporting pull in pandas and scikit-learn: they are imported only
# when competition items are collected or run, so the plugin costs nothing to other test suites.
SUITE_MODULE = "pytest_mlebench.suite"

SUITE_NODEID = "mlebench"
TIMEOUT_MARGIN = 900.0  # seconds on top of the time limit for preparation and grading (pytest-timeout backstop)
MARKERS = {
    **{name: f"competitions of the {name} set" for name in SETS},
    **{name: f"competitions of the {name} domain" for name in DOMAINS},
    "known_issue": "competitions with a known upstream problem (see the report)",
}


@dataclass
class MleSession:
    """Per-session state of the plugin, kept in config.stash."""

    config: pytest.Config
    settings: Settings
    agent: AgentSpec | None
    run_root: Path | None = None
    results: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    gate_failures: list[str] = field(default_factory=list)
    previous: list | None = None  # the records of --mle-compare's report
    progress: object = None  # the LiveProgress shown while agents run

    @property
    def is_worker(self) -> bool:
        return hasattr(self.config, "workerinput")


session_key = pytest.StashKey[MleSession]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    for name, help_text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {help_text}")
    settings = Settings.from_config(config)
    agent = None
    if settings.agent:
        try:
            agent = resolve_agent(settings.agent, config.rootpath, config.inipath)
            agent_environment(agent, {})  # a forwarded variable that is not set: say so now, not per run
        except AgentError as exc:
            raise pytest.UsageError(str(exc)) from None
        _check_sandbox(config, settings, agent)
        _benchmark_only(config)
    mle = MleSession(config=config, settings=settings, agent=agent, progress=LiveProgress(config))
    config.stash[session_key] = mle
    if not mle.is_worker:
        config.pluginmanager.register(ResultCollector(mle), "mlebench-results")
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_XdistHooks(), "mlebench-xdist")


class _XdistHooks:
    @staticmethod
    def pytest_configure_node(node) -> None:
        """Give every worker the controller's run folder, so all runs land in one place."""
        mle = node.config.stash[session_key]
        node.workerinput["mle_run_root"] = str(_run_root(mle))


def _run_root(mle: MleSession) -> Path:
    if mle.run_root is None:
        if mle.settings.run_dir:
            mle.run_root = mle.settings.run_dir
        elif mle.is_worker and "mle_run_root" in mle.config.workerinput:
            mle.run_root = Path(mle.config.workerinput["mle_run_root"])
        else:
            from _pytest.tmpdir import TempPathFactory

            factory = TempPathFactory.from_config(mle.config, _ispytest=True)
            mle.run_root = factory.getbasetemp() / "mlebench"
        mle.run_root.mkdir(parents=True, exist_ok=True)
    return mle.run_root


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
    limit = mle.settings.time_limit or (mle.agent.time_limit if mle.agent else None) or competition.time_limit
    marks.append(pytest.mark.timeout(limit + TIMEOUT_MARGIN))
    return marks


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    """Add the competition items (before -k/-m deselection, which runs after us)."""
    mle = config.stash[session_key]
    if not _should_collect(config, mle):
        return
    from . import suite

    module = pytest.Module.from_parent(session, path=Path(suite.__file__), nodeid=SUITE_NODEID)
    items.extend(session.genitems(module))


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
    from . import data

    try:
        settings = mle_session.settings
        return data.prepare(mle_competition, settings.cache_dir, settings.raw_dir, data_dir=settings.data_dir)
    except data.DataUnavailable as exc:
        pytest.skip(str(exc))


# -- reports ----------------------------------------------------------------------------------


def _check_sandbox(config: pytest.Config, settings: Settings, agent: AgentSpec) -> None:
    """The agent fits the sandbox; for Docker, an engine answers and leftovers of dead sessions go."""
    if settings.sandbox in ("local", "none"):
        if not agent.command:
            raise pytest.UsageError(f"agent {agent.name!r} has no command (it runs its image's start.sh): use --mle-sandbox docker")
        return
    if not agent.image:
        raise pytest.UsageError(f'--mle-sandbox docker: agent {agent.name!r} names no image; add image = "..." to its definition')
    from .docker_sandbox import remove_leftovers
    from .sandbox import SandboxError

    try:
        if not hasattr(config, "workerinput"):
            remove_leftovers()
    except SandboxError as exc:
        raise pytest.UsageError(f"--mle-sandbox docker: {exc}") from None


def pytest_report_header(config: pytest.Config) -> list[str]:
    mle = config.stash[session_key]
    if mle.agent is None:
        return []
    if mle.settings.sandbox == "docker":
        isolation = f"docker (image {mle.agent.image}, network {'on' if mle.agent.network else 'off'})"
    elif mle.settings.sandbox == "none":
        isolation = "NONE (--mle-sandbox none: agents run unisolated and can read the private answers)"
    else:
        isolation = _local_isolation(mle.settings.bwrap)
    return [
        f"mlebench: agent {mle.agent.name} ({mle.agent.source}), sandbox {mle.settings.sandbox}, isolation {isolation}",
        f"mlebench: data cache {mle.settings.cache_dir}, runs in {_run_root(mle)}, pass level {mle.settings.pass_level}",
    ]


def _local_isolation(chosen: str | None) -> str:
    """Which bubblewrap the local sandbox uses and as which uid, or why every run will be an error."""
    import os

    from .sandbox import AGENT_UID, SandboxError, find_bwrap

    try:
        bwrap = find_bwrap(chosen)
    except SandboxError as exc:
        return f"UNAVAILABLE, every run will be an error: {exc}"
    uid = os.geteuid()
    who = f"agents run as uid {AGENT_UID}" if uid == 0 else f"agents run as your uid {uid}"
    return f"bubblewrap {bwrap.describe()}, {who}"


class ResultCollector:
    """Controller-side: gathers every run's record from the reports and writes the reports once."""

    def __init__(self, mle: MleSession):
        self.mle = mle

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not report.nodeid.startswith(SUITE_NODEID + "::"):
            return
        from . import reporting

        result = reporting.result_from_properties(report.user_properties)
        if result is not None and report.when == "call":
            self.mle.results.append(result)
        elif report.failed and result is None:
            last = report.longreprtext.strip().splitlines()[-1] if report.longreprtext.strip() else "error"
            self.mle.errors.append(f"{report.nodeid} ({report.when}): {last}")

    @pytest.hookimpl(tryfirst=True)  # before junitxml writes its file, so the suite properties get in
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        mle = self.mle
        if mle.agent is None:
            return
        from . import aggregates, reporting

        if mle.settings.report_path is not None:
            reporting.write_json_report(mle.settings.report_path, mle.results, mle.agent.name)
        if mle.settings.html_path is not None:
            from .html_report import write_html_report

            write_html_report(mle.settings.html_path, mle.results, mle.agent.name)
        xml = _junit_xml(session.config)
        if xml is not None and mle.results:
            for name, value in reporting.suite_properties(mle.results):
                xml.add_global_property(name, value)
        refusal = aggregates.unisolated_gate_refusal(mle.results, mle.settings)
        if refusal:
            mle.gate_failures.append(refusal)
        if mle.settings.fail_under:
            mle.gate_failures += [f"--mle-fail-under: {f}" for f in aggregates.gate_failures(mle.results, mle.settings.fail_under)]
        if mle.settings.compare is not None:
            from . import compare

            try:
                mle.previous = compare.load_report(mle.settings.compare)
            except compare.CompareError as exc:
                mle.gate_failures.append(str(exc))
            else:
                if mle.settings.fail_on_regression:
                    found = compare.regressions(mle.previous, mle.results, mle.settings.regression_tolerance)
                    mle.gate_failures += [f"--mle-fail-on-regression: {r.text()}" for r in found]
        if mle.gate_failures and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        mle = self.mle
        if not (mle.results or mle.errors):
            return
        from . import aggregates, reporting

        terminalreporter.section(f"mlebench results: agent {mle.agent.name if mle.agent else '?'}")
        for line in reporting.summary_lines(mle.results):
            terminalreporter.write_line(line)
        figures = aggregates.figure_lines(mle.results)
        if figures:
            terminalreporter.write_line("")
            for line in figures:
                terminalreporter.write_line(line)
        for line in mle.errors:
            terminalreporter.write_line(f"harness error: {line}")
        if mle.settings.report_path:
            terminalreporter.write_line(f"JSON report: {mle.settings.report_path}")
        if mle.settings.html_path:
            terminalreporter.write_line(f"HTML report: {mle.settings.html_path}")
        terminalreporter.write_line(f"run folders: {_run_root(mle)}")
        if mle.previous is not None:
            from . import compare

            terminalreporter.section(f"mlebench comparison with {mle.settings.compare}")
            for line in compare.comparison_lines(mle.previous, mle.results):
                terminalreporter.write_line(line)
        for failure in mle.gate_failures:
            terminalreporter.write_line(f"FAIL {failure}", red=True, bold=True)


def _junit_xml(config: pytest.Config):
    from _pytest.junitxml import xml_key

    return config.stash.get(xml_key, None)
