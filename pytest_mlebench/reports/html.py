"""A self-contained HTML page of a session: the medal table and, per competition,
where the agent's score falls in the leaderboard's score distribution.

Plots are drawn with matplotlib as inline SVG, so the page is one file that
opens anywhere with no network. The leaderboard's scores come from the
competition folder's `leaderboard.csv` when it ships one (the starter
suite's reference fields); for Kaggle's leaderboards, which are not shipped,
from the 41 score quantiles stored in the definition (each band between two
quantiles holds 2.5% of the teams); failing both, only the thresholds are drawn.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import pandas as pd

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.records import RunResult, write_atomically
from pytest_mlebench.reports.figures import FIGURES, set_figures
from pytest_mlebench.reports.terminal import isolation_lines, totals

MEDAL_COLOURS = {"gold": "#d4a017", "silver": "#8c8c8c", "bronze": "#a0522d", "median": "#4a7fb5"}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border-bottom: 1px solid #ddd; padding: .3em .8em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.gold { color: #b8860b; font-weight: bold; } .silver { color: #707070; font-weight: bold; }
.bronze { color: #a0522d; font-weight: bold; } .invalid { color: #b00020; }
section { margin: 2em 0; } .note { color: #555; font-size: .9em; }
"""


def leaderboard_scores(competition_id: str) -> list[float] | None:
    competition = load_competitions().get(competition_id)
    path = competition.folder / "leaderboard.csv" if competition else None
    if path is None or not path.exists():
        return None
    return pd.read_csv(path)["score"].dropna().tolist()


def leaderboard_quantiles(competition_id: str) -> tuple[float, ...]:
    competition = load_competitions().get(competition_id)
    return competition.leaderboard.score_quantiles if competition else ()


def _draw_quantiles(ax, quantiles: tuple[float, ...]) -> None:
    """A histogram from quantiles: equal mass between neighbours, so the height is mass / width.

    Bands of zero width (many teams on one score, such as a perfect 1.0) are widened to a
    sliver of the range so they show as a tall bar rather than vanish."""
    import numpy as np

    edges = np.asarray(quantiles, dtype=float)
    span = (edges[-1] - edges[0]) or 1.0
    widths = np.maximum(np.diff(edges), span / 400)
    heights = (1.0 / (len(edges) - 1)) / widths
    ax.bar(edges[:-1], heights, width=widths, align="edge", color="#c9d6e8", edgecolor="#8aa2c4",
           linewidth=0.3, label="leaderboard")


def distribution_svg(runs: list[RunResult], scores: list[float] | None,
                     quantiles: tuple[float, ...] = ()) -> str:
    """The leaderboard's scores as a histogram, the thresholds as lines, the agent's scores as markers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    first = runs[0]
    fig, ax = plt.subplots(figsize=(7.5, 2.6))
    if scores:
        ax.hist(scores, bins=min(30, max(5, len(scores) // 2)), color="#c9d6e8", edgecolor="#8aa2c4", label="leaderboard")
    elif len(quantiles) > 1:
        _draw_quantiles(ax, quantiles)
    for name in ("gold", "silver", "bronze", "median"):
        value = getattr(first, f"{name}_threshold")
        if value is not None:
            ax.axvline(value, color=MEDAL_COLOURS[name], linestyle="--" if name == "median" else "-", linewidth=1.5,
                       label=f"{name} {value:.5g}")
    agent_scores = [r.score for r in runs if r.score is not None]
    for score in agent_scores:
        ax.axvline(score, color="#c2185b", linewidth=2.5)
    if agent_scores:
        ax.plot([], [], color="#c2185b", linewidth=2.5, label="agent")
    ax.set_yticks([])
    ax.set_xlabel(f"score ({'lower' if first.is_lower_better else 'higher'} is better)")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    fig.tight_layout()
    buffer = io.StringIO()
    # the same runs give the same page (a merge of shards equals the local session): no date, fixed ids
    with matplotlib.rc_context({"svg.hashsalt": "pytest-mlebench"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]  # drop the XML prologue: the SVG is inlined in HTML


def _cell(value, css: str = "num") -> str:
    text = "-" if value is None else (f"{value:.5g}" if isinstance(value, float) else str(value))
    return f'<td class="{css}">{html.escape(text)}</td>'


def render(results: list[RunResult], agent: str | None) -> str:
    t = totals(results)
    rows = []
    for r in sorted(results, key=lambda r: (r.competition_id, r.seed)):
        medal = r.medal or ("above median" if r.above_median else "-")
        problem = "missing" if r.missing else "sandbox error" if r.sandbox_failed else "invalid"
        status = "graded" if r.valid_submission else f"{problem}: {r.error or ''}"
        rows.append(
            "<tr>" + _cell(r.competition_id, "") + _cell(r.seed) + _cell(r.score)
            + f'<td class="{r.medal or ""}">{html.escape(medal)}</td>'
            + "".join(_cell(getattr(r, f"{m}_threshold")) for m in ("gold", "silver", "bronze", "median"))
            + _cell(f"{r.agent_seconds:.0f} s") + _cell(r.isolation, "" if r.isolation in ("bwrap", "docker") else "invalid")
            + f'<td class="{"" if r.valid_submission else "invalid"}">{html.escape(status)}</td></tr>'
        )
    figure_rows = [
        "<tr>" + _cell(set_name, "") + "".join(_cell(figures[name].text()) for name in FIGURES) + "</tr>"
        for set_name, figures in set_figures(results).items()
    ]
    sections = []
    by_competition: dict[str, list[RunResult]] = {}
    for r in results:
        by_competition.setdefault(r.competition_id, []).append(r)
    for competition_id, runs in sorted(by_competition.items()):
        scores = leaderboard_scores(competition_id)
        quantiles = () if scores else leaderboard_quantiles(competition_id)
        kind = runs[0].leaderboard
        shown = "" if scores else (" (distribution from 41 stored quantiles)" if quantiles else " (thresholds only)")
        note = {
            "reference": "leaderboard: a reference field of our own solutions",
            "kaggle": "leaderboard: Kaggle's historical private leaderboard" + shown,
        }.get(kind, "no leaderboard: medals unavailable")
        sections.append(
            f'<section><h3>{html.escape(competition_id)}</h3><p class="note">{html.escape(note)}</p>'
            f"{distribution_svg(runs, scores, quantiles)}</section>"
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>mlebench report: {html.escape(agent or "")}</title>
<style>{STYLE}</style></head><body>
<h1>mlebench report: agent {html.escape(agent or "?")}</h1>
<p>{t.runs} runs · valid {t.percent(t.valid):.1f}% · above median {t.percent(t.above_median):.1f}% ·
any medal {t.percent(t.medals):.1f}% · gold {t.gold} · silver {t.silver} · bronze {t.bronze}</p>
{"".join(f'<p class="{"note" if line.startswith("isolation:") else "invalid"}">{html.escape(line)}</p>' for line in isolation_lines(results))}
<table><tr><th>set</th><th>any medal</th><th>above median</th><th>valid</th></tr>{"".join(figure_rows)}</table>
<table><tr><th>competition</th><th>seed</th><th>score</th><th>medal</th><th>gold</th><th>silver</th><th>bronze</th>
<th>median</th><th>time</th><th>isolation</th><th>status</th></tr>{"".join(rows)}</table>
<h2>Scores against the leaderboards</h2>
{"".join(sections)}
</body></html>
"""


def write_html_report(path: Path, results: list[RunResult], agent: str | None) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, render(results, agent))
