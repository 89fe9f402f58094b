"""tensorflow2-question-answering raw data in small: Kaggle's simplified-nq-train.jsonl (and
simplified-nq-test.jsonl, unused), a bit over two of MLE-bench's 1,000-line chunks so that the
last chunk is a short one. Quirks: 64-bit example and annotation ids (negative ones too),
yes/no answers, several or no short answers, long answers missing (-1), unicode, quotes,
slashes and HTML in the text, URLs."""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = ("<P>", "</P>", "<Table>", "the", "Zoë", "\"quoted\"", "a/b", "東京", "1,000", "&amp;", "--", "é", "\\")


def _example(rng: random.Random) -> dict:
    tokens = [rng.choice(WORDS) for _ in range(rng.randint(8, 30))]
    candidates = []
    for _ in range(rng.randint(0, 3)):
        start = rng.randint(0, len(tokens) - 2)
        candidates.append({"start_token": start, "top_level": rng.random() < 0.7,
                           "end_token": rng.randint(start + 1, len(tokens))})
    if candidates and rng.random() < 0.6:
        index = rng.randrange(len(candidates))
        long = {"start_token": candidates[index]["start_token"], "candidate_index": index,
                "end_token": candidates[index]["end_token"]}
    else:
        long = {"start_token": -1, "candidate_index": -1, "end_token": -1}
    shorts = []
    if long["start_token"] != -1:
        for _ in range(rng.choice((0, 1, 1, 2))):
            shorts.append({"start_token": long["start_token"], "end_token": long["end_token"]})
    yes_no = rng.choice(("NONE",) * 8 + ("YES", "NO")) if long["start_token"] != -1 else "NONE"
    return {
        "document_text": " ".join(tokens),
        "long_answer_candidates": candidates,
        "question_text": " ".join(rng.choice(("who", "what is", "when did", "naïve", "'s")) for _ in range(3)),
        "annotations": [{"yes_no_answer": yes_no, "long_answer": long, "short_answers": shorts,
                         "annotation_id": rng.randint(10**17, 2**63 - 1)}],
        "document_url": f"https://en.wikipedia.org//w/index.php?title=T{rng.randint(1, 999)}&oldid={rng.randint(1, 10**9)}",
        "example_id": rng.choice((1, -1)) * rng.randint(10**17, 2**63 - 1),
    }


def make(raw: Path, rng: random.Random) -> None:
    lines = 2000 + rng.randint(2, 150)
    with open(raw / "simplified-nq-train.jsonl", "w", encoding="utf-8") as handle:
        for _ in range(lines):
            handle.write(json.dumps(_example(rng), ensure_ascii=rng.random() < 0.5) + "\n")
    with open(raw / "simplified-nq-test.jsonl", "w", encoding="utf-8") as handle:
        example = _example(rng)
        del example["annotations"]
        handle.write(json.dumps(example) + "\n")
