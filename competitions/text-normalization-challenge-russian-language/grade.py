"""Text Normalization (Russian): share of tokens whose `after` text is exactly right.

MLE-bench grades both languages with the same code, so this is the English
competition's `grade` (its docstring has the rules): columns `id` and `after`,
one row per test token in any order, cells compared as pandas 2's text, a blank
or `NA`-like cell reading as "nan" on both sides.
"""

from __future__ import annotations

from pathlib import Path

from pytest_mlebench.competitions import load_competition

ENGLISH = "text-normalization-challenge-english-language"

grade = load_competition(Path(__file__).resolve().parent.with_name(ENGLISH)).code("grade").grade
