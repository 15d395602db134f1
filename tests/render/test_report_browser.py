"""`kasales report --html` in a real browser: headless Chromium, JavaScript off and on, nothing fetched.

Checks are read from the DOM the browser built, the requests it made and the messages it logged
(DevTools protocol, see chromium.py): every chart is drawn with one mark per data point and no script,
the page's own script runs under its Content-Security-Policy (and a changed one would not), no
request leaves the page, personal notes stay out. A screenshot is saved (to $KASALES_SCREENSHOT_DIR
when set, so a person can look at it).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from chromium import CHROMIUM, Browser
from conftest import PROFILES, TODAY, generate_portfolio

from kasales.cli.app import app
from kasales.core.portfolio import summarize
from kasales.io.batch import run_batch
from kasales.io.rubrics import default_rubric

PERSONAL_NOTES = ("王主任周末常去长跑", "行业交流会闲聊", "谢总曾在合资主机厂任质量经理八年", "宋主任喜欢先看现场数据")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """The browser, or skip (locally) / fail (in CI, where .ci/install-browser must have provided it)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {CHROMIUM} is missing: .ci/install-browser should have installed it")
        pytest.skip(f"{CHROMIUM} is not installed (run .ci/install-browser, or apt-get install chromium); "
                    "set CI=1 to make this a failure")
    with Browser() as b:
        yield b


def _write_page(folder: Path, *args: str) -> Path:
    from typer.testing import CliRunner

    out = folder / "report.html"
    # module-scoped pages are written before the per-test fixture pins the date: pin it here too
    result = CliRunner().invoke(app, ["report", *args, "--html", str(out)], env={"KASALES_TODAY": TODAY.isoformat()})
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo portfolio's dashboard in Chinese, written by the CLI."""
    return _write_page(tmp_path_factory.mktemp("report"), str(PROFILES), "--lang", "zh")


class _Charts(HTMLParser):
    """Per chart figure: its marks (with their hover titles) and the text drawn in its SVG."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: dict[str, list[str]] = {}
        self.text: dict[str, str] = {}
        self._figure = ""
        self._in_mark_title = False
        self._in_svg = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "figure" and (values.get("id") or "").startswith("chart-"):
            self._figure = values["id"] or ""
            self.marks[self._figure], self.text[self._figure] = [], ""
        elif tag == "svg" and self._figure:
            self._in_svg = True
        elif tag in ("rect", "circle") and "mark" in (values.get("class") or "").split():
            self.marks[self._figure].append("")
        elif tag == "title" and self._figure and self.marks[self._figure] and self._in_svg:
            self._in_mark_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self._figure = ""
        elif tag == "svg":
            self._in_svg = False
        elif tag == "title":
            self._in_mark_title = False

    def handle_data(self, data: str) -> None:
        if self._in_mark_title:
            self.marks[self._figure][-1] += data
        elif self._in_svg and self._figure:
            self.text[self._figure] += data


def _expected_marks() -> dict[str, int]:
    """How many marks each chart must draw for the demo portfolio, from the aggregates themselves."""
    results = run_batch([PROFILES], default_rubric(), TODAY).results
    p = summarize(results)
    return {"chart-pipeline": sum(1 for _, counts in p.stage_verdict for n in counts if n),
            "chart-scatter": sum(1 for r in results if r.risk.score is not None and not r.closed),
            "chart-roles": len(p.role_coverage)}


def _save(name: str, png: bytes, tmp_path: Path) -> Path:
    shot = tmp_path / name
    shot.write_bytes(png)
    keep = os.environ.get("KASALES_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / name)
    return shot


def test_every_chart_is_drawn_without_javascript(browser: Browser, page: Path, tmp_path: Path) -> None:
    visit = browser.visit(page.as_uri(), javascript=False, height=3200, screenshot=True)
    assert 'class="js"' not in visit.dom  # the page's script really did not run
    charts = _Charts()
    charts.feed(visit.dom)
    expected = _expected_marks()
    assert {k: len(v) for k, v in charts.marks.items()} == expected
    assert expected["chart-scatter"] == 14 and expected["chart-roles"] == 5
    assert all(title.strip() for marks in charts.marks.values() for title in marks)  # hover text on every mark
    assert "长风汽车零部件股份有限公司" in " ".join(charts.marks["chart-scatter"])
    assert "准备与接近客户" in charts.text["chart-pipeline"]  # Chinese labels drawn in the SVG
    assert "决策人" in charts.text["chart-roles"]
    assert visit.requests == [page.as_uri()]  # nothing but the page itself
    assert visit.messages == []  # no CSP violation, no error
    png = _save("report-zh-no-js.png", visit.screenshot, tmp_path).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1400, 3200)
    assert len(png) > 100_000  # a blank or unstyled page compresses to a few kB; charts and CJK text do not


def test_the_script_runs_under_the_csp_and_opens_an_account(browser: Browser, page: Path, tmp_path: Path) -> None:
    visit = browser.visit(page.as_uri() + "#account-huadong-metro", height=1600, screenshot=True)
    _save("report-zh-account.png", visit.screenshot, tmp_path)
    assert 'class="js"' in visit.dom and "data-ready=" in visit.dom  # allowed by its hash, it ran to the end
    assert visit.messages == []
    assert visit.requests == [page.as_uri() + "#account-huadong-metro"] or visit.requests == [page.as_uri()]
    dialog = visit.dom[visit.dom.index('<dialog id="detail"'):]
    dialog = dialog[:dialog.index("</dialog>")]
    assert " open" in dialog.split(">")[0]
    for text in ("华东地铁集团", "2027 年信息化预算 3800 万已批复", "推荐策略"):
        assert text in dialog
    assert not any(note in visit.dom for note in PERSONAL_NOTES)


def test_a_changed_script_is_refused(browser: Browser, page: Path, tmp_path: Path) -> None:
    # the policy names the script by its hash: the same page with one character of it changed must not run it
    changed = tmp_path / "changed.html"
    changed.write_text(page.read_text(encoding="utf-8").replace('"use strict";', '"use strict"; '), encoding="utf-8")
    visit = browser.visit(changed.as_uri())
    assert 'class="js"' not in visit.dom
    assert any("Content Security Policy" in m for m in visit.messages), visit.messages


def test_the_request_check_would_see_a_request(browser: Browser, tmp_path: Path) -> None:
    # the check behind "nothing but the page itself": a page without a CSP that loads an image is seen asking
    probe = tmp_path / "probe.html"
    probe.write_text('<!DOCTYPE html><img src="http://example.invalid/x.png" alt="">', encoding="utf-8")
    assert "http://example.invalid/x.png" in browser.visit(probe.as_uri()).requests


def test_a_large_portfolio_is_paged(browser: Browser, tmp_path: Path) -> None:


    generate_portfolio(tmp_path / "many", 250)
    out = _write_page(tmp_path, str(tmp_path / "many"), "--lang", "en")
    visit = browser.visit(out.as_uri() + "#page-3")
    assert visit.messages == [] and "data-ready=" in visit.dom
    bodies = [part.split(">")[0] for part in visit.dom.split("<tbody id=")[1:]]
    assert [('hidden=""' in b) for b in bodies] == [True, True, False]  # the script showed page 3
    charts = _Charts()
    charts.feed(visit.dom)
    assert len(charts.marks["chart-scatter"]) == 250


# Tables and charts wider than the printable width of A4 (210 mm less 2 x 12 mm margins, at 96 px per inch)
A4_PX = round((210 - 24) / 25.4 * 96)
OVERFLOW = ("Array.from(document.querySelectorAll('table, svg, .tiles, .matrix'))"
            ".filter(e => e.getClientRects().length && e.getBoundingClientRect().right > "
            "document.documentElement.clientWidth + 1).map(e => e.id || e.className || e.tagName)")


def test_printed_on_a4_with_nothing_cut_off(browser: Browser, page: Path, tmp_path: Path) -> None:
    printed = browser.visit(page.as_uri(), pdf=True)
    boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", printed.screenshot))
    assert boxes and all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in boxes)  # A4 in points
    (tmp_path / "report.pdf").write_bytes(printed.screenshot)
    laid_out = browser.visit(page.as_uri(), width=A4_PX, media="print", evaluate=(OVERFLOW,))
    assert laid_out.values == [[]]  # no table, chart or grid sticks out of the paper's width


def test_dark_mode_changes_the_colours(browser: Browser, page: Path, tmp_path: Path) -> None:
    background = "getComputedStyle(document.body).backgroundColor"
    light = browser.visit(page.as_uri(), evaluate=(background,))
    dark = browser.visit(page.as_uri(), dark=True, height=1200, screenshot=True, evaluate=(background,))
    _save("report-zh-dark.png", dark.screenshot, tmp_path)
    assert light.values == ["rgb(245, 247, 250)"] and dark.values == ["rgb(18, 23, 29)"]
