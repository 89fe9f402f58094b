"""The vocabulary of the competition descriptions: tables, id styles and the kinds of target columns.

A competition is described by its id column, its target columns (each with a kind that
knows how to make true values and predictions of that kind) and the answers-only columns
MLE-bench's prepare.py keeps. From that one description, `cases.py` writes the answers and
every submission. Cells are Python values (None is a missing cell); `csv_text` decides the
bytes, so that both graders read the very same files whatever pandas wrote them.
"""

from __future__ import annotations

import csv
import io
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Value = str | int | float | bool | None


@dataclass
class Table:
    """A CSV file before it is written: a header and rows of cells."""

    header: list[str]
    rows: list[list[Value]]

    def column(self, name: str) -> list[Value]:
        index = self.header.index(name)
        return [row[index] for row in self.rows]

    def copy(self) -> Table:
        return Table(list(self.header), [list(row) for row in self.rows])


def cell_text(value: Value) -> str:
    """A cell as pandas' to_csv writes it: a blank for missing, repr for floats."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_text(table: Table, *, quote_all: bool = False, line_end: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(table.header)
    writer.writerows([cell_text(v) for v in row] for row in table.rows)
    return buffer.getvalue()


# ---------------------------------------------------------------- ids


HEX_LIKE_FIRST = "8e553d24aa01"  # a hex id that starts like an overflowing number (8e553...)


@dataclass(frozen=True)
class Ids:
    """The id column: its name and how its values look in the real data."""

    name: str
    style: str = "int"  # int | hex | word | file | uuid | dotted (or `make` for any other)
    prefix: str = ""
    suffix: str = ""
    make: Callable[[random.Random, int], list[Value]] | None = None

    def values(self, rng: random.Random, n: int) -> list[Value]:
        if self.make is not None:
            return self.make(rng, n)
        if self.style == "int":
            return rng.sample(range(10, 10 * n + 1000), n)
        if self.style == "hex":  # the first one looks like a float overflowing (issue 13's trap)
            rest = [f"{rng.getrandbits(48):012x}" for _ in range(n - 1)]
            return [f"{self.prefix}{v}{self.suffix}" for v in [HEX_LIKE_FIRST, *rest]]
        if self.style == "word":
            return [f"{self.prefix}{rng.choice('abcdefgh')}{i:03d}{self.suffix}" for i in range(n)]
        if self.style == "file":
            return [f"{self.prefix}{rng.getrandbits(24):06x}{self.suffix or '.jpg'}" for _ in range(n)]
        if self.style == "uuid":
            return [f"{self.prefix}{rng.getrandbits(64):016x}-{rng.getrandbits(16):04x}" for _ in range(n)]
        if self.style == "dotted":
            return [f"1.2.826.0.1.{rng.randrange(10**6)}.{i}" for i in range(n)]
        raise ValueError(f"unknown id style {self.style!r}")


# ---------------------------------------------------------------- kinds of target columns


class Kind:
    """How true values and predictions of one group of columns look.

    `truth` makes the answers' values (rows x width); `predict` derives a submission's
    values from the perfect ones: "sample" (what a sample submission holds), "random",
    "perturbed" (near the truth). `other_type` gives labels of another type where that
    means something; `broken` gives kind-specific malformed predictions by name.
    """

    def truth(self, rng: random.Random, n: int, width: int) -> list[list[Value]]:
        raise NotImplementedError(type(self).__name__)

    def predict(self, rng: random.Random, perfect: list[list[Value]], how: str) -> list[list[Value]]:
        raise NotImplementedError(type(self).__name__)

    def gold(self, truth: list[Value]) -> list[Value]:
        """The perfect prediction of one row of true values (by default the values themselves)."""
        return truth

    def other_type(self, rng: random.Random, perfect: list[list[Value]]) -> list[list[Value]] | None:
        return None

    def broken(self, rng: random.Random, perfect: list[list[Value]]) -> dict[str, list[list[Value]]]:
        return {}


def _both_classes(rng: random.Random, n: int, rate: float = 0.4) -> list[int]:
    values = [int(rng.random() < rate) for _ in range(n)]
    values[0], values[1] = 0, 1
    return values


@dataclass(frozen=True)
class Binary(Kind):
    """0/1 labels in the answers, probabilities in a submission (AUC, log loss, F1 of probabilities)."""

    rate: float = 0.4
    rows_skipped: bool = False  # jigsaw: -1 labels mark rows the metric leaves out
    as_bool: bool = False  # answers written True/False (random-acts-of-pizza)

    def truth(self, rng, n, width):
        columns = [_both_classes(rng, n, self.rate) for _ in range(width)]
        rows = [[bool(v) for v in r] if self.as_bool else list(r) for r in zip(*columns)]
        if self.rows_skipped:
            for row in rows[-3:]:
                row[:] = [-1] * width
        return rows

    def gold(self, truth):
        return [0.5 if v == -1 else v for v in truth]

    def predict(self, rng, perfect, how):
        if how == "sample":
            return [[0.5] * len(r) for r in perfect]
        if how == "random":
            return [[round(rng.random(), 4) for _ in r] for r in perfect]
        return [[round(min(1.0, max(0.0, 0.25 + 0.5 * max(v, 0) + rng.uniform(-0.3, 0.3))), 4) for v in r] for r in perfect]

    def other_type(self, rng, perfect):
        return [["yes" if v == 1 else "no" for v in r] for r in perfect]

    def broken(self, rng, perfect):
        return {"out_of_range": [[1.5 if i == 0 else v for v in r] for i, r in enumerate(perfect)],
                "negative": [[-0.25 if i == 1 else v for v in r] for i, r in enumerate(perfect)]}


@dataclass(frozen=True)
class OneHot(Kind):
    """One class per row, spread over one column per class; predictions are rows summing to 1."""

    votes: bool = False  # hms: counts of expert votes instead of 0/1

    def truth(self, rng, n, width):
        rows = []
        for i in range(n):
            if self.votes:
                rows.append([rng.choice([0, 0, 1, 3]) for _ in range(width)])
                rows[-1][i % width] += 1
            else:
                hot = i % width if i < width else rng.randrange(width)
                rows.append([int(k == hot) for k in range(width)])
        return rows

    def gold(self, truth):
        return [v / sum(truth) for v in truth] if self.votes else truth

    def predict(self, rng, perfect, how):
        width = len(perfect[0])
        if how == "sample":
            return [[1 / width] * width for _ in perfect]
        out = []
        for row in perfect:
            noise = [rng.random() + 1e-3 for _ in row]
            if how == "perturbed":
                total = sum(row)
                noise = [0.7 * v / total + 0.3 * x / sum(noise) for v, x in zip(row, noise)]
            total = sum(noise)
            out.append([x / total for x in noise])
        return out

    def broken(self, rng, perfect):
        width = len(perfect[0])
        return {"rows_not_summing_to_one": [[0.5] * width for _ in perfect],
                "negative": [[-0.1, 1.1, *([0.0] * (width - 2))] if i == 0 else list(r) for i, r in enumerate(perfect)]}


@dataclass(frozen=True)
class Real(Kind):
    """A number to regress: uniform in [lo, hi), rounded to `decimals` (0: whole numbers)."""

    lo: float = 0.0
    hi: float = 1.0
    decimals: int = 3
    missing: float = 0.0  # share of answers left blank (rows the metric drops)

    def _value(self, rng):
        value = rng.uniform(self.lo, self.hi)
        return int(round(value)) if self.decimals == 0 else round(value, self.decimals)

    def truth(self, rng, n, width):
        rows = [[self._value(rng) for _ in range(width)] for _ in range(n)]
        if self.missing:
            for row in rows[1::max(2, int(1 / self.missing))]:
                row[0] = None
        return rows

    def predict(self, rng, perfect, how):
        if how == "sample":
            return [[round((self.lo + self.hi) / 2, 3) for _ in r] for r in perfect]
        if how == "random":
            return [[round(rng.uniform(self.lo, self.hi), 3) for _ in r] for r in perfect]
        span = (self.hi - self.lo) * 0.1
        return [[round((v if v is not None else self.lo) + rng.uniform(-span, span), 4) for v in r] for r in perfect]


@dataclass(frozen=True)
class Labels(Kind):
    """One categorical label per row: whole-number classes or text labels."""

    values: tuple[Value, ...] = (0, 1, 2)
    ranked: bool = False  # a submission may rank several guesses, space-separated

    def truth(self, rng, n, width):
        def column():
            first = list(self.values[: min(n, len(self.values))])
            return first + [rng.choice(self.values) for _ in range(n - len(first))]

        return [list(r) for r in zip(*(column() for _ in range(width)))]

    def predict(self, rng, perfect, how):
        if how == "sample":
            return [[self.values[0] for _ in r] for r in perfect]
        if how == "random":
            return [[rng.choice(self.values) for _ in r] for r in perfect]
        return [[rng.choice(self.values) if (i + k) % 3 == 1 else v for k, v in enumerate(r)] for i, r in enumerate(perfect)]

    @property
    def whole_numbers(self) -> bool:
        return all(isinstance(v, int) and not isinstance(v, bool) for v in self.values)

    def other_type(self, rng, perfect):
        if self.whole_numbers:
            return [[f"class_{v}" for v in r] for r in perfect]
        return [[i % 3 for _ in r] for i, r in enumerate(perfect)]

    def broken(self, rng, perfect):
        if self.whole_numbers:
            out = {"fraction": [[v + 0.5 if i == 0 else v for v in r] for i, r in enumerate(perfect)],
                   "as_float": [[float(v) for v in r] for r in perfect]}
            if self.ranked:
                out["ranked_guesses"] = [[f"{self.values[-1]} {r[0]} {self.values[0]}"] for r in perfect]
                out["ranked_right_first"] = [[f"{r[0]} {self.values[-1]}"] for r in perfect]
            return out
        return {"case_changed": [[str(v).upper() if i == 0 else v for v in r] for i, r in enumerate(perfect)]}


@dataclass(frozen=True)
class Words(Kind):
    """Free text: sentences, answer spans, transliterations."""

    vocab: tuple[str, ...] = ("the", "cat", "sat", "on", "a", "mat", "ünïcödé", "नई", "дом")
    length: tuple[int, int] = (1, 5)
    separator: str = " "
    blank_share: float = 0.0

    def _text(self, rng):
        return self.separator.join(rng.choice(self.vocab) for _ in range(rng.randint(*self.length)))

    def truth(self, rng, n, width):
        rows = [[self._text(rng)] for _ in range(n)]
        if self.blank_share:
            for row in rows[2::max(2, int(1 / self.blank_share))]:
                row[0] = None
        return rows


    def predict(self, rng, perfect, how):
        if how == "sample":
            return [[self.vocab[0]] for _ in perfect]
        if how == "random":
            return [[self._text(rng)] for _ in perfect]
        out = []
        for i, r in enumerate(perfect):
            words = str(r[0] or "").split(self.separator)
            if i % 2 and words:
                words[rng.randrange(len(words))] = rng.choice(self.vocab)
            out.append([self.separator.join(words)])
        return out

    def other_type(self, rng, perfect):
        return [[i] for i, _ in enumerate(perfect)]


@dataclass(frozen=True)
class Rle(Kind):
    """Run-length encoded masks ("start length ..." 1-based, column-major), some empty."""

    height: int = 8
    width: int = 8
    empty: str | None = None  # how an empty mask is written in the answers (None: a blank cell)
    always: bool = False  # every true mask has pixels (hubmap: every image shows glomeruli)

    def _mask(self, rng):
        total, pos, runs = self.height * self.width, 1, []
        while pos < total and len(runs) < 4:
            start = pos + rng.randrange(1, 10)
            length = rng.randrange(1, 6)
            if start + length > total:
                break
            runs += [start, length]
            pos = start + length + 1
        return " ".join(map(str, runs))

    def truth(self, rng, n, width):
        return [[self._mask(rng) if i % 4 != 1 or self.always else self.empty] for i in range(n)]


    def predict(self, rng, perfect, how):
        if how == "sample":
            return [[self.empty] for _ in perfect]
        if how == "random":
            return [[self._mask(rng)] for _ in perfect]
        out = []
        for r in perfect:
            if not r[0] or r[0] == "-":
                out.append([r[0]])
                continue
            tokens = list(map(int, str(r[0]).split()))
            tokens[1::2] = [max(1, t - 1) for t in tokens[1::2]]
            out.append([" ".join(map(str, tokens))])
        return out

    def broken(self, rng, perfect):
        return {"rle_unsorted": [["20 2 3 2"] for _ in perfect], "rle_overlap": [["3 5 5 2"] for _ in perfect],
                "rle_zero_start": [["0 3"] for _ in perfect], "rle_odd_tokens": [["1 2 7"] for _ in perfect],
                "rle_past_the_end": [[f"{self.height * self.width - 1} 9"] for _ in perfect],
                "rle_text": [["1 x"] for _ in perfect]}


@dataclass(frozen=True)
class Tokens(Kind):
    """Space-separated strings built by `make` (label sets, ranked guesses, boxes, orders)."""

    make: Callable[[random.Random, int], str | None] = lambda rng, i: "a b"
    guess: Callable[[random.Random, int], str | None] | None = None  # a prediction (default: make)
    sample_value: str | None = ""
    bad: dict[str, str] = field(default_factory=dict)


    def truth(self, rng, n, width):
        return [[self.make(rng, i)] for i in range(n)]

    def predict(self, rng, perfect, how):
        if how == "sample":
            return [[self.sample_value] for _ in perfect]
        make = self.guess or self.make
        if how == "random":
            return [[make(rng, i)] for i in range(len(perfect))]
        return [[make(rng, i) if i % 3 == 1 else r[0]] for i, r in enumerate(perfect)]

    def broken(self, rng, perfect):
        return {name: [[text] for _ in perfect] for name, text in self.bad.items()}


@dataclass(frozen=True)
class Order(Kind):
    """A space-separated order of the row's own items (AI4Code's cell order)."""

    items: tuple[int, int] = (2, 6)


    def truth(self, rng, n, width):
        return [[" ".join(f"{rng.getrandbits(28):07x}" for _ in range(rng.randint(*self.items)))] for _ in range(n)]

    def predict(self, rng, perfect, how):
        out = []
        for i, r in enumerate(perfect):
            items = str(r[0]).split()
            if how == "sample":
                items = sorted(items)
            elif how == "random" or i % 2:
                rng.shuffle(items)
            out.append([" ".join(items)])
        return out

    def broken(self, rng, perfect):
        return {"order_missing_item": [[" ".join(str(r[0]).split()[1:])] for r in perfect],
                "order_unknown_item": [[f"{r[0]} ffffffff"] for r in perfect]}


# ---------------------------------------------------------------- the description of a competition


@dataclass(frozen=True)
class Target:
    """Columns a submission predicts, of one kind; `answer_columns` when the answers name them otherwise."""

    columns: tuple[str, ...]
    kind: Kind
    answer_columns: tuple[str, ...] | None = None

    @property
    def in_answers(self) -> tuple[str, ...]:
        return self.answer_columns or self.columns


@dataclass(frozen=True)
class Extra:
    """An answers-only column: `make(rng, row_number, row_so_far)` gives each cell."""

    name: str
    make: Callable[[random.Random, int, dict], Value]


@dataclass(frozen=True)
class Spec:
    """One competition's answers and submissions, in MLE-bench's layout.

    By default the answers are the id column, the targets and the extras, one row per id,
    and the perfect submission is the answers' id and target columns. `build` replaces
    both for layouts no column recipe fits: it returns (answers, perfect submission), the
    answers a Table or, for JSON-lines answers, a list of dicts. `skipped(row)` marks the
    answer rows the metric leaves out; `extras_first` puts the extras before the targets.
    """

    competition: str
    ids: Ids
    targets: tuple[Target, ...]
    extras: tuple[Extra, ...] = ()
    n: int = 12
    build: Callable[[random.Random], tuple[Table | list, Table]] | None = None
    skipped: Callable[[dict], bool] | None = None
    extras_first: bool = False

    @property
    def target_columns(self) -> list[str]:
        return [c for t in self.targets for c in t.columns]


def one(name: str, kind: Kind, answer_name: str | None = None) -> Target:
    return Target((name,), kind, (answer_name,) if answer_name else None)


def many(names: Sequence[str], kind: Kind) -> Target:
    return Target(tuple(names), kind)
