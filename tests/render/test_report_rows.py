"""`kasales report --html` keeps its page bounded: the account table shows the first --max-rows accounts (best
verdict, then highest score) with a visible note of how many more there are and how to list them all."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, TODAY, generate_portfolio

from kasales.cli.app import app
from kasales.core.scoring import VERDICT_ORDER
from kasales.io.batch import run_batch
from kasales.io.rubrics import default_rubric

ACCOUNTS = 30
MARKER = "PERSONAL-NOTE-MARKER-rows19"
PERSONAL = f"""\
account: {{id: zz-personal, name: Personal Co, updated: 2026-11-20}}
man: {{money: yes, authority: yes, need: yes}}
evaluation: {{need_degree: 5, need_volume: 5, purchasing_power: 5, decision_authority: 5, credit: 5}}
intel:
  personal:
    interests: {{status: partial, note: "{MARKER}", source: "{MARKER}"}}
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """29 generated accounts and one with a personal note that scores at the top of the table."""
    out = tmp_path_factory.mktemp("rows") / "accounts"
    generate_portfolio(out, ACCOUNTS - 1)
    (out / "personal.yaml").write_text(PERSONAL, "utf-8")
    return out


def _page(runner: Any, folder: Path, tmp_path: Path, *args: str) -> str:
    out = tmp_path / "page.html"
    done = runner.invoke(app, ["report", str(folder), "--html", str(out), "--force", *args])
    assert done.exit_code == 0, done.stderr
    return out.read_text("utf-8")


def _table_ids(page: str) -> list[str]:
    table = page[page.index('id="account-table"'):page.index("</table>", page.index('id="account-table"'))]
    return [unescape(i) for i in re.findall(r'<tr data-i="\d+"><td><a href="#account-([^"]+)"', table)]


def _heading(page: str) -> str:
    found = re.search(r'<h2 id="accounts">(.*?) <span', page)
    assert found
    return found.group(1)


def _order(folder: Path) -> list[str]:
    """Every account in the table's order (best verdict, then highest score), from the whole results."""
    results = run_batch([folder], default_rubric(), TODAY).results
    results.sort(key=lambda r: (VERDICT_ORDER.index(r.verdict), -(r.risk.score if r.risk.score is not None else -1),
                                r.account.id))
    return [r.account.id for r in results]


def _data(page: str) -> dict[str, Any]:
    text = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert text
    return json.loads(text.group(1))


def test_the_table_shows_the_first_max_rows_accounts_with_a_note(runner: Any, folder: Path, tmp_path: Path) -> None:
    page = _page(runner, folder, tmp_path, "--max-rows", "10", "--lang", "en")
    assert _table_ids(page) == _order(folder)[:10]
    note = re.search(r'<p class="notice" id="table-cut">(.*?)</p>', page, re.S)
    assert note, "the cut is announced"
    every = f"kasales qualify {folder} --format csv"
    assert unescape(note.group(1)).startswith(f"20 more accounts not shown - use `{every}` for all.")
    assert "--max-rows N" in unescape(note.group(1))
    assert _heading(page) == "The first 10 accounts"
    # every account the page names opens its details; no personal note travels with them
    data = _data(page)
    named = {unescape(i) for i in re.findall(r'href="#account-([^"]+)"', page)}
    assert named == {data["t"][a["id"]] for a in data["a"]}
    assert MARKER not in page
    assert "zz-personal" in _table_ids(page)  # the account was shown: its note was left out, not the account


def test_max_rows_0_or_a_large_limit_lists_every_account_without_a_note(runner: Any, folder: Path,
                                                                      tmp_path: Path) -> None:
    every = _page(runner, folder, tmp_path, "--max-rows", "0", "--lang", "en")
    assert _table_ids(every) == _order(folder) and 'id="table-cut"' not in every
    assert _heading(every) == "All accounts"
    default = _page(runner, folder, tmp_path, "--lang", "en")  # 30 accounts are well under the default limit
    assert default == every


def test_the_note_is_in_chinese_too(runner: Any, folder: Path, tmp_path: Path) -> None:
    page = _page(runner, folder, tmp_path, "--max-rows", "25", "--lang", "zh")
    assert len(_table_ids(page)) == 25
    assert "另有 5 个客户未显示" in page and _heading(page) == "前 25 个客户"


def test_the_note_is_visible_in_a_browser(runner: Any, folder: Path, tmp_path: Path) -> None:
    from chromium import CHROMIUM, Browser

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    page = tmp_path / "capped.html"
    page.write_text(_page(runner, folder, tmp_path, "--max-rows", "10", "--lang", "en"), "utf-8")
    with Browser() as browser:
        visit = browser.visit(page.as_uri(), javascript=True, height=2400)
    assert 'class="js"' in visit.dom  # the page's script ran (sorting, details) with the cut table
    assert re.search(r'<p class="notice" id="table-cut">20 more accounts not shown', visit.dom)
    assert len(re.findall(r'<tr data-i="\d+"', visit.dom)) == 10
    assert visit.messages == []  # no script error, no CSP violation


def test_a_profile_on_standard_input_gets_its_details_on_the_page(runner: Any, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    text = (REPO / "profiles" / "contoso-precision.yaml").read_text("utf-8")
    done = runner.invoke(app, ["report", "-", "--html", str(out)], input=text)
    assert done.exit_code == 0, done.stderr
    data = _data(out.read_text("utf-8"))
    assert [data["t"][a["id"]] for a in data["a"]] == ["contoso-precision"]  # scored again for its details
    assert data["t"][data["a"][0]["file"]] == "<stdin>"
