"""`kasales report --since REV`: what moved since a revision, as a chart on the page and counts in the JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from gitrepo import build

from kasales.cli.app import app


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/gitrepo.py's history: since v1 metro moved up, bank down, fresh and broken are new, gone removed."""
    root = tmp_path_factory.mktemp("reportrepo") / "profiles"
    build(root)
    (root / "accounts" / "draft.scratch.yaml").unlink()  # ignored by git, but the report would read it
    return root


def test_json_counts_what_moved_since_the_revision(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["report", "accounts", "--since", "v1", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    movement = json.loads(result.stdout)["movement"]
    assert movement["since"] == "v1"
    assert movement["counts"] == {"up": 1, "down": 1, "added": 2, "removed": 1, "other": 1}
    assert movement["accounts"] == {"up": ["metro"], "down": ["bank"], "added": ["broken", "fresh"],
                                    "removed": ["gone"], "other": ["steel"]}  # steel: renamed, same verdict
    plain = json.loads(runner.invoke(app, ["report", "accounts", "--format", "json"]).stdout)
    assert "movement" not in plain


def test_page_draws_the_movement_chart(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    monkeypatch.chdir(repo)
    out = repo.parent / "page.html"
    result = runner.invoke(app, ["report", "accounts", "--since", "v1", "--html", str(out), "--lang", "zh"])
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    figure = page[page.index('<figure class="card chart" id="chart-movement">'):]
    figure = figure[:figure.index("</figure>")]
    assert "自 v1 以来的变化" in figure
    marks = re.findall(r'<rect class="mark g-(\w+)"[^>]*><title>([^<]*)</title>', figure)
    assert [name for name, _ in marks] == ["up", "down", "added", "removed", "other"]
    assert dict(marks)["down"] == "下降: 1 — Rural Bank"


def test_terminal_report_says_what_moved(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["report", "accounts", "--since", "v1", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == \
        "Since v1: 1 up · 1 down · 2 new · 1 removed · 1 other · 0 unchanged"


def test_since_outside_a_repository_is_a_usage_error(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("account: {id: a, name: A}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", ".", "--since", "HEAD", "--format", "json", "--lang", "en"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "git" in result.stderr
