"""Reference field for starter-cmudict-g2p: from spelling to phonemes.

Solutions read only the public files. The strong entries first align every
training word letter by letter with its phonemes (each letter sounds as zero,
one or two phonemes, found by a few rounds of hard-EM / Viterbi), then predict
each test letter's sound from the letters around it: a back-off table of
letter contexts or a decision tree. Middling entries copy the pronunciation of
the training word sharing the longest ending or beginning, or apply a small
hand-written phonics table. Constants, empty answers and random phonemes sit at
the bottom.
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
from sklearn.ensemble import RandomForestClassifier
from sklearn.tree import DecisionTreeClassifier

SEED = 0
PAD = "#"  # stands for "no letter here" beyond the ends of a word


def load(public: Path, n_train: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training words (optionally a seeded subset of n_train) and test words."""
    train = pd.read_csv(public / "train.csv", dtype=str, keep_default_na=False)
    test = pd.read_csv(public / "test.csv", dtype=str, keep_default_na=False)
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


def aligned_letters(train: pd.DataFrame, rounds: int = 3) -> tuple[list[str], list[list[str]]]:
    """Training words that could be aligned, with the sound of each of their letters."""
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


def backoff(public: Path, windows: Sequence[tuple[int, int]], n_train: int | None = None, rounds: int = 3) -> pd.DataFrame:
    """Most frequent sound of each letter in the widest context window seen in training.

    `windows` lists (left, right) context sizes, widest first; the last should
    be (0, 0) so that every letter seen in training gets some sound.
    """
    train, test = load(public, n_train)
    words, alignments = aligned_letters(train, rounds)
    tables = []
    for left, right in windows:
        counts: dict[str, Counter] = defaultdict(Counter)
        for word, sounds in zip(words, alignments):
            for i, sound in enumerate(sounds):
                counts[context(word, i, left, right)][sound] += 1
        tables.append({key: c.most_common(1)[0][0] for key, c in counts.items()})

    def sound_of(word: str, i: int) -> str:
        for (left, right), table in zip(windows, tables):
            key = context(word, i, left, right)
            if key in table:
                return table[key]
        return ""

    return submission(test, [join_sounds(sound_of(w, i) for i in range(len(w))) for w in test["word"]])


def symmetric(width: int) -> list[tuple[int, int]]:
    """Windows (w, w), (w-1, w-1), ..., (0, 0), each also tried lopsided on the way down."""
    windows = []
    for w in range(width, 0, -1):
        windows += [(w, w), (w, w - 1), (w - 1, w)]
    return windows + [(0, 0)]


def tree_model(public: Path, make_model: Callable, width: int = 3, n_train: int | None = None) -> pd.DataFrame:
    """A classifier on the letter codes around each letter (letters as ordinals, # = 0)."""
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
    return submission(test, [join_sounds(next(predicted) for _ in word) for word in test["word"]])


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
