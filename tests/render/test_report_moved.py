"""`kasales report --html --since`: the "moved since" section and each moved account's score trail (SVG)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from gitrepo import build

from kasales.cli.app import app


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("moved") / "profiles"
    commits = build(root)
    (root / "accounts/draft.scratch.yaml").unlink()  # an invalid scratch file would make report exit 2
    return root, commits


def page(runner: Any, monkeypatch: pytest.MonkeyPatch, root: Path, tmp_path: Path, *args: str) -> str:
    monkeypatch.chdir(root)
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "accounts", "--html", str(out), "--force", *args])
    assert result.exit_code == 0, result.stderr
    return out.read_text("utf-8")


def section(html: str) -> str:
    start = html.index('<h2 id="moved">')
    return html[start:html.index("<h2>", start)]


def test_moved_since_a_revision(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: tuple[Path, dict[str, str]],
                                tmp_path: Path) -> None:
    root, c = repo
    html = page(runner, monkeypatch, root, tmp_path, "--since", "v1", "--lang", "en")
    moved = section(html)
    assert f'Moved since v1 <span class="sub">(compared with {c["c1"][:7]})</span>' in moved
    rows = re.findall(r'<span class="badge g-(\w+)">', moved)
    assert rows == ["up", "down", "added", "added", "removed", "other"]  # grouped as `kasales diff` groups them
    bank = moved[moved.index("Rural Bank"):moved.index("</tr>", moved.index("Rural Bank"))]
    assert '<span class="badge v-pursue">pursue</span> → <span class="badge v-develop">develop</span>' in bank
    assert '<td class="num">80.0 → 65.0</td>' in bank
    # the trail: where it stood at v1, then each commit since that changed it
    assert 'aria-label="score at each commit: 80.0 → 65.0"' in bank
    assert f"<title>{c['c1'][:7]}: pursue, score 80.0</title>" in bank
    assert f"<title>2026-11-06 {c['c3'][:7]} Liu Yang: develop, score 65.0</title>" in bank
    assert 'points="4.0,8.4 136.0,11.7"' in bank  # 0-100 mapped onto the 30-unit-high line, 4 units of margin
    gone = moved[moved.index("Gone Ltd") - 40:]
    assert gone.startswith("<tr><td>Gone Ltd</td>") or "<td>Gone Ltd</td>" in gone  # removed: no link to nothing
    assert "style=" not in moved  # the page's CSP allows no inline style
    assert html.count('id="chart-movement"') == 1  # the counts are the movement chart's, drawn once


def test_moved_since_a_date_in_chinese(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                       repo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    root, c = repo
    moved = section(page(runner, monkeypatch, root, tmp_path, "--since", "2026-11-06", "--lang", "zh"))
    # the last commit before that day is c2: metro had already moved; the bank's downgrade came after
    assert f"自 2026-11-06 以来的变化 <span class=\"sub\">(对比版本 {c['c2'][:7]})</span>" in moved
    assert re.findall(r'<span class="badge g-(\w+)">([^<]+)</span>', moved)[0] == ("down", "下降")
    assert "得分 65.0" in moved


def test_no_section_without_since(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                  repo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    html = page(runner, monkeypatch, repo[0], tmp_path)
    assert 'id="moved"' not in html and 'id="chart-movement"' not in html


def test_since_a_bad_date_or_an_unknown_revision(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                  repo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    monkeypatch.chdir(repo[0])
    for since, error in (("v9", "v9: unknown revision"), ("2026-13-01", "2026-13-01: --since takes a date")):
        result = runner.invoke(app, ["report", "accounts", "--html", str(tmp_path / "r.html"), "--since", since,
                                     "--lang", "en"])
        assert result.exit_code == 2 and error in result.stderr
        assert not (tmp_path / "r.html").exists()


def test_the_terminal_report_takes_a_date_too(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                             repo: tuple[Path, dict[str, str]]) -> None:
    monkeypatch.chdir(repo[0])
    result = runner.invoke(app, ["report", "accounts", "--since", "2026-11-06", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert '"movement"' in result.stdout
