"""`kasales diff` and `history` keep a compact standing per account and version and write history account by
account: the same movement and the same output as the whole documents, in one process or in workers."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, generate_portfolio
from gitrepo import build, commit, git

from kasales.cli.app import app
from kasales.io.git import Repo
from kasales.io.history import history
from kasales.io.revisions import Scorer
from kasales.io.rubrics import default_rubric
from kasales.render.history import HistoryView, render_json, write_history


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/gitrepo.py's repository (renames, a merge, an invalid version, a deletion)."""
    root = tmp_path_factory.mktemp("movement") / "profiles"
    build(root)
    return root


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated portfolio of 140 profiles over three commits (enough blobs for worker processes)."""

    root = tmp_path_factory.mktemp("movement") / "big"
    files = generate_portfolio(root / "accounts", 140)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    commit(root, "portfolio", "2026-11-01T09:00:00+08:00")
    for step, date in ((0, "2026-11-08T09:00:00+08:00"), (1, "2026-11-15T09:00:00+08:00")):
        for path in files[step::7]:
            text = path.read_text(encoding="utf-8")
            for credit in "2345":  # a credit of 1: a high red flag raised (or one of 1 left as it was)
                text = text.replace(f"\n  credit: {credit}\n", "\n  credit: 1\n")
            path.write_text(text.replace("status: yes", "status: partial", 1) + "# reviewed\n", encoding="utf-8")
        files[step + 3].unlink()
        git(root, "add", "-A")
        commit(root, f"review {step}", date)
    return root


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_history_json_written_account_by_account_is_the_whole_document(repo: Path, lang: str,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    found = Repo.find(".")
    scorer = Scorer(found, default_rubric(), TODAY)
    try:
        walked = history(found, [Path("accounts")], None, scorer)
    finally:
        scorer.close()
    assert walked.problems and walked.trails  # an invalid version is listed with the accounts
    view = HistoryView(walked, default_rubric(), lang)
    out = io.StringIO()
    write_history("json", view, out)
    assert out.getvalue() == render_json(view)
    empty = HistoryView(type(walked)(), default_rubric(), lang)
    out = io.StringIO()
    write_history("json", empty, out)
    assert out.getvalue() == render_json(empty) and json.loads(out.getvalue())["accounts"] == []


def _run(runner: Any, monkeypatch: pytest.MonkeyPatch, cwd: Path, jobs: str, *args: str) -> Any:
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("KASALES_JOBS", jobs)
    return runner.invoke(app, [*args, "--lang", "zh"])


@pytest.mark.parametrize("args", [
    ("diff", "HEAD~2", "--to", "HEAD", "accounts", "--format", "json", "--all"),
    ("diff", "HEAD~1", "accounts", "--format", "markdown"),
    ("history", "accounts", "--format", "json"),
    ("history", "accounts", "--format", "csv"),
    ("history", "accounts"),
])
def test_workers_send_standings_that_give_the_same_movement(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                            portfolio: Path, args: tuple[str, ...]) -> None:
    alone = _run(runner, monkeypatch, portfolio, "1", *args)
    pooled = _run(runner, monkeypatch, portfolio, "2", *args)
    assert alone.exit_code == pooled.exit_code == 0, alone.stderr
    assert alone.stdout == pooled.stdout and alone.stderr == pooled.stderr
    if args[-1] == "--all":
        doc = json.loads(alone.stdout)
        statuses = {c["status"] for c in doc["changes"]}
        assert {"changed", "removed", "unchanged"} <= statuses
        # flags raised or cleared are found for the accounts whose flags differ, and only for them
        assert any(c["flags_added"] or c["flags_cleared"] for c in doc["changes"])
        assert not any(c["flags_added"] or c["flags_cleared"] for c in doc["changes"] if c["status"] == "unchanged")


@pytest.mark.parametrize("args", [("diff", "HEAD~1", "accounts"), ("history", "accounts", "--format", "json")])
def test_long_diff_and_history_runs_show_progress_on_stderr_only(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                                 portfolio: Path, args: tuple[str, ...]) -> None:
    import kasales.cli.progress

    monkeypatch.chdir(portfolio)
    quiet = runner.invoke(app, [*args, "--lang", "en"])
    monkeypatch.setattr(kasales.cli.progress, "interactive", lambda: True)
    monkeypatch.setattr(kasales.cli.progress, "MIN_FILES", 1)
    shown = runner.invoke(app, [*args, "--lang", "en"])
    assert shown.exit_code == quiet.exit_code == 0
    assert "scoring" in shown.stderr and "scoring" not in quiet.stderr
    assert shown.stdout == quiet.stdout  # the bar never reaches the output


@pytest.mark.parametrize("show_all", [False, True])
def test_diff_json_written_change_by_change_is_the_whole_document(repo: Path, show_all: bool,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from kasales.core.movement import compare
    from kasales.io.revisions import diff_sides
    from kasales.render.movement import DiffView, render, write

    monkeypatch.chdir(repo)
    found = Repo.find(".")
    scorer = Scorer(found, default_rubric(), TODAY)
    try:
        before, after = diff_sides(found, [Path("accounts")], "v1", None, scorer)
    finally:
        scorer.close()
    view = DiffView(before, after, compare(before.results, after.results), default_rubric(), "zh", show_all)
    assert view.problems() and view.changes  # the invalid version at v1 is in the document's errors
    out = io.StringIO()
    write(view, out)
    assert out.getvalue() == render(view)
    assert len(json.loads(out.getvalue())["changes"]) == (len(view.changes) if show_all else
                                                         sum(c.status != "unchanged" for c in view.changes))
