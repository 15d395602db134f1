"""Hostile names and file names through `kasales diff` and `kasales history` (the git-based renderers)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gitrepo import build, git, write
from test_injection import TOKENS, assert_inert, assert_markdown_inert

from kasales.cli.app import app

HOSTILE = "".join(TOKENS[:12]) + "".join(TOKENS[14:20])
FILE_NAME = "::error file=x::y\x1b[2J\n::warning::z.yaml"


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The diff repository, plus a committed account that then changes, both with hostile text."""
    root = tmp_path_factory.mktemp("hostilerepo") / "profiles"
    build(root)
    data = {"account": {"id": "evil", "name": HOSTILE, "owner": HOSTILE}, "stage": "approach",
            "man": {"money": "yes", "authority": "yes", "need": "yes"},
            "stakeholders": [{"name": HOSTILE, "roles": ["decision_maker"], "attitude": "opponent"}]}
    write(root, f"accounts/{FILE_NAME}", json.dumps(data, ensure_ascii=True))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "hostile")
    git(root, "tag", "v2")
    data["man"]["need"] = "no"
    write(root, f"accounts/{FILE_NAME}", json.dumps(data, ensure_ascii=True))
    return root


@pytest.mark.parametrize("args", [["diff", "v1"], ["diff", "v1", "-f", "markdown"], ["diff", "v2", "-f", "markdown"],
                                  ["diff", "v2"], ["diff", "v1", "-f", "github"], ["history"],
                                  ["history", "-f", "csv"]])
def test_hostile_text_is_inert_in_diff_and_history(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                     hostile_repo: Path, args: list[str]) -> None:
    monkeypatch.chdir(hostile_repo)
    result = runner.invoke(app, [*args, "--lang", "en"])
    where = " ".join(args)
    assert result.exit_code in (0, 1, 2), f"{where}: {result.stderr}"
    assert_inert(result.stdout, where, github="github" in args)
    assert_inert(result.stderr, where + " (stderr)")
    if "markdown" in args:
        assert_markdown_inert(result.stdout, where)
