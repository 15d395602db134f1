"""`kasales report --html` in a real browser: headless Chromium runs the page's scripts offline and draws charts."""

from __future__ import annotations

import os
import re
import struct
import subprocess
from pathlib import Path

import pytest
from conftest import PROFILES

from kasales.cli.app import app

CHROMIUM = Path("/usr/bin/chromium")
CHARTS = ("chart-man", "chart-scatter", "chart-pipeline", "chart-roles")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND")  # no name resolves: the page must work with no network at all


def _chromium() -> Path:
    """The browser, or skip (locally) / fail (in CI, where .ci/install-browser must have provided it)."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {CHROMIUM} is missing: .ci/install-browser should have installed it")
    pytest.skip(f"{CHROMIUM} is not installed (run .ci/install-browser, or apt-get install chromium); "
                "set CI=1 to make this a failure")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo portfolio's dashboard in Chinese, written by the CLI."""
    from typer.testing import CliRunner

    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(app, ["report", str(PROFILES), "--html", str(out), "--lang", "zh"])
    assert result.exit_code == 0, result.stderr
    return out


def _run(browser: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # a fresh profile folder per run: no cache, no state from an earlier run can make the page look fine
    return subprocess.run([str(browser), *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_charts_render_offline_in_chromium(page: Path, tmp_path: Path) -> None:
    browser = _chromium()
    done = _run(browser, tmp_path / "profile-dom", "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    starts = [dom.find(f'id="{chart}"') for chart in CHARTS]
    assert all(i >= 0 for i in starts), "a chart div is missing from the DOM"
    segments = [dom[a:b] for a, b in zip(starts, [*starts[1:], len(dom)], strict=True)]
    # plotly marks a div it has drawn into and puts its svg layers inside: the scripts ran, offline
    drawn = [s for s in segments if "js-plotly-plot" in s[:200] and 'class="main-svg"' in s]
    assert len(drawn) == 4, [s[:200] for s in segments]
    assert dom.count('class="main-svg"') >= 4
    man = segments[0]
    for code in ("MAN", "MAn", "MaN", "mAN", "Man", "mAn", "maN", "man"):
        assert re.search(rf">{code}</text>", man), f"MAN cell {code} has no axis label"
    assert "准备与接近客户" in segments[2]  # Chinese stage labels drawn by plotly
    assert len(re.findall(r'class="point"', segments[1])) == 14  # one scatter point per account


def test_screenshot_of_the_dashboard(page: Path, tmp_path: Path) -> None:
    browser = _chromium()
    shot = tmp_path / "report.png"
    done = _run(browser, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1400,3000",
                "--hide-scrollbars", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1400, 3000)
    # a blank or unstyled page compresses to a few kB; four charts, tables and CJK text do not
    assert len(data) > 100_000
