"""Reference field for starter-cmudict-g2p: from spelling to phonemes.

Solutions read only the public files. The strong entries first align every
training word letter by letter with its phonemes (each letter sounds as zero,
one or two phonemes, found by a few rounds of hard-EM / Viterbi), then predict
each test letter's sound from the letters around it: back-off tables over a
grid of context windows, count thresholds and alignment rounds, decision
trees and forests on letter windows, and per-letter majority votes of
several of them (the ensembles at the top of the field). Middling entries
use narrow or one-sided contexts, fewer training words, copy the
pronunciation of the training word sharing the longest ending or beginning,
or apply a small hand-written phonics table. Constants, empty answers and
random phonemes sit at the bottom. Every solution is seeded and deterministic.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier

SEED = 0
PAD = "#"  # stands for "no letter here" beyond the ends of a word


_TABLES: dict[Path, tuple[pd.DataFrame, pd.DataFrame]] = {}


def load(public: Path, n_train: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training words (optionally a seeded subset of n_train) and test words (read once; do not modify)."""
    if public not in _TABLES:
        _TABLES[public] = (pd.read_csv(public / "train.csv", dtype=str, keep_default_na=False),
                           pd.read_csv(public / "test.csv", dtype=str, keep_default_na=False))
    train, test = _TABLES[public]
    if n_train is not None:
        keep = np.random.default_rng(SEED).choice(len(train), size=n_train, replace=False)
        train = train.iloc[np.sort(keep)].reset_index(drop=True)
    return train, test


def submission(test: pd.DataFrame, phonemes: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({"id": test["id"].to_numpy(), "phonemes": list(phonemes)})


# --- letter-to-phoneme alignment ------------------------------------------------------------------


def align(words: Sequence[str], pronunciations: Sequence[list[str]], rounds: int = 3) -> list[list[str]]:
    """For each word, the sound of each letter: "" (silent), "K" or "K S" (two phonemes).

    Starts from letter/phoneme co-occurrence within words, then alternates a
    Viterbi alignment of every word with re-estimating P(sound | letter) from
    those alignments (hard EM). Words that cannot be aligned (more than two
    phonemes per letter) get None.
    """
    cooccur: dict[str, Counter] = defaultdict(Counter)
    for word, phones in zip(words, pronunciations):
        for letter in word:
            cooccur[letter].update(phones)
    logp = {}
    for letter, counts in cooccur.items():
        total = sum(counts.values())
        logp[letter] = {ph: math.log(c / total) for ph, c in counts.items()}
        logp[letter][""] = math.log(0.1)
    floor = math.log(1e-6)
    alignments = []
    for round_number in range(rounds):
        alignments = [_viterbi(w, p, logp, floor, pair_penalty=math.log(0.01) if round_number == 0 else 0.0)
                      for w, p in zip(words, pronunciations)]
        counts = defaultdict(Counter)
        for word, sounds in zip(words, alignments):
            if sounds is not None:
                for letter, sound in zip(word, sounds):
                    counts[letter][sound] += 1
        logp = {}
        for letter, c in counts.items():
            total = sum(c.values()) + len(c)
            logp[letter] = {sound: math.log((n + 1) / total) for sound, n in c.items()}
    return alignments


def _viterbi(word: str, phones: list[str], logp: dict, floor: float, pair_penalty: float) -> list[str] | None:
    """Best split of `phones` into one chunk of 0-2 phonemes per letter of `word`."""
    n, m = len(word), len(phones)
    if m > 2 * n:
        return None

    def score(letter: str, chunk: tuple[str, ...]) -> float:
        table = logp.get(letter, {})
        key = " ".join(chunk)
        if key in table:
            return table[key]
        if len(chunk) == 2:  # unseen pair: build it from its parts, at a price
            return table.get(chunk[0], floor) + table.get(chunk[1], floor) + pair_penalty
        return floor

    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(1, n + 1):
        letter = word[i - 1]
        for j in range(max(0, m - 2 * (n - i)), min(m, 2 * i) + 1):
            for k in (0, 1, 2):
                if j - k >= 0 and best[i - 1][j - k] > -math.inf:
                    value = best[i - 1][j - k] + score(letter, tuple(phones[j - k : j]))
                    if value > best[i][j]:
                        best[i][j], back[i][j] = value, k
    if best[n][m] == -math.inf:
        return None
    sounds, j = [], m
    for i in range(n, 0, -1):
        k = back[i][j]
        sounds.append(" ".join(phones[j - k : j]))
        j -= k
    return sounds[::-1]


_ALIGNED: dict[tuple, tuple[list[str], list[list[str]]]] = {}
_SOUNDS: dict[tuple, list[list[str]]] = {}  # per-letter predictions of a setting, shared by solutions and votes


def aligned_letters(train: pd.DataFrame, rounds: int = 3) -> tuple[list[str], list[list[str]]]:
    """Training words that could be aligned, with the sound of each of their letters (computed once per set)."""
    key = (tuple(train["word"]), rounds)
    if key not in _ALIGNED:
        _ALIGNED[key] = _aligned_letters(train, rounds)
    return _ALIGNED[key]


def _aligned_letters(train: pd.DataFrame, rounds: int) -> tuple[list[str], list[list[str]]]:
    words = train["word"].tolist()
    alignments = align(words, [p.split() for p in train["phonemes"]], rounds=rounds)
    kept = [(w, a) for w, a in zip(words, alignments) if a is not None]
    return [w for w, _ in kept], [a for _, a in kept]


def context(word: str, i: int, left: int, right: int) -> str:
    """Letters i-left .. i+right of the word, padded beyond its ends."""
    padded = PAD * left + word + PAD * right
    return padded[i : i + left + 1 + right]


def join_sounds(sounds: Sequence[str]) -> str:
    return " ".join(s for s in sounds if s)


# --- predictors built on the alignment -----------------------------------------------------------


def backoff_sounds(public: Path, windows: Sequence[tuple[int, int]], n_train: int | None = None, rounds: int = 3,
                   min_count: int = 1, reuse: bool = True) -> list[list[str]]:
    """Per test word, each letter's most frequent sound in the widest context window seen in training.

    `windows` lists (left, right) context sizes, widest first; the last should
    be (0, 0) so that every letter seen in training gets some sound. A context
    seen fewer than `min_count` times is not trusted: the next window decides.
    """
    key = (public, tuple(windows), n_train, rounds, min_count)
    if key not in _SOUNDS or not reuse:
        _SOUNDS[key] = _backoff_sounds(public, windows, n_train, rounds, min_count)
    return _SOUNDS[key]


def _backoff_sounds(public: Path, windows, n_train, rounds, min_count) -> list[list[str]]:
    train, test = load(public, n_train)
    words, alignments = aligned_letters(train, rounds)
    tables = []
    for left, right in windows:
        counts: dict[str, Counter] = defaultdict(Counter)
        for word, sounds in zip(words, alignments):
            for i, sound in enumerate(sounds):
                counts[context(word, i, left, right)][sound] += 1
        floor = min_count if (left, right) != (0, 0) else 1
        tables.append({key: c.most_common(1)[0][0] for key, c in counts.items() if sum(c.values()) >= floor})

    def sound_of(word: str, i: int) -> str:
        for (left, right), table in zip(windows, tables):
            key = context(word, i, left, right)
            if key in table:
                return table[key]
        return ""

    return [[sound_of(w, i) for i in range(len(w))] for w in test["word"]]


def backoff(public: Path, windows: Sequence[tuple[int, int]], n_train: int | None = None, rounds: int = 3,
            min_count: int = 1) -> pd.DataFrame:
    """The back-off table's sounds, joined into each test word's pronunciation."""
    _, test = load(public)
    sounds = backoff_sounds(public, windows, n_train, rounds, min_count, reuse=False)  # votes reuse; a solution refits
    return submission(test, [join_sounds(word) for word in sounds])


def symmetric(width: int) -> list[tuple[int, int]]:
    """Windows (w, w), (w-1, w-1), ..., (0, 0), each also tried lopsided on the way down."""
    windows = []
    for w in range(width, 0, -1):
        windows += [(w, w), (w, w - 1), (w - 1, w)]
    return windows + [(0, 0)]


def tree_model(public: Path, make_model: Callable, width: int = 3, n_train: int | None = None) -> pd.DataFrame:
    """A classifier on the letter codes around each letter (letters as ordinals, # = 0)."""
    _, test = load(public)
    sounds = tree_sounds(public, make_model, width, n_train, reuse=False)
    return submission(test, [join_sounds(word) for word in sounds])


def tree_sounds(public: Path, make_model: Callable, width: int = 3, n_train: int | None = None,
                reuse: bool = True) -> list[list[str]]:
    """Per test word, each letter's sound as a classifier on the letter window predicts it (fitted once)."""
    key = (public, make_model, width, n_train)
    if key not in _SOUNDS or not reuse:
        _SOUNDS[key] = _tree_sounds(public, make_model, width, n_train)
    return _SOUNDS[key]


def _tree_sounds(public: Path, make_model: Callable, width: int, n_train: int | None) -> list[list[str]]:
    train, test = load(public, n_train)
    words, alignments = aligned_letters(train)

    def features(word_list: Sequence[str]) -> np.ndarray:
        rows = []
        for word in word_list:
            for i in range(len(word)):
                window = context(word, i, width, width)
                rows.append([0 if ch == PAD else ord(ch) - 96 for ch in window])
        return np.array(rows, dtype=np.int8)

    labels = [sound for sounds in alignments for sound in sounds]
    model = make_model().fit(features(words), labels)
    predicted = iter(model.predict(features(test["word"])))
    return [[next(predicted) for _ in word] for word in test["word"]]


def letter_vote(public: Path, members: Sequence[Callable[[Path], list[list[str]]]]) -> pd.DataFrame:
    """Per letter, the sound most members predict (ties: the earlier member's)."""
    _, test = load(public)
    predictions = [member(public) for member in members]
    words = []
    for w in range(len(test)):
        sounds = []
        for i in range(len(predictions[0][w])):
            votes = Counter(p[w][i] for p in predictions)
            top = max(votes.values())
            sounds.append(next(p[w][i] for p in predictions if votes[p[w][i]] == top))
        words.append(join_sounds(sounds))
    return submission(test, words)


# --- simpler predictors -----------------------------------------------------------------------------


def nearest_by_ending(public: Path, from_start: bool = False) -> pd.DataFrame:
    """Copy the pronunciation of the training word sharing the longest ending (or beginning)."""
    train, test = load(public)
    flip = (lambda s: s) if from_start else (lambda s: s[::-1])
    keys = sorted((flip(w), p) for w, p in zip(train["word"], train["phonemes"]))
    sorted_words = [k for k, _ in keys]

    def shared(a: str, b: str) -> int:
        n = 0
        while n < min(len(a), len(b)) and a[n] == b[n]:
            n += 1
        return n

    answers = []
    for word in test["word"]:
        key = flip(word)
        pos = bisect.bisect_left(sorted_words, key)
        candidates = [c for c in (pos - 1, pos) if 0 <= c < len(keys)]
        best = max(candidates, key=lambda c: (shared(key, sorted_words[c]), -c))
        answers.append(keys[best][1])
    return submission(test, answers)


# A schoolbook guess at each letter's usual sound, written by hand (no training data used).
PHONICS = {
    "a": "AE", "b": "B", "c": "K", "d": "D", "e": "EH", "f": "F", "g": "G", "h": "HH", "i": "IH",
    "j": "JH", "k": "K", "l": "L", "m": "M", "n": "N", "o": "AA", "p": "P", "q": "K", "r": "R",
    "s": "S", "t": "T", "u": "AH", "v": "V", "w": "W", "x": "K S", "y": "Y", "z": "Z",
}  # fmt: skip


def phonics(public: Path, collapse_doubles: bool) -> pd.DataFrame:
    """Sound out letter by letter with PHONICS; optionally read doubled letters (ll, ss) once."""
    _, test = load(public)

    def read(word: str) -> str:
        letters = [ch for i, ch in enumerate(word) if not (collapse_doubles and i and word[i - 1] == ch)]
        return join_sounds(PHONICS[ch] for ch in letters)

    return submission(test, [read(w) for w in test["word"]])


def same_length_pronunciation(public: Path) -> pd.DataFrame:
    """The most frequent pronunciation among training words of the same length."""
    train, test = load(public)
    by_length = train.groupby(train["word"].str.len())["phonemes"].agg(lambda s: s.value_counts().index[0])
    fallback = train["phonemes"].value_counts().index[0]
    return submission(test, [by_length.get(len(w), fallback) for w in test["word"]])


def constant(text: str, public: Path) -> pd.DataFrame:
    _, test = load(public)
    return submission(test, [text] * len(test))


def random_phonemes(public: Path) -> pd.DataFrame:
    """As many phonemes as letters, drawn at random from the training phoneme frequencies."""
    train, test = load(public)
    counts = Counter(" ".join(train["phonemes"]).split())
    inventory = sorted(counts)
    weights = np.array([counts[p] for p in inventory], dtype=float)
    rng = np.random.default_rng(SEED)
    return submission(test, [" ".join(rng.choice(inventory, size=len(w), p=weights / weights.sum())) for w in test["word"]])


SOLUTIONS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "aligned letters, back-off over context windows up to 4+4 letters": partial(backoff, windows=symmetric(4)),
    "aligned letters, back-off over context windows up to 3+3 letters": partial(backoff, windows=symmetric(3)),
    "aligned letters, back-off up to 3+3, only one alignment round": partial(backoff, windows=symmetric(3), rounds=1),
    "aligned letters, back-off over context windows up to 2+2 letters": partial(backoff, windows=symmetric(2)),
    "aligned letters, decision tree on 3+3 letter window": partial(
        tree_model, make_model=lambda: DecisionTreeClassifier(min_samples_leaf=2, random_state=SEED)
    ),
    "aligned letters, random forest (20 trees) on 2+2 letter window": partial(
        tree_model, make_model=lambda: RandomForestClassifier(20, min_samples_leaf=2, random_state=SEED, n_jobs=1), width=2
    ),
    "aligned letters, back-off up to 3+3, trained on 5,000 words": partial(backoff, windows=symmetric(3), n_train=5000),
    "aligned letters, back-off up to 1+1 letters": partial(backoff, windows=symmetric(1)),
    "aligned letters, decision tree (depth 10) on 3+3 letter window": partial(
        tree_model, make_model=lambda: DecisionTreeClassifier(max_depth=10, random_state=SEED)
    ),
    "aligned letters, back-off up to 3+3, trained on 1,000 words": partial(backoff, windows=symmetric(3), n_train=1000),
    "aligned letters, left context only (up to 3 letters)": partial(backoff, windows=[(3, 0), (2, 0), (1, 0), (0, 0)]),
    "aligned letters, right context only (up to 3 letters)": partial(backoff, windows=[(0, 3), (0, 2), (0, 1), (0, 0)]),
    "aligned letters, back-off up to 2+2, trained on 200 words": partial(backoff, windows=symmetric(2), n_train=200),
    "aligned letters, each letter's most frequent sound (no context)": partial(backoff, windows=[(0, 0)]),
    "copy the training word with the longest shared ending": nearest_by_ending,
    "copy the training word with the longest shared beginning": partial(nearest_by_ending, from_start=True),
    "hand-written phonics table, doubled letters read once": partial(phonics, collapse_doubles=True),
    "hand-written phonics table, letter by letter": partial(phonics, collapse_doubles=False),
    "most frequent pronunciation of words of the same length": same_length_pronunciation,
    "constant 'AH' (the most common phoneme)": partial(constant, "AH"),
    "constant 'K AH N' (a typical short word)": partial(constant, "K AH N"),
    "empty prediction": partial(constant, ""),
    "random phonemes, one per letter (seeded)": random_phonemes,
}



def lopsided(left: int, right: int) -> list[tuple[int, int]]:
    """Windows shrinking from (left, right) to (0, 0), the wider side giving way first."""
    windows = [(left, right)]
    while (left, right) != (0, 0):
        if left >= right and left > 0:
            left -= 1
        else:
            right -= 1
        windows.append((left, right))
    return windows


# The grid: context shapes x count thresholds x alignment rounds, then trees and votes.
for width in (2, 3, 4, 5):
    for min_count in (2, 3):
        SOLUTIONS[f"aligned letters, back-off up to {width}+{width}, contexts seen at least {min_count} times"] = partial(
            backoff, windows=symmetric(width), min_count=min_count)
for rounds in (2, 5):
    for width in (2, 3, 4):
        SOLUTIONS[f"aligned letters ({rounds} alignment rounds), back-off up to {width}+{width}"] = partial(
            backoff, windows=symmetric(width), rounds=rounds)
for left, right in ((3, 2), (2, 3), (4, 2), (2, 4), (4, 3), (3, 4), (5, 3), (3, 5)):
    SOLUTIONS[f"aligned letters, back-off from {left} left + {right} right letters, wider side first"] = partial(
        backoff, windows=lopsided(left, right))
SOLUTIONS["aligned letters, back-off up to 5+5 letters"] = partial(backoff, windows=symmetric(5))
for n_train in (2000, 10000):
    SOLUTIONS[f"aligned letters, back-off up to 3+3, trained on {n_train:,} words"] = partial(
        backoff, windows=symmetric(3), n_train=n_train)
for n_train in (500, 3000):
    SOLUTIONS[f"aligned letters, back-off up to 2+2, trained on {n_train:,} words"] = partial(
        backoff, windows=symmetric(2), n_train=n_train)
for width in (2, 4):
    for leaf in (1, 3):
        SOLUTIONS[f"aligned letters, decision tree (min {leaf} per leaf) on {width}+{width} letter window"] = partial(
            tree_model, make_model=lambda leaf=leaf: DecisionTreeClassifier(min_samples_leaf=leaf, random_state=SEED),
            width=width)
for width, trees in ((3, 20), (4, 20), (3, 40)):
    SOLUTIONS[f"aligned letters, random forest ({trees} trees) on {width}+{width} letter window"] = partial(
        tree_model, make_model=lambda trees=trees: RandomForestClassifier(
            trees, min_samples_leaf=2, random_state=SEED, n_jobs=1), width=width)
for width in (3, 4):
    SOLUTIONS[f"aligned letters, extra trees (30 trees) on {width}+{width} letter window"] = partial(
        tree_model, make_model=lambda: ExtraTreesClassifier(30, min_samples_leaf=2, random_state=SEED, n_jobs=1),
        width=width)
for depth in (6, 15):
    SOLUTIONS[f"aligned letters, decision tree (depth {depth}) on 3+3 letter window"] = partial(
        tree_model, make_model=lambda depth=depth: DecisionTreeClassifier(max_depth=depth, random_state=SEED))
SOLUTIONS["aligned letters, left context only (up to 2 letters)"] = partial(backoff, windows=[(2, 0), (1, 0), (0, 0)])
SOLUTIONS["aligned letters, right context only (up to 2 letters)"] = partial(backoff, windows=[(0, 2), (0, 1), (0, 0)])
SOLUTIONS["aligned letters, left context up to 4 letters only"] = partial(backoff, windows=[(4, 0), (3, 0), (2, 0), (1, 0), (0, 0)])
SOLUTIONS["aligned letters, one letter either side only, no back-off to shorter windows"] = partial(backoff, windows=[(1, 1), (0, 0)])

_BACKOFF_3 = partial(backoff_sounds, windows=symmetric(3))
_BACKOFF_4 = partial(backoff_sounds, windows=symmetric(4), min_count=2)
_BACKOFF_LOP = partial(backoff_sounds, windows=lopsided(4, 3))
_FOREST_2 = partial(tree_sounds, make_model=lambda: RandomForestClassifier(20, min_samples_leaf=2, random_state=SEED, n_jobs=1), width=2)
_FOREST_3 = partial(tree_sounds, make_model=lambda: RandomForestClassifier(20, min_samples_leaf=2, random_state=SEED, n_jobs=1), width=3)
_TREE_3 = partial(tree_sounds, make_model=lambda: DecisionTreeClassifier(min_samples_leaf=2, random_state=SEED))
SOLUTIONS.update({
    "per-letter vote: forest 2+2, back-off 3+3, back-off 4+4 (min 2)": partial(letter_vote, members=[_FOREST_2, _BACKOFF_3, _BACKOFF_4]),
    "per-letter vote: forests 2+2 and 3+3, back-off 4+3": partial(letter_vote, members=[_FOREST_2, _FOREST_3, _BACKOFF_LOP]),
    "per-letter vote: five models (two forests, a tree, two back-offs)": partial(
        letter_vote, members=[_FOREST_2, _FOREST_3, _TREE_3, _BACKOFF_3, _BACKOFF_4]),
    "per-letter vote: tree 3+3, back-off 3+3, back-off 4+3": partial(letter_vote, members=[_TREE_3, _BACKOFF_3, _BACKOFF_LOP]),
})

for left, right in ((4, 3), (3, 4)):
    for min_count in (2, 3):
        SOLUTIONS[f"aligned letters, back-off from {left} left + {right} right letters, contexts seen at least {min_count} times"] = partial(
            backoff, windows=lopsided(left, right), min_count=min_count)
for left, right in ((5, 2), (2, 5), (1, 3), (3, 1)):
    SOLUTIONS[f"aligned letters, back-off from {left} left + {right} right letters, wider side first"] = partial(
        backoff, windows=lopsided(left, right))
for width in (2, 4):
    SOLUTIONS[f"aligned letters (1 alignment round), back-off up to {width}+{width}"] = partial(
        backoff, windows=symmetric(width), rounds=1)
for rounds in (2, 5):
    SOLUTIONS[f"aligned letters ({rounds} alignment rounds), back-off up to 5+5"] = partial(
        backoff, windows=symmetric(5), rounds=rounds)
for n_train in (1000, 5000, 10000):
    SOLUTIONS[f"aligned letters, back-off up to 4+4, trained on {n_train:,} words"] = partial(
        backoff, windows=symmetric(4), n_train=n_train)
for n_train in (200, 500):
    SOLUTIONS[f"aligned letters, back-off up to 3+3, trained on {n_train:,} words"] = partial(
        backoff, windows=symmetric(3), n_train=n_train)
for n_train in (1000, 10000):
    SOLUTIONS[f"aligned letters, back-off up to 2+2, trained on {n_train:,} words"] = partial(
        backoff, windows=symmetric(2), n_train=n_train)
SOLUTIONS["aligned letters, back-off up to 6+6 letters"] = partial(backoff, windows=symmetric(6))
SOLUTIONS["aligned letters, back-off up to 6+6, contexts seen at least 2 times"] = partial(backoff, windows=symmetric(6), min_count=2)
for leaf in (5, 10):
    SOLUTIONS[f"aligned letters, decision tree (min {leaf} per leaf) on 3+3 letter window"] = partial(
        tree_model, make_model=lambda leaf=leaf: DecisionTreeClassifier(min_samples_leaf=leaf, random_state=SEED))
SOLUTIONS["aligned letters, decision tree on 1+1 letter window"] = partial(
    tree_model, make_model=lambda: DecisionTreeClassifier(random_state=SEED), width=1)
SOLUTIONS["aligned letters, decision tree (min 2 per leaf) on 5+5 letter window"] = partial(
    tree_model, make_model=lambda: DecisionTreeClassifier(min_samples_leaf=2, random_state=SEED), width=5)
SOLUTIONS["aligned letters, random forest (10 trees) on 2+2 letter window"] = partial(
    tree_model, make_model=lambda: RandomForestClassifier(10, min_samples_leaf=2, random_state=SEED, n_jobs=1), width=2)
SOLUTIONS["aligned letters, extra trees (30 trees) on 2+2 letter window"] = partial(
    tree_model, make_model=lambda: ExtraTreesClassifier(30, min_samples_leaf=2, random_state=SEED, n_jobs=1), width=2)


def no_pairs(public: Path) -> pd.DataFrame:
    """Back-off 3+3, but every two-phoneme sound (x as K S) cut to its first phoneme: a careless shortcut."""
    _, test = load(public)
    sounds = backoff_sounds(public, symmetric(3))
    return submission(test, [join_sounds(s.split()[0] if s else "" for s in word) for word in sounds])


def never_silent(public: Path) -> pd.DataFrame:
    """Each letter's most frequent sound that is not silence: every letter pronounced."""
    train, test = load(public)
    words, alignments = aligned_letters(train)
    counts: dict[str, Counter] = defaultdict(Counter)
    for word, sounds in zip(words, alignments):
        for letter, sound in zip(word, sounds):
            if sound:
                counts[letter][sound] += 1
    table = {letter: c.most_common(1)[0][0] for letter, c in counts.items()}
    return submission(test, [join_sounds(table.get(ch, "") for ch in w) for w in test["word"]])


# Letter pairs a phonics primer teaches (hand-written, no training data).
DIGRAPHS = {"th": "TH", "sh": "SH", "ch": "CH", "ph": "F", "ck": "K", "ng": "NG", "ee": "IY", "oo": "UW", "ea": "IY",
            "ai": "EY", "ay": "EY", "ou": "AW", "ow": "OW", "qu": "K W", "wh": "W", "kn": "N", "wr": "R"}  # fmt: skip


def phonics_digraphs(public: Path) -> pd.DataFrame:
    """The phonics table with common letter pairs read as one sound, and a final silent e."""
    _, test = load(public)

    def read(word: str) -> str:
        sounds, i = [], 0
        while i < len(word):
            if word[i:i + 2] in DIGRAPHS:
                sounds.append(DIGRAPHS[word[i:i + 2]])
                i += 2
                continue
            if not (word[i] == "e" and i == len(word) - 1 and i > 1):
                sounds.append(PHONICS.get(word[i], ""))
            i += 1
        return join_sounds(sounds)

    return submission(test, [read(w) for w in test["word"]])


def most_frequent_pronunciation(public: Path) -> pd.DataFrame:
    train, test = load(public)
    return submission(test, [train["phonemes"].value_counts().index[0]] * len(test))


_BACKOFF_2 = partial(backoff_sounds, windows=symmetric(2))
_EXTRA_3 = partial(tree_sounds, make_model=lambda: ExtraTreesClassifier(30, min_samples_leaf=2, random_state=SEED, n_jobs=1), width=3)
SOLUTIONS.update({
    "aligned letters, back-off 3+3, two-phoneme sounds cut to one": no_pairs,
    "aligned letters, every letter's most frequent non-silent sound": never_silent,
    "hand-written phonics with letter pairs (th, sh, ee, ...) and silent final e": phonics_digraphs,
    "constant: the most frequent training pronunciation": most_frequent_pronunciation,
    "per-letter vote: extra trees 3+3, forest 2+2, back-off 4+3": partial(letter_vote, members=[_EXTRA_3, _FOREST_2, _BACKOFF_LOP]),
    "per-letter vote: back-offs 2+2, 3+3 and 4+4 (min 2)": partial(letter_vote, members=[_BACKOFF_2, _BACKOFF_3, _BACKOFF_4]),
    "per-letter vote: extra trees 3+3, forest 3+3, tree 3+3": partial(letter_vote, members=[_EXTRA_3, _FOREST_3, _TREE_3]),
})
