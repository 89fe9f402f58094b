"""Controller side of the session: gathers every run's record from the test reports and writes the reports and gates once."""

from __future__ import annotations

import pytest

from pytest_mlebench.runs.claim import CLAIMED
from pytest_mlebench.plugin.session import SUITE_NODEID, MleSession, _run_root


class ResultCollector:
    """Controller-side: gathers every run's record from the reports and writes the reports once."""

    def __init__(self, mle: MleSession):
        self.mle = mle

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not report.nodeid.startswith(SUITE_NODEID + "::"):
            return
        from pytest_mlebench.reports import junit

        result = junit.result_from_properties(report.user_properties)
        if result is not None and report.when == "call":
            self.mle.results.append(result)
        elif report.failed and result is None:
            last = report.longreprtext.strip().splitlines()[-1] if report.longreprtext.strip() else "error"
            self.mle.errors.append(f"{report.nodeid} ({report.when}): {last}")
        self._note_outcome(report, result)

    def _note_outcome(self, report: pytest.TestReport, result) -> None:
        """What became of each item, by node id (under xdist the shard's plan, which names the runs, comes
        from a worker only when it stops, after many reports): `merge` tells a skip from a loss by it."""
        outcomes = self.mle.item_outcomes
        if outcomes.get(report.nodeid, "").startswith(("graded", "error")):
            return
        if result is not None and report.when == "call":
            outcomes[report.nodeid] = "graded"
        elif report.skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            reason = reason.removeprefix("Skipped: ")
            outcomes[report.nodeid] = f"claimed:{reason[len(CLAIMED):]}" if reason.startswith(CLAIMED) \
                else f"skipped: {reason}"
        elif report.failed:
            lines = report.longreprtext.strip().splitlines()
            outcomes[report.nodeid] = f"error: {lines[-1] if lines else report.when}"

    @pytest.hookimpl(tryfirst=True)  # before junitxml writes its file, so the suite properties get in
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        mle = self.mle
        if mle.agent is None:
            return
        from pytest_mlebench.reports import figures as aggregates
        from pytest_mlebench.reports import json_report, junit

        extra = {}
        if mle.settings.shard is not None and not mle.settings.shard_list:
            record = self._shard_record()
            record.save(_run_root(mle))
            extra["shard"] = record.to_dict()
        if mle.settings.report_path is not None:
            json_report.write_json_report(mle.settings.report_path, mle.results, mle.agent.name, extra)
        if mle.settings.html_path is not None:
            from pytest_mlebench.reports.html import write_html_report

            write_html_report(mle.settings.html_path, mle.results, mle.agent.name)
        xml = _junit_xml(session.config)
        if xml is not None and mle.results:
            for name, value in junit.suite_properties(mle.results):
                xml.add_global_property(name, value)
        refusal = aggregates.unisolated_gate_refusal(mle.results, mle.settings)
        if refusal:
            mle.gate_failures.append(refusal)
        if mle.settings.fail_under:
            mle.gate_failures += [f"--mle-fail-under: {f}" for f in aggregates.gate_failures(mle.results, mle.settings.fail_under)]
        if mle.settings.compare is not None:
            from pytest_mlebench.reports import compare

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

    def _shard_record(self):
        """This shard's record, left in the run folder for `pytest-mlebench merge`."""
        from datetime import datetime, timezone

        from pytest_mlebench.records import ShardRecord
        from pytest_mlebench.reports.json_report import machine_facts
        from pytest_mlebench.runs.usage import total_usage

        mle = self.mle
        machine = machine_facts()
        mine = mle.shard_plan.shards[mle.settings.shard.index].items if mle.shard_plan else ()
        outcomes = {mle.shard_nodeids[nodeid]: what for nodeid, what in mle.item_outcomes.items()
                    if nodeid in mle.shard_nodeids}
        return ShardRecord(
            shard=mle.settings.shard.text(),
            plan=mle.shard_plan.to_dict() if mle.shard_plan else {"count": mle.settings.shard.count, "shards": []},
            outcomes={item.name: outcomes.get(item.name, "not run") for item in mine},
            agent=mle.agent.name if mle.agent else None,
            host=machine["host"],
            machine=machine,
            started_at=mle.started_at,
            ended_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            agent_seconds=round(sum(r.agent_seconds for r in mle.results), 3),
            usage=total_usage([r.usage for r in mle.results]),
        )

    def pytest_terminal_summary(self, terminalreporter) -> None:
        mle = self.mle
        if not (mle.results or mle.errors):
            return
        from pytest_mlebench.reports import figures as aggregates
        from pytest_mlebench.reports import terminal as reporting

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
            from pytest_mlebench.reports import compare

            terminalreporter.section(f"mlebench comparison with {mle.settings.compare}")
            for line in compare.comparison_lines(mle.previous, mle.results):
                terminalreporter.write_line(line)
        for failure in mle.gate_failures:
            terminalreporter.write_line(f"FAIL {failure}", red=True, bold=True)


def _junit_xml(config: pytest.Config):
    from _pytest.junitxml import xml_key

    return config.stash.get(xml_key, None)
