"""The HTML report: one self-contained page, and its plots really render in a browser."""

import re
import shutil
import subprocess

import pytest
from PIL import Image

from tests.support.paths import FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT / "competitions"
AGENT_COLOUR = (0xC2, 0x18, 0x5B)  # the agent's score line in html_report
GOLD_COLOUR = (0xD4, 0xA0, 0x17)
HISTOGRAM_COLOUR = (0xC9, 0xD6, 0xE8)  # bars of the leaderboard's scores (tiny-labels ships leaderboard.csv)


@pytest.fixture(scope="module")
def html_report(tmp_path_factory):
    """A real session: the dummy agent on the tiny competitions, with --mle-html."""
    import os
    import sys

    root = tmp_path_factory.mktemp("html")
    (root / "pyproject.toml").write_text("[tool.pytest.ini_options]\nmle_collect = true\n")
    env = {**os.environ, "MLEBENCH_COMPETITIONS_DIR": str(FIXTURES),
           "MLEBENCH_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}
    subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--agent=dummy",
                    f"--mle-html={root / 'report.html'}", "-q"], cwd=root, env=env, check=True, capture_output=True)
    return root / "report.html"


def test_page_is_self_contained_with_a_plot_per_competition(html_report):
    page = html_report.read_text()
    assert page.count("<svg") == 2
    assert re.findall(r'(?:src|href)="(?!#|data:)[^"]*"', page) == []  # nothing to fetch: one file is the report
    assert "tiny-labels" in page and "tiny-regression" in page
    assert "a reference field of our own solutions" in page
    assert "<td class=\"num\">0.3</td>" in page  # the dummy's score on tiny-labels


def _colour_count(image: Image.Image, colour, tolerance=40) -> int:
    pixels = image.convert("RGB").get_flattened_data() if hasattr(image, "get_flattened_data") else image.convert("RGB").getdata()
    return sum(1 for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, colour)))


def test_browser_renders_the_plots(html_report, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it")
    shot = tmp_path / "page.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=1200,1600", html_report.as_uri()], check=True, capture_output=True, timeout=120)
    image = Image.open(shot)
    assert _colour_count(image, AGENT_COLOUR) > 100, "no agent score line visible in the rendered page"
    assert _colour_count(image, GOLD_COLOUR) > 50, "no gold threshold line visible in the rendered page"
    assert _colour_count(image, HISTOGRAM_COLOUR, tolerance=12) > 500, "no leaderboard histogram in the rendered page"


def test_kaggle_competitions_are_drawn_from_their_stored_quantiles():
    """Kaggle's leaderboards are not shipped: the plot comes from the 41 quantiles in the definition."""
    from pytest_mlebench.competitions import get_competition
    from pytest_mlebench.records import RunResult
    from pytest_mlebench.reports.html import distribution_svg, leaderboard_quantiles, render

    quantiles = leaderboard_quantiles("spooky-author-identification")
    assert len(quantiles) == 41 and quantiles == get_competition("spooky-author-identification").leaderboard.score_quantiles
    run = RunResult.from_dict({
        "competition_id": "spooky-author-identification", "agent": "a", "seed": 0, "score": 0.35627,
        "valid_submission": True, "submission_exists": True, "error": None, "medal": None, "above_median": True,
        "gold_threshold": 0.16506, "silver_threshold": 0.26996, "bronze_threshold": 0.29381,
        "median_threshold": 0.418785, "is_lower_better": True, "leaderboard": "kaggle", "num_teams": 1242,
        "sets": ["lite"], "domains": ["nlp"], "known_issues": [], "time_limit": 60, "agent_seconds": 1.0,
        "timed_out": False, "exit_code": 0, "killed_processes": 0, "sandbox": "local", "isolation": "bwrap",
        "network": False, "prepare_seconds": 0.0, "setup_seconds": 0.0, "grading_seconds": 0.0, "run_dir": "",
        "submission_path": "", "log_path": "", "created_at": "",
    })
    with_bars = distribution_svg([run], None, quantiles)
    without = distribution_svg([run], None, ())
    assert with_bars.count("<path") >= without.count("<path") + 40  # one bar per band between quantiles
    assert "distribution from 41 stored quantiles" in render([run], "a")
