"""Grading speed: our metric functions against a straightforward row-by-row pandas version.

For each metric family that MLE-bench's competitions use (AUC, log loss, RMSE,
accuracy / macro F1, MAP@k, Levenshtein, word Jaccard, Dice on RLE masks) it
builds a random submission and answers of N rows, times our function and a
plain `DataFrame.itertuples()` loop computing the same number, checks the two
agree, and prints both times and their ratio (reference / ours). It also times
the whole grading path (CSV reading, id matching, checks, metric) on 1M-row
tabular submissions, against the target of under 2 seconds, and against the same path reading
the CSVs with plain `pd.read_csv(path, float_precision="round_trip")` instead of our exact
pandas-2.2 reading (read="inferred"), printing their ratio.

    python benchmarks/grading_speed.py [--sizes 10000 100000 1000000] [--whole-path-only]
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench import metrics
from pytest_mlebench.competitions import load_competition
from pytest_mlebench.grading import checks
from pytest_mlebench.grading.grade import score_submission
from pytest_mlebench.metrics._common import split_rows
from pytest_mlebench.metrics.segmentation import rle_counts

RNG = np.random.default_rng(0)
WORDS = np.array("the a of to in ink salt whale tweet price cat dog blue red green fast slow".split())


# -- the row-by-row references: one Python step per row, as a first attempt would be ------------


def ref_rmse(frame: pd.DataFrame) -> float:
    total = 0.0
    for row in frame.itertuples(index=False):
        total += (row.y - row.p) ** 2
    return math.sqrt(total / len(frame))


def ref_log_loss(frame: pd.DataFrame) -> float:
    eps = np.finfo(float).eps
    total = 0.0
    for row in frame.itertuples(index=False):
        p = min(max(row.p, eps), 1 - eps)
        total -= math.log(p) if row.y == 1 else math.log(1 - p)
    return total / len(frame)


def ref_auc(frame: pd.DataFrame) -> float:
    """Mann-Whitney: for each positive, the negatives scored below it (ties count one half)."""
    ordered = frame.sort_values("p")
    below = ties = positives = 0
    rank_sum = 0.0
    previous, run_neg, run_pos = None, 0, 0
    for row in ordered.itertuples(index=False):
        if row.p != previous:
            rank_sum += run_pos * (below + run_neg / 2)
            below += run_neg
            run_neg = run_pos = 0
            previous = row.p
        if row.y == 1:
            run_pos += 1
            positives += 1
        else:
            run_neg += 1
    rank_sum += run_pos * (below + run_neg / 2)
    negatives = len(frame) - positives
    del ties
    return rank_sum / (positives * negatives)


def ref_accuracy(frame: pd.DataFrame) -> float:
    hits = 0
    for row in frame.itertuples(index=False):
        hits += row.y == row.p
    return hits / len(frame)


def ref_macro_f1(frame: pd.DataFrame) -> float:
    tp, fp, fn = Counter(), Counter(), Counter()
    for row in frame.itertuples(index=False):
        if row.y == row.p:
            tp[row.y] += 1
        else:
            fp[row.p] += 1
            fn[row.y] += 1
    classes = set(tp) | set(fp) | set(fn)
    return sum(2 * tp[c] / (2 * tp[c] + fp[c] + fn[c]) for c in classes) / len(classes)


def ref_map_at_k(frame: pd.DataFrame, k: int = 5) -> float:
    total = 0.0
    for row in frame.itertuples(index=False):
        actual, guesses = row.y.split(), row.p.split()[:k]
        hits, score = 0, 0.0
        for rank, guess in enumerate(guesses, start=1):
            if guess in actual and guess not in guesses[: rank - 1]:
                hits += 1
                score += hits / rank
        total += score / min(len(actual), k) if actual else 0.0
    return total / len(frame)


def ref_levenshtein(frame: pd.DataFrame) -> float:
    total = 0
    for row in frame.itertuples(index=False):
        a, b = row.y, row.p
        previous = list(range(len(b) + 1))
        for i, ca in enumerate(a, start=1):
            current = [i]
            for j, cb in enumerate(b, start=1):
                current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
            previous = current
        total += previous[-1]
    return total / len(frame)


def ref_jaccard(frame: pd.DataFrame) -> float:
    total = 0.0
    for row in frame.itertuples(index=False):
        a, b = set(row.y.lower().split()), set(row.p.lower().split())
        total += len(a & b) / len(a | b) if a | b else 0.0
    return total / len(frame)


def ref_dice(frame: pd.DataFrame, n_pixels: int) -> float:
    total = 0.0
    for row in frame.itertuples(index=False):
        masks = []
        for rle in (row.y, row.p):
            mask = np.zeros(n_pixels, dtype=bool)
            numbers = [int(x) for x in rle.split()]
            for start, length in zip(numbers[0::2], numbers[1::2]):
                mask[start - 1 : start - 1 + length] = True
            masks.append(mask)
        size = masks[0].sum() + masks[1].sum()
        total += 1.0 if size == 0 else 2 * (masks[0] & masks[1]).sum() / size
    return total / len(frame)


# -- random inputs --------------------------------------------------------------------------


def sentences(n: int, words: int = 6) -> np.ndarray:
    picks = RNG.integers(0, len(WORDS), size=(n, words))
    return np.array([" ".join(row) for row in WORDS[picks]])


def rles(n: int, n_pixels: int) -> np.ndarray:
    starts = RNG.integers(1, n_pixels // 2, size=n)
    lengths = RNG.integers(1, n_pixels // 4, size=n)
    return np.array([f"{s} {length}" for s, length in zip(starts, lengths)])


def families(n: int) -> list[tuple[str, pd.DataFrame, callable, callable]]:
    """(name, frame with y and p, our function on the frame, reference on the frame)."""
    y01 = RNG.integers(0, 2, n)
    prob = np.clip(y01 * 0.3 + RNG.random(n) * 0.7, 0, 1).round(4)
    labels = RNG.integers(0, 20, n).astype(str)
    guesses = np.where(RNG.random(n) < 0.6, labels, RNG.integers(0, 20, n).astype(str))
    ranked = np.array([" ".join(RNG.permutation(20)[:5].astype(str)) for _ in range(min(n, 1000))])
    ranked = np.resize(ranked, n)
    words = RNG.integers(0, 50, n).astype(str)
    inchi_a = np.array([f"C{i % 97}H{i % 31}N{i % 7}O{i % 5}" for i in range(n)])
    inchi_b = np.array([s[::-1] if i % 3 == 0 else s for i, s in enumerate(inchi_a)])
    n_pixels = 1024
    return [
        ("AUC", pd.DataFrame({"y": y01, "p": prob}), lambda f: metrics.roc_auc(f.y, f.p), ref_auc),
        ("log loss", pd.DataFrame({"y": y01, "p": prob}), lambda f: metrics.binary_log_loss(f.y, f.p), ref_log_loss),
        ("RMSE", pd.DataFrame({"y": RNG.normal(size=n), "p": RNG.normal(size=n)}),
         lambda f: metrics.rmse(f.y, f.p), ref_rmse),
        ("accuracy", pd.DataFrame({"y": labels, "p": guesses}), lambda f: metrics.accuracy(f.y, f.p), ref_accuracy),
        ("macro F1", pd.DataFrame({"y": labels, "p": guesses}), lambda f: metrics.macro_f1(f.y, f.p), ref_macro_f1),
        ("MAP@5", pd.DataFrame({"y": words, "p": ranked}),
         lambda f: metrics.map_at_k(split_rows(f.y), split_rows(f.p), k=5), ref_map_at_k),
        ("Levenshtein", pd.DataFrame({"y": inchi_a, "p": inchi_b}),
         lambda f: metrics.mean_levenshtein(f.y, f.p), ref_levenshtein),
        ("word Jaccard", pd.DataFrame({"y": sentences(n), "p": sentences(n)}),
         lambda f: metrics.mean_word_jaccard(f.y, f.p), ref_jaccard),
        ("Dice (RLE)", pd.DataFrame({"y": rles(n, n_pixels), "p": rles(n, n_pixels)}),
         lambda f: metrics.mean_dice(rle_counts(f.y, f.p, n_pixels)), lambda f: ref_dice(f, n_pixels)),
    ]


def timed(function, *args) -> tuple[float, float]:
    started = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - started, float(value)


def full_grading_seconds(n: int, metric: str, plain_read: bool = False) -> float:
    """Whole path on a generic competition: CSV read, id matching, checks, metric. With plain_read,
    the files are read by pd.read_csv(path, float_precision="round_trip") (the reading before ours)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bench"
        folder.mkdir()
        kind = "probability" if metric == "roc_auc" else "number"
        (folder / "competition.toml").write_text(
            f'id = "bench"\nname = "bench"\nsets = ["starter"]\ndomains = ["tabular"]\n'
            f'[grading]\nmetric = "{metric}"\nlower_is_better = false\nid_column = "id"\n'
            f'target_columns = ["target"]\nkind = "{kind}"\nread = "inferred"\n'
            f'[leaderboard]\nkind = "reference"\n'
        )
        (folder / "description.md").write_text("benchmark\n")
        competition = load_competition(folder)
        ids = RNG.permutation(n)
        truth = RNG.integers(0, 2, n) if metric == "roc_auc" else RNG.normal(size=n)
        private = Path(tmp) / "private"
        private.mkdir()
        pd.DataFrame({"id": np.arange(n), "target": truth}).to_csv(private / "answers.csv", index=False)
        submission = Path(tmp) / "submission.csv"
        pd.DataFrame({"id": ids, "target": RNG.random(n).round(6)}).to_csv(submission, index=False)
        original = checks._read_csv
        if plain_read:
            checks._read_csv = lambda path, read: pd.read_csv(path, float_precision="round_trip") \
                if read == "inferred" else original(path, read)
        try:
            started = time.perf_counter()
            score_submission(competition, submission, private)
            return time.perf_counter() - started
        finally:
            checks._read_csv = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--whole-path-only", action="store_true", help="skip the metric families")
    args = parser.parse_args()
    print(f"{'family':<14}{'rows':>10}{'ours (s)':>11}{'row-by-row (s)':>16}{'ratio':>9}")
    for n in [] if args.whole_path_only else args.sizes:
        for name, frame, ours, reference in families(n):
            our_seconds, our_value = timed(ours, frame)
            ref_seconds, ref_value = timed(reference, frame)
            if not math.isclose(our_value, ref_value, rel_tol=1e-6, abs_tol=1e-9):
                raise SystemExit(f"{name}: ours gives {our_value}, the reference {ref_value}")
            print(f"{name:<14}{n:>10,}{our_seconds:>11.3f}{ref_seconds:>16.3f}{ref_seconds / our_seconds:>8.1f}x")
    n = max(args.sizes)
    for metric in ("rmse", "roc_auc"):
        seconds = full_grading_seconds(n, metric)
        plain = full_grading_seconds(n, metric, plain_read=True)
        verdict = "meets" if seconds < 2.0 else "MISSES"
        print(f"whole grading path, {metric}, {n:,} rows (CSV read + id match + checks): {seconds:.2f} s "
              f"({verdict} the 2 s target); with plain pd.read_csv round_trip: {plain:.2f} s, "
              f"ratio {seconds / plain:.2f}x")


if __name__ == "__main__":
    main()
