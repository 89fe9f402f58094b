"""billion-word-imputation raw data in small: Kaggle's `train_v2.txt.zip` (one member,
`train_v2.txt`, one tokenized sentence a line) and its unlabelled `test_v2.txt.zip`.

MLE-bench's prepare() reads exactly 30,301,028 lines, a count it hard-codes, and asserts it at
the end; writing a corpus that long would take minutes and gigabytes per test. So both sides
read a corpus of TRAIN_LINES lines instead, with the count changed in one place each:
oracle_prepare.py's hook swaps that one constant of MLE-bench's compiled prepare() at import
time (every other instruction stays MLE-bench's), and ours gets the same number through its
explicit `train_lines` parameter (`seam` below), which stands in for its TRAIN_LINES. What this proves
is everything but the number itself: the random stream, the split, the quoting and the zips.

Quirks of the lines: short sentences of one or two words and blank lines (never in test),
three-word sentences (the word removed is always the middle one, and NumPy draws nothing for
it), double quotes as tokens (doubled in the test files, kept in train), non-ASCII words, runs
of spaces, tabs and Unicode whitespace (no-break space, form feed, ideographic space, next line,
line separator: `split()` cuts there, text mode does not), leading and trailing blanks, and
Windows or old-Mac line ends (text mode reads them as one line each). The seeds differ in the
end of the corpus: seed 0 has exactly TRAIN_LINES and no line break after the last one, seed 1
has lines beyond TRAIN_LINES (left out on both sides).
"""

from __future__ import annotations

import functools
import io
import random
import zipfile
from pathlib import Path

TRAIN_LINES = 5000  # read by oracle_prepare.py's hook too: this module imports only the standard library

WORDS = ("the", "of", "to", "and", "a", "in", "said", "on", "for", "was", "is", "that", "with", "he", "it", "at",
         "by", "from", "his", "has", "The", "U.S.", "percent", "year", "million", "would", "people", "government",
         "'s", "n't", "1,000", "2008", "3.5", "Obama", "café", "Zürich", "naïve", "São", "Paulo", "東京", "Ñandú",
         "€", "—", "...", "(", ")", ",", ":", ";", "-", "'", '"', '""', "&amp;", "C++", "%", "a-b", "x'y")
ODD_SPACES = ("  ", "\t", "\u00a0", "\u000c", "\u3000", "\u0085", "\u2028", " \t ")


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.04:
        return rng.choice(("", " ", "\t", "  \u00a0 "))
    if kind < 0.16:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 2)))
    if kind < 0.32:
        words = [rng.choice(WORDS) for _ in range(2)] + ["."]
    else:
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 24))] + [rng.choice((".", ".", "?", "!", '"'))]
    text = words[0]
    for word in words[1:]:
        text += (rng.choice(ODD_SPACES) if rng.random() < 0.03 else " ") + word
    if rng.random() < 0.03:
        text = rng.choice((" ", "\t", "\u00a0")) + text
    if rng.random() < 0.03:
        text += rng.choice((" ", "  ", "\t", "\u3000"))
    return text


def _corpus(rng: random.Random) -> str:
    extra = rng.randint(3, 40) if rng.random() < 0.5 else 0
    lines = [_sentence(rng) for _ in range(TRAIN_LINES + extra)]
    if not extra:
        lines[-1] = "The end ."  # an empty last line without a break after it would be no line at all
    out = []
    for number, line in enumerate(lines):
        out.append(line)
        if number + 1 == len(lines):
            out.append("\n" if extra else "")
            continue
        end = rng.random()
        # a lone "\r" before an empty line would read as "\r\n" with the next break: one line less
        if end < 0.01 and lines[number + 1]:
            out.append("\r")
        elif end < 0.03:
            out.append("\r\n")
        else:
            out.append("\n")
    return "".join(out)


def _zip(path: Path, member: str, text: str) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, text.encode("utf-8"))


def make(raw: Path, rng: random.Random) -> None:
    _zip(raw / "train_v2.txt.zip", "train_v2.txt", _corpus(rng))
    test = io.StringIO('"id","sentence"\n')
    for number in range(1, 6):
        test.write(f'{number},"{_sentence(rng).strip().replace(chr(34), chr(34) * 2)}"\n')
    _zip(raw / "test_v2.txt.zip", "test_v2.txt", test.getvalue())


def seam(monkeypatch, raw: Path, prepare) -> None:
    """Our prepare() reads TRAIN_LINES lines, as MLE-bench's does under oracle_prepare.py's hook."""
    monkeypatch.setattr(prepare, "prepare", functools.partial(prepare.prepare, train_lines=TRAIN_LINES))
