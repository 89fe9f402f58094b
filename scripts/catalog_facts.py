"""Print the catalog facts of MLE-bench competitions as the start of a competition.toml.

A maintainer tool: it reads ../shared/mlebench (catalog.csv and checksums/<id>.yaml),
which the product never needs at run time. The printed TOML has every fact the
catalog knows (sets, domains, thresholds, team count, checksums, zip md5); the
`[grading]` table's id and target columns, and `[data].raw_files`, are for the
author to fill in from the competition's files.

    python scripts/catalog_facts.py aptos2019-blindness-detection > /tmp/facts.toml
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "mlebench"


def read_checksums(path: Path) -> tuple[dict[str, str], str]:
    """`public:`/`private:` blocks of `file: md5` lines plus a top-level `zip: md5`."""
    table, folder, zip_md5 = {}, None, ""
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        key, _, value = line.strip().partition(":")
        value = value.strip()
        if not line.startswith(" "):
            folder = None if value else key
            if key == "zip":
                zip_md5 = value
        else:
            table[f"{folder}/{key.strip()}"] = value
    return table, zip_md5


def facts_toml(row: dict[str, str], checksums: dict[str, str], zip_md5: str) -> str:
    split = row["split"]
    sets = [split] + (["lite"] if split == "low" else []) + ["mlebench"]
    domains = re.split(r"[; ]", row["domains"])
    lines = [
        f"id = {json.dumps(row['id'])}",
        f"name = {json.dumps(row['name'])}",
        f"sets = {json.dumps(sets)}",
        f"domains = {json.dumps(domains)}",
        "time_limit = 86400",
        f"source = {json.dumps('Kaggle competition ' + row['id'] + '; MLE-bench split: ' + row['split_method'])}",
        "known_issues = []",
        "",
        "[data]",
        "raw_files = []  # FILL: the Kaggle files prepare.py reads (empty when there is no prepare.py)",
        f"zip_md5 = {json.dumps(row['zip_md5'] or zip_md5)}",
        "",
        "[grading]",
        f"metric = \"FILL\"  # catalog: {row['metric']}",
        f"lower_is_better = {'true' if row['lower_is_better'] == 'true' else 'false'}",
        'id_column = "FILL"',
        'target_columns = ["FILL"]',
        'kind = "FILL"',
        f"answers = {json.dumps(row['answers_file'].rsplit('/', 1)[-1])}",
        'read = "inferred"',
        "",
        "[checksums]",
        *(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in sorted(checksums.items())),
        "",
        "[leaderboard]",
        'kind = "kaggle"',
    ]
    if row["num_teams"]:
        lines.append(f"num_teams = {int(row['num_teams'])}")
        for medal in ("gold", "silver", "bronze", "median"):
            lines.append(f"{medal} = {float(row[medal + '_threshold'])!r}")
    else:
        lines.append("# no leaderboard in the catalog: thresholds come from Kaggle when the data is prepared")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="+")
    args = parser.parse_args()
    with open(SHARED / "catalog.csv", newline="") as handle:
        catalog = {row["id"]: row for row in csv.DictReader(handle)}
    for competition_id in args.ids:
        checksums, zip_md5 = read_checksums(SHARED / "checksums" / f"{competition_id}.yaml")
        print(facts_toml(catalog[competition_id], checksums, zip_md5))


if __name__ == "__main__":
    main()
