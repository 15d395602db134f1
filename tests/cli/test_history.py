"""`kasales history` on the real repository of tests/gitrepo.py: trails per account, each blob scored once."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gitrepo import build

from kasales.cli.app import app
from kasales.io import git as gitmod


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The shared repository and its commits (c1 ... c5)."""
    root = tmp_path_factory.mktemp("history") / "profiles"
    return root, build(root)


def run(runner: Any, monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str) -> Any:
    monkeypatch.chdir(cwd)
    return runner.invoke(app, [*args] if "--lang" in args else [*args, "--lang", "en"])


def trails(result: Any) -> dict[str, list[tuple[str, str, str, str | None, float | None]]]:
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    return {a["id"]: [(p["short"], p["status"], p["file"], p["verdict"], p["score"]) for p in a["points"]]
            for a in doc["accounts"]}


def test_every_account_at_every_commit_that_changed_it(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                       repo: tuple[Path, dict[str, str]]) -> None:
    root, c = repo
    s = {k: v[:7] for k, v in c.items()}
    result = run(runner, monkeypatch, root, "history", "accounts", "--format", "json")
    assert trails(result) == {
        # the merge c4 brings c3's version: shown once, at the commit that made the change
        "bank": [(s["c1"], "added", "accounts/bank.yaml", "pursue", 80.0),
                 (s["c3"], "changed", "accounts/bank.yaml", "develop", 65.0)],
        "broken": [(s["c5"], "changed", "accounts/broken.yaml", "pursue", 80.0)],  # invalid until c5
        "gone": [(s["c1"], "added", "accounts/gone.yaml", "disqualify", 80.0),
                 (s["c5"], "removed", "accounts/gone.yaml", None, None)],
        "metro": [(s["c1"], "added", "accounts/metro.yaml", "develop", 80.0),
                  (s["c2"], "changed", "accounts/metro.yaml", "pursue", 80.0)],
        # a rename is one change of the same account, not a removal and an addition
        "steel": [(s["c1"], "added", "accounts/old-steel.yaml", "nurture", 80.0),
                  (s["c5"], "changed", "accounts/steel.yaml", "nurture", 80.0)],
    }
    doc = json.loads(result.stdout)
    point = doc["accounts"][0]["points"][1]
    assert point["commit"] == c["c3"] and point["author"] == "Liu Yang"
    assert point["date"] == "2026-11-06T09:00:00+08:00"
    assert (point["man"], point["level"], point["stage"], point["outcome"]) == ("MAN", "high", "approach", "open")
    assert [(e["file"], e["line"], e["commit"]) for e in doc["errors"]] == [("accounts/broken.yaml", 2, s["c1"])]
    # c1's five files, metro at c2, bank at c3, broken at c5 (steel.yaml is old-steel.yaml's blob): 8
    assert doc["summary"] == {"accounts": 5, "points": 9, "commits": 5, "blobs_scored": 8}


def test_each_distinct_blob_is_read_once_through_one_process(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                             repo: tuple[Path, dict[str, str]]) -> None:
    reads: list[str] = []
    real_read = gitmod.BlobReader.read
    commands: list[list[str]] = []
    real_popen = subprocess.Popen

    def read(self: gitmod.BlobReader, sha: str) -> bytes:
        reads.append(sha)
        return real_read(self, sha)

    def spy(cmd: list[str], *args: Any, **kwargs: Any) -> Any:
        commands.append(list(cmd))
        return real_popen(cmd, *args, **kwargs)

    monkeypatch.setattr(gitmod.BlobReader, "read", read)
    monkeypatch.setattr(subprocess, "Popen", spy)
    assert run(runner, monkeypatch, repo[0], "history").exit_code == 0
    assert len(reads) == len(set(reads)) == 8
    assert sum("cat-file" in cmd for cmd in commands) == 1


def test_since_a_revision_or_a_date(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                    repo: tuple[Path, dict[str, str]]) -> None:
    root, c = repo
    after_v1 = trails(run(runner, monkeypatch, root, "history", "--since", "v1", "-f", "json"))
    assert [p[0] for p in after_v1["bank"]] == [c["c3"][:7]]
    assert "gone" in after_v1 and after_v1["gone"][0][1] == "removed"
    from_date = trails(run(runner, monkeypatch, root, "history", "--since", "2026-11-10", "-f", "json"))
    assert sorted(from_date) == ["broken", "gone", "steel"]


def test_csv_and_table(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: tuple[Path, dict[str, str]]) -> None:
    root, c = repo
    text = run(runner, monkeypatch, root, "history", "-f", "csv").stdout
    assert text.startswith("\ufeffid,name,")  # Excel on Chinese Windows reads it as UTF-8, like qualify's CSV
    assert run(runner, monkeypatch, root, "history", "-f", "csv", "--no-bom").stdout == text[1:]
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert list(rows[0]) == ["id", "name", "date", "commit", "author", "file", "status", "verdict", "man", "score",
                             "level", "stage", "outcome", "intel"]
    assert rows[1] == {"id": "bank", "name": "Rural Bank", "date": "2026-11-06", "commit": c["c3"][:7],
                       "author": "Liu Yang", "file": "accounts/bank.yaml", "status": "changed", "verdict": "develop",
                       "man": "MAN", "score": "65.0", "level": "high", "stage": "approach", "outcome": "open",
                       "intel": "0.00"}
    table = run(runner, monkeypatch, root, "history", "accounts/bank.yaml")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0] == "Rural Bank bank"
    assert lines[1].split() == ["date", "commit", "author", "change", "verdict", "score", "stage"]
    assert lines[3].split()[:7] == ["2026-11-06", c["c3"][:7], "Liu", "Yang", "changed", "develop", "65.0"]
    assert table.stderr == "kasales: 1 account, 2 points over 3 commits (2 distinct versions scored)\n"
    zh = run(runner, monkeypatch, root, "history", "accounts/bank.yaml", "--lang", "zh")
    assert zh.stdout.splitlines()[1].split()[:4] == ["日期", "提交", "作者", "变动"]
    assert "培育发展" in zh.stdout


def test_errors(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: tuple[Path, dict[str, str]],
                tmp_path: Path) -> None:
    root = repo[0]
    unknown = run(runner, monkeypatch, root, "history", "--since", "last-week")
    assert unknown.exit_code == 2 and unknown.stderr.startswith("last-week: unknown revision")
    bad_date = run(runner, monkeypatch, root, "history", "--since", "2026-13-01")
    assert bad_date.exit_code == 2
    assert bad_date.stderr == "2026-13-01: --since takes a date like 2026-11-01 or a revision\n"
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    outside = run(runner, monkeypatch, tmp_path, "history")
    assert outside.exit_code == 2 and "not inside a git repository" in outside.stderr
