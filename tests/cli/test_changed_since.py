"""`--changed-since REV` on qualify, validate and checklist: only the profiles a change touched are judged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gitrepo import GONE, METRO_BEFORE, build, commit, git, write

from kasales.cli.app import app


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared repository of tests/gitrepo.py (not changed by these tests)."""
    root = tmp_path_factory.mktemp("changed") / "profiles"
    build(root)
    return root


def run(runner: Any, monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str) -> Any:
    monkeypatch.chdir(cwd)
    return runner.invoke(app, [*args, "--lang", "en"])


def files(result: Any) -> list[str]:
    assert result.exit_code in (0, 1), result.stderr
    return [r["file"] for r in json.loads(result.stdout)["results"]]


def test_added_modified_renamed_and_untracked_are_judged(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                         repo: Path) -> None:
    result = run(runner, monkeypatch, repo, "qualify", "accounts", "--changed-since", "v1", "--format", "json")
    # metro and bank modified (bank through the merge), steel renamed, broken fixed, fresh untracked; gone.yaml
    # was deleted and draft.scratch.yaml is ignored by git: neither is judged
    assert files(result) == ["accounts/bank.yaml", "accounts/broken.yaml", "accounts/fresh.yaml",
                             "accounts/metro.yaml", "accounts/steel.yaml"]
    assert files(run(runner, monkeypatch, repo, "qualify", "accounts", "--changed-since", "HEAD", "-f", "json")) == [
        "accounts/fresh.yaml"]
    # from a subfolder, paths are as the current folder sees them
    sub = run(runner, monkeypatch, repo / "accounts", "qualify", ".", "--changed-since", "HEAD~1", "-f", "json")
    assert files(sub) == ["broken.yaml", "fresh.yaml", "steel.yaml"]


def test_staged_and_unstaged_edits_count(runner: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    build(tmp_path)
    write(tmp_path, "accounts/metro.yaml", METRO_BEFORE)  # unstaged
    write(tmp_path, "accounts/bank.yaml", GONE.replace("gone", "bank"))
    git(tmp_path, "add", "accounts/bank.yaml")  # staged
    result = run(runner, monkeypatch, tmp_path, "qualify", "accounts", "--changed-since", "HEAD", "-f", "json")
    assert files(result) == ["accounts/bank.yaml", "accounts/fresh.yaml", "accounts/metro.yaml"]


def test_a_gate_judges_only_what_changed(runner: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    build(tmp_path)
    write(tmp_path, "accounts/gone.yaml", GONE)  # a disqualified account, committed: a legitimate record
    git(tmp_path, "add", "-A")
    commit(tmp_path, "gone is back", "2026-11-12T09:00:00+08:00")
    (tmp_path / "accounts/draft.scratch.yaml").unlink()  # git ignores it; plain `qualify` would reject it
    everything = run(runner, monkeypatch, tmp_path, "qualify", "accounts", "--fail-on", "disqualify")
    assert everything.exit_code == 1
    changed = run(runner, monkeypatch, tmp_path, "qualify", "accounts", "--fail-on", "disqualify",
                  "--changed-since", "HEAD")
    assert changed.exit_code == 0, changed.stderr  # only fresh.yaml (nurture) is judged
    write(tmp_path, "accounts/gone.yaml", GONE.replace("Gone Ltd", "Gone Ltd."))  # now this PR touches it
    again = run(runner, monkeypatch, tmp_path, "qualify", "accounts", "--fail-on", "disqualify",
                "--changed-since", "HEAD")
    assert again.exit_code == 1
    assert "accounts/gone.yaml: gate failed: verdict is disqualify" in again.stderr


def test_validate_judges_only_changed_files(runner: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    build(tmp_path)
    git(tmp_path, "checkout", "-q", "v1", "--", "accounts/broken.yaml")  # the invalid version, staged
    assert run(runner, monkeypatch, tmp_path, "validate", "accounts").exit_code == 2
    bad = run(runner, monkeypatch, tmp_path, "validate", "accounts", "--changed-since", "HEAD")
    assert bad.exit_code == 2
    assert bad.stdout == ("accounts/broken.yaml:2:8: unknown value 'nowhere' for stage; expected one of: "
                          "prospect 寻找客户, evaluate 评估客户, approach 准备与接近客户, present 讲解与示范, "
                          "objections 处理客户异议, close 诱导成交\n")
    git(tmp_path, "commit", "-q", "-m", "break it")
    # committed, it is no longer a change since HEAD: only the untracked fresh.yaml is checked
    ok = run(runner, monkeypatch, tmp_path, "validate", "accounts", "--changed-since", "HEAD", "-f", "json")
    assert ok.exit_code == 0
    assert json.loads(ok.stdout)["valid"] == ["accounts/fresh.yaml"]


def test_nothing_changed_is_exit_0_with_an_empty_payload(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                         repo: Path) -> None:
    args = ("accounts/metro.yaml", "--changed-since", "HEAD")
    table = run(runner, monkeypatch, repo, "qualify", *args)
    assert table.exit_code == 0 and table.stdout == ""
    assert table.stderr == "kasales: no profile under accounts/metro.yaml changed since HEAD; nothing to judge\n"
    doc = json.loads(run(runner, monkeypatch, repo, "qualify", *args, "-f", "json").stdout)
    assert doc == {"results": [], "errors": [], "summary": {"files": 0, "scored": 0, "rejected": 0}}
    assert run(runner, monkeypatch, repo, "qualify", *args, "-f", "csv").stdout.startswith("\ufefffile,id,name,")
    valid = run(runner, monkeypatch, repo, "validate", *args, "-f", "json")
    assert valid.exit_code == 0 and json.loads(valid.stdout)["valid"] == []
    listed = run(runner, monkeypatch, repo, "checklist", "accounts/steel.yaml", "accounts/bank.yaml", *args[1:],
                 "-f", "json")
    assert listed.exit_code == 0 and json.loads(listed.stdout) == []


def test_checklist_keeps_its_shape(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    many = run(runner, monkeypatch, repo, "checklist", "accounts", "--changed-since", "HEAD", "-f", "json")
    assert many.exit_code == 0, many.stderr
    assert [a["file"] for a in json.loads(many.stdout)] == ["accounts/fresh.yaml"]  # a list, as for any folder
    default = run(runner, monkeypatch, repo, "checklist", "--changed-since", "HEAD~1", "-f", "json")
    assert sorted(a["account"]["id"] for a in json.loads(default.stdout)) == ["broken", "fresh", "steel"]


def test_git_errors_exit_2(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path, tmp_path: Path) -> None:
    unknown = run(runner, monkeypatch, repo, "qualify", "accounts", "--changed-since", "origin/main")
    assert unknown.exit_code == 2
    assert unknown.stderr == "origin/main: unknown revision (not a branch, tag or commit of this repository)\n"
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "a.yaml").write_text("account: {id: a}\n", encoding="utf-8")
    outside = run(runner, monkeypatch, tmp_path, "validate", "a.yaml", "--changed-since", "HEAD")
    assert outside.exit_code == 2 and "not inside a git repository" in outside.stderr
    missing = run(runner, monkeypatch, repo, "qualify", "nowhere", "--changed-since", "HEAD")
    assert missing.exit_code == 2 and missing.stderr == "nowhere: no such file or folder\n"
