"""Billion Word Imputation: about 1% of Kaggle's training sentences held out, each with one inner
word deleted, as MLE-bench does.

Kaggle's test answers were never published, so MLE-bench reads `train_v2.txt` (inside
`train_v2.txt.zip`) line by line, as Python's text mode does (UTF-8, universal newlines), and
stops after TRAIN_LINES lines, the count it hard-codes (lines after it are left out; a corpus
with fewer lines is refused). What decides the bytes: one NumPy `RandomState(0)` stream, a
`uniform()` per line; a line goes to test when that draw is <= 0.01 and it has more than two
words, and then `randint(1, words - 1)`, drawn next, picks the word to delete. Every other line
goes to train unchanged (its spacing and line end kept). A test sentence is stripped and its
double quotes doubled; private/test.csv holds `<n>,"<sentence>"` and the public test the same
with the chosen word gone and the words joined by single spaces, both under the header
`"id","sentence"`. private/sample_submission.csv is the public test's bytes; public/ gets
`train_v2.txt.zip` and `test_v2.txt.zip`, each one deflated member.

The corpus (~4 GB of text) is streamed from the zip into the new zip, deflated in a second thread
(authoring.zipped_text), never unpacked to disk (MLE-bench unpacks it into the raw folder and
writes the train file before zipping it) nor held in memory: blocks of lines, the uniforms of a
block drawn in one NumPy call. A test line's randint must come right after its own uniform, so
the stream is rewound to the block's start and replayed up to that line before drawing it.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path

import numpy as np

from pytest_mlebench.data.authoring import zipped_text

TRAIN_LINES = 30_301_028  # lines of Kaggle's train_v2.txt, as MLE-bench hard-codes them
TEST_SHARE = 0.01
BLOCK = 1024  # lines per NumPy call
HEADER = '"id","sentence"\n'


def prepare(raw_dir: Path, public: Path, private: Path, *, train_lines: int = TRAIN_LINES) -> None:
    """`train_lines` stands in for TRAIN_LINES only where a test needs a corpus of another size."""
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    with zipfile.ZipFile(raw_dir / "train_v2.txt.zip") as source:
        if "train_v2.txt" not in source.namelist():
            raise ValueError(f"{raw_dir / 'train_v2.txt.zip'} holds {source.namelist()[:5]}, not train_v2.txt "
                             "(Kaggle's layout): check that it is the competition's original file")
        with (io.TextIOWrapper(source.open("train_v2.txt"), encoding="utf-8") as corpus,
              zipped_text(public / "train_v2.txt.zip", "train_v2.txt") as train,
              open(private / "test.csv", "w", encoding="utf-8", newline="") as answers,
              open(private / "sample_submission.csv", "w", encoding="utf-8", newline="") as questions):
            answers.write(HEADER)
            questions.write(HEADER)
            split = _Split(train, answers, questions)
            lines = itertools.islice(corpus, train_lines)
            while block := list(itertools.islice(lines, BLOCK)):
                split.block(block)
    if split.lines < train_lines:
        raise ValueError(f"train_v2.txt has {split.lines:,} lines; MLE-bench's preparation reads TRAIN_LINES = "
                         f"{train_lines:,} (the count of Kaggle's corpus it hard-codes) and fails on fewer: "
                         "check that train_v2.txt.zip is Kaggle's original, complete file")
    with zipfile.ZipFile(public / "test_v2.txt.zip", "w", zipfile.ZIP_DEFLATED) as test_zip:
        test_zip.write(private / "sample_submission.csv", arcname="test_v2.txt")


class _Split:
    """Sends each line to train or test, drawing from MLE-bench's one random stream in its order."""

    def __init__(self, train, answers, questions) -> None:
        self.draws = np.random.RandomState(0)
        self.train, self.answers, self.questions = train, answers, questions
        self.lines = 0
        self.tests = 0

    def block(self, lines: list[str]) -> None:
        self.lines += len(lines)
        start = 0
        while start < len(lines):
            rewind = self.draws.get_state()
            uniforms = self.draws.random_sample(len(lines) - start)
            hit = next((start + int(i) for i in np.flatnonzero(uniforms <= TEST_SHARE)
                        if len(lines[start + int(i)].split()) > 2), None)
            if hit is None:
                self.train.write("".join(lines[start:]))
                return
            self.train.write("".join(lines[start:hit]))
            self.draws.set_state(rewind)
            self.draws.random_sample(hit - start + 1)
            self._test(lines[hit])
            start = hit + 1

    def _test(self, line: str) -> None:
        sentence = line.strip().replace('"', '""')
        words = sentence.split()
        cut = self.draws.randint(1, len(words) - 1)
        self.answers.write(f'{self.tests},"{sentence}"\n')
        self.questions.write(f'{self.tests},"{" ".join(words[:cut] + words[cut + 1:])}"\n')
        self.tests += 1
