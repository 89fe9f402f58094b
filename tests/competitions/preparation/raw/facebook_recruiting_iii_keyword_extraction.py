"""facebook-recruiting-iii-keyword-extraction raw data in small: Kaggle's Train.zip holding
Train.csv (Id, Title, Body, Tags), with integer Ids (read as text), titles that look like numbers,
HTML bodies with code, quotes, commas, CRLF and LF line breaks and non-ASCII text, repeated
questions, tags such as "c# .net" and "c++", and a question without tags."""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

TAGS = ("c#", "java", "php", "javascript", "android", "jquery", "c++", "python", ".net", "asp.net", "iphone",
        "html", "mysql", "sql-server-2008", "ruby-on-rails", "r")
WORDS = ("How", "to", "use", "a", "list", "in", "<code>foo(x, y)</code>", "\"quoted\"", "naïve", "—", "error:",
         "it's", "<p>", "</p>", "&lt;div&gt;", "1,000", "über", "调用")


def _body(rng: random.Random) -> str:
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12))) for _ in range(rng.randint(1, 5))]
    return rng.choice(("\n", "\r\n", "\n\n")).join(f"<p>{line}</p>" for line in lines) + "\n"


def make(raw: Path, rng: random.Random, rows: int = 200) -> None:
    text = io.StringIO(newline="")
    out = csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    out.writerow(["Id", "Title", "Body", "Tags"])
    untagged = rng.randrange(rows)
    previous = None
    for number in range(1, rows + 1):
        if previous is not None and rng.random() < 0.05:
            title, body, tags = previous  # Kaggle's train set repeats some questions under new ids
        else:
            title = str(rng.randint(1, 99)) if rng.random() < 0.03 else " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 9)))
            body = _body(rng)
            tags = " ".join(rng.sample(TAGS, rng.randint(1, 5)))
        previous = title, body, tags
        out.writerow([number, title, body, "" if number == untagged else tags])
    with zipfile.ZipFile(raw / "Train.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Train.csv", text.getvalue().encode("utf-8"))
