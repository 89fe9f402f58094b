"""`pytest-mlebench`: list competitions, grade a submission, prepare data ahead of a run."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from pytest_mlebench.competitions import Competition, get_competition, load_competitions
from pytest_mlebench.data import default_cache_dir
from pytest_mlebench.errors import DefinitionError
from pytest_mlebench.plugin.options import UsageError


def competition_record(c: Competition) -> dict:
    t = c.leaderboard.thresholds
    return {
        "id": c.id,
        "name": c.name,
        "split": next((s for s in c.sets if s not in ("lite", "mlebench")), c.sets[0] if c.sets else None),
        "sets": list(c.sets),
        "domains": list(c.domains),
        "metric": c.grading.metric,
        "lower_is_better": c.grading.lower_is_better,
        "num_teams": c.leaderboard.num_teams,
        "leaderboard": c.leaderboard.kind if t else "unavailable",
        "gold_threshold": t.gold if t else None,
        "silver_threshold": t.silver if t else None,
        "bronze_threshold": t.bronze if t else None,
        "median_threshold": t.median if t else None,
        "time_limit": c.time_limit,
        "known_issues": list(c.known_issues),
        "prepared_from": "raw data" if c.preparer else "mlebench data dir",  # ours from Kaggle's files, or --mle-data-dir only
    }


def cmd_list(args) -> int:
    competitions = [c for c in load_competitions().values() if not args.set or args.set in c.sets]
    records = [competition_record(c) for c in competitions]
    if args.json:
        print(json.dumps(records, indent=2))
        return 0
    width = max([len(r["id"]) for r in records] + [2])
    print(f"{'id':{width}} {'sets':18} {'domains':14} {'metric':22} {'dir':6} {'data':8} {'teams':>6}  "
          "gold / silver / bronze / median")
    for r in records:
        thresholds = " / ".join(f"{r[k]:.5g}" if r[k] is not None else "-" for k in
                                ("gold_threshold", "silver_threshold", "bronze_threshold", "median_threshold"))
        direction = "lower" if r["lower_is_better"] else "higher"
        data = "raw" if r["prepared_from"] == "raw data" else "data-dir"
        print(f"{r['id']:{width}} {','.join(r['sets']):18} {','.join(r['domains']):14} {r['metric']:22} {direction:6} "
              f"{data:8} {r['num_teams']:>6}  {thresholds}")
    own = sum(r["prepared_from"] == "raw data" for r in records)
    print(f"{len(records)} competitions; {own} prepared by us from Kaggle's raw files (data: raw), "
          f"{len(records) - own} only from MLE-bench's prepared data (data: data-dir, --mle-data-dir)")
    return 0


def grade_record(competition: Competition, submission: Path, private_dir: Path) -> dict:
    """One submission graded and placed, with MLE-bench's competition-report fields."""
    from datetime import datetime, timezone

    from pytest_mlebench.grading import grade as grading
    from pytest_mlebench.grading import medals

    grade = grading.grade_submission(competition, submission, private_dir)
    placed = medals.placement_fields(competition, grade.score)
    medal = placed["medal"]
    return {
        "competition_id": competition.id,
        "score": grade.score,
        **{key: placed[key] for key in ("gold_threshold", "silver_threshold", "bronze_threshold", "median_threshold")},
        "any_medal": medal is not None,
        **{f"{m}_medal": medal == m for m in medals.MEDALS},
        "above_median": placed["above_median"],
        "submission_exists": grade.submission_exists,
        "valid_submission": grade.valid,
        "is_lower_better": placed["is_lower_better"],
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "submission_path": str(submission),
        "medal": medal,
        "error": grade.error,
        "leaderboard": placed["leaderboard"],
    }


def cmd_grade(args) -> int:
    from pytest_mlebench.data import prepared as data

    competition = get_competition(args.competition)
    if args.answers:
        private_dir = Path(args.answers).parent
        competition = _with_answers_file(competition, Path(args.answers).name)
    else:
        private_dir = data.prepare(competition, Path(args.cache_dir or default_cache_dir()), args.raw_dir).private
    record = grade_record(competition, Path(args.submission), private_dir)
    if args.json:
        print(json.dumps(record, indent=2))
    else:
        for key, value in record.items():
            print(f"{key:18} {value}")
    return 0 if record["valid_submission"] else 1


def cmd_grade_jsonl(args) -> int:
    """MLE-bench's `grade` input: JSON lines with competition_id and submission_path."""
    from datetime import datetime

    from pytest_mlebench.data import prepared as data

    cache_dir = Path(args.cache_dir or default_cache_dir())
    reports = []
    for number, line in enumerate(Path(args.submissions).read_text().splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            entry = json.loads(line)
            competition_id, submission = entry["competition_id"], Path(str(entry["submission_path"]))
        except (ValueError, KeyError, TypeError):
            raise UsageError(f"{args.submissions}:{number}: each line must be a JSON object with "
                             f'"competition_id" and "submission_path"') from None
        competition = get_competition(competition_id)
        private_dir = data.prepare(competition, cache_dir, args.raw_dir).private
        reports.append(grade_record(competition, submission, private_dir))
    summary = {
        "total_runs": len(reports),
        "total_runs_with_submissions": sum(r["submission_exists"] for r in reports),
        "total_valid_submissions": sum(r["valid_submission"] for r in reports),
        "total_medals": sum(r["any_medal"] for r in reports),
        "total_gold_medals": sum(r["gold_medal"] for r in reports),
        "total_silver_medals": sum(r["silver_medal"] for r in reports),
        "total_bronze_medals": sum(r["bronze_medal"] for r in reports),
        "total_above_median": sum(r["above_median"] for r in reports),
        "competition_reports": reports,
    }
    output = Path(args.output_dir)
    output.mkdir(parents=True, exist_ok=True)
    path = output / f"{datetime.now().strftime('%Y-%m-%dT%H-%M-%S')}_grading_report.json"
    path.write_text(json.dumps(summary, indent=2))
    print(json.dumps({k: v for k, v in summary.items() if k != "competition_reports"}, indent=2))
    print(f"report: {path}")
    return 0


def _with_answers_file(competition: Competition, name: str) -> Competition:
    from dataclasses import replace

    return replace(competition, grading=replace(competition.grading, answers=name))


class PrepareProgress:
    """What `prepare` shows: on a terminal, one bar rewritten in place (bytes while a zip
    downloads, competitions done / total otherwise); elsewhere plain lines, one per
    competition and one per tenth of a download."""

    WIDTH = 30

    def __init__(self, total: int, stream=None):
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self.total = total
        self.done = 0
        self._tenth = -1

    def _bar(self, fraction: float) -> str:
        filled = int(self.WIDTH * min(max(fraction, 0.0), 1.0))
        return "[" + "#" * filled + "." * (self.WIDTH - filled) + "]"

    def _draw(self, text: str) -> None:
        width = shutil.get_terminal_size().columns - 1
        self.stream.write("\r" + text[:width].ljust(width))
        self.stream.flush()

    def starting(self, competition_id: str) -> None:
        self._tenth = -1
        if self.tty:
            self._draw(f"{self._bar(self.done / self.total)} {self.done}/{self.total}  preparing {competition_id}")

    def downloading(self, competition_id: str):
        """A callback for data.prepare: (bytes so far, total bytes or None)."""

        def show(done: int, total: int | None) -> None:
            amount = f"{done / 2**20:.1f} MiB" + (f" of {total / 2**20:.1f} MiB" if total else "")
            if self.tty:
                self._draw(f"{self._bar(done / total if total else 0.0)} downloading {competition_id}: {amount}")
                return
            tenth = int(10 * done / total) if total else 0
            if tenth > self._tenth:
                self._tenth = tenth
                percent = f"{10 * tenth}%, " if total else ""
                print(f"{competition_id}: downloading from Kaggle: {percent}{amount}", file=self.stream, flush=True)

        return show

    def finished(self, line: str) -> None:
        self.done += 1
        if self.tty:
            self._draw("")
            self.stream.write("\r")
        print(f"[{self.done}/{self.total}] {line}", file=self.stream, flush=True)


def cmd_prepare(args) -> int:
    from pytest_mlebench.data import prepared as data

    cache_dir = Path(args.cache_dir or default_cache_dir())
    competitions = load_competitions()
    if args.list:
        for c in competitions.values():
            print(f"{c.id:40} {data.cache_state(c, cache_dir)}")
        return 0
    split = "lite" if args.lite else args.split
    chosen = [c for c in competitions.values() if split and split in c.sets]
    chosen += [get_competition(i) for i in args.ids if i not in {c.id for c in chosen}]
    if not chosen:
        raise UsageError("name competitions to prepare (IDs, --lite or --split NAME); --list shows what is prepared")
    progress = PrepareProgress(len(chosen))
    failed = 0
    for c in chosen:
        progress.starting(c.id)
        try:
            prepared = data.prepare(c, cache_dir, args.raw_dir, data_dir=args.data_dir,
                                    progress=progress.downloading(c.id))
        except (data.DataUnavailable, data.ChecksumMismatch) as exc:
            failed += 1
            progress.finished(f"{c.id}: not prepared: {exc}")
            continue
        if prepared.sources:
            how = "verified in place" if prepared.prepared_now else "already verified in place"
            where = prepared.private.parent
        else:
            how = "prepared" if prepared.prepared_now else "already prepared"
            where = prepared.public.parent
        progress.finished(f"{c.id}: {how} in {prepared.seconds:.1f} s -> {where}")
    return 1 if failed else 0


def cmd_leaderboard(args) -> int:
    from pytest_mlebench.reports import leaderboard_entry as lb

    paths = [Path(p) for p in args.reports]
    try:
        entry = lb.build_entry(paths, load_competitions(), complete_seeds_only=args.complete_seeds)
        if args.export_mlebench:
            for path in lb.export_mlebench_reports(paths, Path(args.export_mlebench)):
                print(f"wrote {path}", file=sys.stderr)
    except lb.EntryError as exc:
        raise UsageError(str(exc)) from None
    text = {"markdown": lb.to_markdown, "json": lb.to_json, "csv": lb.to_csv}[args.format](entry)
    if args.output:
        Path(args.output).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


def cmd_merge(args) -> int:
    """One report (JSON, JUnit, HTML, terminal summary) from the run folders or reports of many shards."""
    from pytest_mlebench.errors import EntryError
    from pytest_mlebench.grading.medals import LEVELS
    from pytest_mlebench.reports import merge

    if args.pass_level not in LEVELS:
        raise UsageError(f"--mle-pass must be one of {', '.join(LEVELS)}, not {args.pass_level!r}")
    try:
        merged = merge.merge_results([Path(p) for p in args.results], load_competitions())
    except EntryError as exc:
        raise UsageError(str(exc)) from None
    merge.write_reports(merged, args.report, args.junitxml, args.html, args.pass_level)
    print(f"mlebench results: agent {merged.agent or '?'} (merged from {len(args.results)} input(s), "
          f"{len(merged.shards)} shard record(s))")
    for line in merge.summary_lines(merged):
        print(line)
    for label, path in (("JSON report", args.report), ("JUnit XML", args.junitxml), ("HTML report", args.html)):
        if path:
            print(f"{label}: {path}")
    return 1 if merged.missing else 0


def cmd_doctor(args) -> int:
    from pytest_mlebench.agents.resolve import resolve_agent
    from pytest_mlebench.data import kaggle
    from pytest_mlebench.errors import AgentError
    from pytest_mlebench.runs import doctor

    cache_dir = Path(args.cache_dir or default_cache_dir())
    split = "lite" if args.lite else args.split
    chosen = doctor.select(load_competitions(), args.ids, split, args.markexpr, args.keyword)
    if not chosen:
        raise UsageError("the selection holds no competition (check the ids, --split, -m and -k)")
    agent = None
    if args.agent:
        try:
            agent = resolve_agent(args.agent, Path.cwd())
        except AgentError as exc:
            raise UsageError(str(exc)) from None
    checks = []
    if args.sandbox == "local":
        checks += doctor.check_local_sandbox(args.bwrap)
    elif args.sandbox == "docker":
        checks += doctor.check_docker(agent.image if agent else None, args.gpus)
    else:
        checks.append(doctor.Check("sandbox", "none", False, "--mle-sandbox none: agents would run WITHOUT isolation",
                                   "use --mle-sandbox local or docker for results anyone should trust"))
    try:
        credentials = kaggle.find_credentials()
    except kaggle.DownloadError as exc:
        credentials = None
        checks.append(doctor.Check("kaggle", "credentials", False, str(exc)))
    data_checks, downloads = doctor.check_data(chosen, cache_dir, args.raw_dir, args.data_dir, credentials)
    checks += data_checks
    if downloads:
        kaggle_checks, download_bytes = doctor.check_kaggle(downloads, credentials)
        checks += kaggle_checks
        checks.append(doctor.check_disk(cache_dir, download_bytes))
    cost = agent.cost_per_hour if agent else None
    checks.append(doctor.budget(chosen, args.seeds, args.time_limit, args.gpus, cost))
    print(doctor.to_json(checks) if args.json else doctor.table(checks))
    return 0 if all(c.ok for c in checks) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pytest-mlebench", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="list competitions with their metadata")
    p.add_argument("--json", action="store_true", help="print JSON records")
    p.add_argument("--set", help="only competitions of this set (starter, lite, low, medium, high, dev)")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("grade", help="grade one submission file: score, medal and thresholds")
    p.add_argument("submission", help="path of the submission CSV")
    p.add_argument("--competition", required=True, help="competition id (see `pytest-mlebench list`)")
    p.add_argument("--answers", help="answers file to grade against (default: the prepared private answers)")
    p.add_argument("--cache-dir", "--mle-cache-dir", dest="cache_dir", help="prepared-data cache")
    p.add_argument("--raw-dir", "--mle-raw-dir", dest="raw_dir", type=Path, help="Kaggle's raw files, DIR/<id>/...")
    p.add_argument("--json", action="store_true", help="print the record as JSON")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("grade-jsonl", help="grade MLE-bench's `grade` input: JSON lines of competition_id and submission_path")
    p.add_argument("submissions", help="the JSONL file")
    p.add_argument("--output-dir", default=".", help="where the grading report is written (default: here)")
    p.add_argument("--cache-dir", "--mle-cache-dir", dest="cache_dir", help="prepared-data cache")
    p.add_argument("--raw-dir", "--mle-raw-dir", dest="raw_dir", type=Path, help="Kaggle's raw files, DIR/<id>/...")
    p.set_defaults(func=cmd_grade_jsonl)

    p = sub.add_parser("doctor", help="check before a run: sandbox isolation, data, Kaggle rules and credentials, "
                       "disk space, time and cost")
    p.add_argument("ids", nargs="*", help="competition ids (default: every competition the selection keeps)")
    p.add_argument("--lite", action="store_true", help="the 22 competitions of MLE-bench's lite (low) set")
    p.add_argument("--split", help="every competition of this set, e.g. medium")
    p.add_argument("-m", dest="markexpr", help="a pytest marker expression, as in `pytest -m`")
    p.add_argument("-k", dest="keyword", help="a pytest keyword expression, as in `pytest -k`")
    p.add_argument("--agent", "--mle-agent", dest="agent", help="the agent to run (for its image and cost)")
    p.add_argument("--sandbox", "--mle-sandbox", dest="sandbox", choices=("local", "docker", "none"), default="local")
    p.add_argument("--bwrap", "--mle-bwrap", dest="bwrap", help="the bwrap executable the run will use")
    p.add_argument("--seeds", "--mle-seeds", dest="seeds", type=int, default=1)
    p.add_argument("--time-limit", "--mle-time-limit", dest="time_limit", type=float,
                   help="seconds per run (default: each competition's own)")
    p.add_argument("--gpus", "--mle-gpus", dest="gpus", type=int, default=0, help="GPUs per run")
    p.add_argument("--cache-dir", "--mle-cache-dir", dest="cache_dir", help="prepared-data cache")
    p.add_argument("--raw-dir", "--mle-raw-dir", dest="raw_dir", type=Path, help="Kaggle's raw files, DIR/<id>/...")
    p.add_argument("--data-dir", "--mle-data-dir", dest="data_dir", type=Path, help="MLE-bench's prepared data")
    p.add_argument("--json", action="store_true", help="the checks as JSON (for CI)")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("leaderboard", help="MLE-bench's leaderboard row (Low/Medium/High/All any-medal %%, mean ± SEM "
                       "over seeds) from one or more JSON reports")
    p.add_argument("reports", nargs="+", help="JSON reports (--mle-report, merge, or MLE-bench's grading reports)")
    p.add_argument("--format", choices=("markdown", "json", "csv"), default="markdown")
    p.add_argument("--output", help="write the entry to this file instead of standard output")
    p.add_argument("--complete-seeds", action="store_true", help="MLE-bench's default rule: leave out seeds that "
                   "miss a run (default: a missing run counts as no medal, and is named)")
    p.add_argument("--export-mlebench", metavar="DIR", help="also write one MLE-bench grading report per seed "
                   "into DIR, for MLE-bench's own aggregation script")
    p.set_defaults(func=cmd_leaderboard)

    p = sub.add_parser("merge", help="one JSON report, JUnit file, HTML report and summary from the run folders "
                       "or JSON reports of many shards, as one local session of the same runs gives them")
    p.add_argument("results", nargs="+", help="run folders (--mle-run-dir of shards) or JSON reports (--mle-report)")
    p.add_argument("--mle-report", "--report", dest="report", type=Path, help="write the merged JSON report here")
    p.add_argument("--junitxml", "--junit-xml", dest="junitxml", type=Path, help="write a JUnit XML file here")
    p.add_argument("--mle-html", "--html", dest="html", type=Path, help="write the HTML report here")
    p.add_argument("--mle-pass", dest="pass_level", default="valid", help="what a run needs to pass in the JUnit "
                   "file, as pytest's --mle-pass: valid (default), above_median, bronze, silver or gold")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("prepare", help="prepare competition data ahead of a run")
    p.add_argument("ids", nargs="*", help="competition ids")
    p.add_argument("--split", help="every competition of this set, e.g. starter")
    p.add_argument("--lite", action="store_true", help="the 22 competitions of MLE-bench's lite (low) set")
    p.add_argument("--list", action="store_true", help="say what the cache holds: prepared (md5s verified), "
                   "verified data dirs, downloads")
    p.add_argument("--cache-dir", "--mle-cache-dir", dest="cache_dir", help="prepared-data cache")
    p.add_argument("--raw-dir", "--mle-raw-dir", dest="raw_dir", type=Path, help="Kaggle's raw files, DIR/<id>/...")
    p.add_argument("--data-dir", "--mle-data-dir", dest="data_dir", type=Path,
                   help="MLE-bench's prepared data, DIR/<id>/prepared/{public,private}, used in place once verified")
    p.set_defaults(func=cmd_prepare)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (KeyError, UsageError, DefinitionError, FileNotFoundError, RuntimeError) as exc:  # data problems too
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"pytest-mlebench: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
