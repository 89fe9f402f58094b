"""How often our graders agree with MLE-bench's, per competition: the measure of issue 13.

    .venv/bin/python scripts/grader_agreement.py                  # both pandas: ours here (3.x) and in the oracle env (2.2)
    .venv/bin/python scripts/grader_agreement.py --pandas here    # only the pandas of this interpreter
    .venv/bin/python scripts/grader_agreement.py -c hms-harmful-brain-activity-classification --show
    .venv/bin/python scripts/grader_agreement.py --write-known    # rewrite tests/competitions/differential/known_disagreements.json

Every case of tests/competitions/differential (the same generator as the test) is graded by MLE-bench's
own graders in their pinned environment (built once, cached under
~/.cache/pytest-mlebench-tests) and by ours; the table says, per competition and pandas
version, how many cases there are, how many agree and the share.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.competitions.differential import known, measure  # noqa: E402


def _print_table(comparisons, out=sys.stdout) -> None:
    rows = measure.table(comparisons)
    versions = sorted({pandas for _, pandas, _, _ in rows})
    by_competition = defaultdict(dict)
    for competition, pandas, n, ok in rows:
        by_competition[competition][pandas] = (n, ok)
    head = "".join(f" | pandas {v}: cases agree    %" for v in versions)
    print(f"{'competition':58s}{head}", file=out)
    totals = {v: [0, 0] for v in versions}
    for competition, cells in sorted(by_competition.items()):
        line = f"{competition:58s}"
        for v in versions:
            n, ok = cells.get(v, (0, 0))
            totals[v][0] += n
            totals[v][1] += ok
            line += f" | {n:16d} {ok:5d} {100 * ok / n:5.1f}" if n else " |" + " " * 28
        print(line, file=out)
    line = f"{'all ' + str(len(by_competition)) + ' competitions':58s}"
    for v in versions:
        n, ok = totals[v]
        line += f" | {n:16d} {ok:5d} {100 * ok / n:5.1f}"
    print(line, file=out)
    for v in versions:
        perfect = sum(1 for cells in by_competition.values() if v in cells and cells[v][0] == cells[v][1])
        print(f"pandas {v}: {perfect} of {len(by_competition)} competitions agree on every case", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pandas", choices=("both", "here", "oracle-env"), default="both",
                        help="where our side runs: this interpreter, the oracle environment (pandas 2.2), or both")
    parser.add_argument("-c", "--competition", action="append", help="only these competitions (repeatable)")
    parser.add_argument("--show", action="store_true", help="list every disagreeing case with both outcomes")
    parser.add_argument("--write-known", action="store_true", help="rewrite the known-disagreements file")
    args = parser.parse_args(argv)
    if args.write_known and (args.competition or args.pandas != "both"):
        parser.error("--write-known needs every competition under both pandas versions")
    runtimes = {"both": (measure.HERE, measure.ORACLE_ENV), "here": (measure.HERE,), "oracle-env": (measure.ORACLE_ENV,)}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="grader-agreement-") as folder:
        comparisons = measure.measure(Path(folder), runtimes[args.pandas], args.competition)
    _print_table(comparisons)
    print(f"measured {len(comparisons)} comparisons in {time.monotonic() - started:.0f} s")
    if args.show:
        for c in comparisons:
            if not c.agrees:
                print(f"{c.key}\n    MLE-bench: {c.theirs.label()}\n    ours:      {c.ours.label()}")
    if args.write_known:
        entries = known.write(comparisons)
        counts = defaultdict(int)
        for entry in entries.values():
            counts[entry["class"]] += 1
        print(f"wrote {len(entries)} known disagreements to {measure.KNOWN.relative_to(ROOT)}: "
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
