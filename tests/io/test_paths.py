"""Which files `kasales validate/qualify` read: files and folders mixed, sorted, hidden skipped, odd paths reported."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from kasales.cli.app import app


def _profile(folder: Path, rel: str, account_id: str | None = None) -> Path:
    """A minimal valid profile at folder/rel whose account id is unique unless given."""
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    ident = account_id or rel.replace("/", "_").replace(".", "_")
    path.write_text(f"account: {{id: {ident}}}\nstage: approach\n", encoding="utf-8")
    return path


def _qualified_files(runner: Any, *args: str) -> tuple[int, list[str], dict[str, Any]]:
    result = runner.invoke(app, ["qualify", *args, "--format", "json", "--lang", "en"])
    doc = json.loads(result.stdout)
    return result.exit_code, [r["file"] for r in doc["results"]], doc


def test_files_and_folders_mixed_in_given_order(runner: Any, tmp_path: Path) -> None:
    single = _profile(tmp_path, "single.yaml")
    folder = tmp_path / "accounts"
    b = _profile(folder, "b.yaml")
    a = _profile(folder, "a.yaml")
    code, files, _ = _qualified_files(runner, str(folder), str(single))
    assert code == 0
    assert files == [str(a), str(b), str(single)]


def test_folders_are_searched_recursively_in_sorted_order(runner: Any, tmp_path: Path) -> None:
    # created out of order on purpose: the order comes from sorting, not from the file system
    for rel in ("z.yaml", "m/b.yaml", "a.yaml", "b/c.yaml", "m/a/deep.yaml", "b/a.yaml"):
        _profile(tmp_path, rel)
    code, files, _ = _qualified_files(runner, str(tmp_path))
    assert code == 0
    # each folder's own files first (sorted), then its subfolders (sorted), depth first
    expected = ["a.yaml", "z.yaml", "b/a.yaml", "b/c.yaml", "m/b.yaml", "m/a/deep.yaml"]
    assert files == [str(tmp_path / rel) for rel in expected]


def test_hidden_folders_and_files_and_other_suffixes_are_skipped(runner: Any, tmp_path: Path) -> None:
    kept = _profile(tmp_path, "kept.yaml")
    _profile(tmp_path, ".git/config.yaml")
    _profile(tmp_path, ".hidden/account.yaml")
    _profile(tmp_path, ".draft.yaml")
    (tmp_path / "notes.txt").write_text("stage: approach\n", encoding="utf-8")
    (tmp_path / "account.json").write_text("{}", encoding="utf-8")
    code, files, doc = _qualified_files(runner, str(tmp_path))
    assert code == 0
    assert files == [str(kept)]
    assert doc["errors"] == []


def test_yml_suffix_is_accepted(runner: Any, tmp_path: Path) -> None:
    short = _profile(tmp_path, "short.yml")
    code, files, _ = _qualified_files(runner, str(tmp_path))
    assert code == 0
    assert files == [str(short)]


def test_a_file_named_explicitly_is_read_whatever_its_suffix(runner: Any, tmp_path: Path) -> None:
    odd = _profile(tmp_path, "account.txt")
    code, files, _ = _qualified_files(runner, str(odd))
    assert code == 0
    assert files == [str(odd)]


def test_the_same_file_twice_is_scored_once(runner: Any, tmp_path: Path) -> None:
    one = _profile(tmp_path, "one.yaml")
    code, files, _ = _qualified_files(runner, str(one), str(tmp_path))
    assert code == 0
    assert files == [str(one)]


@pytest.mark.parametrize("command", ["validate", "qualify"])
def test_missing_path_is_a_usage_error_naming_it(runner: Any, tmp_path: Path, command: str) -> None:
    _profile(tmp_path, "real.yaml")
    missing = tmp_path / "no-such-folder"
    result = runner.invoke(app, [command, str(tmp_path), str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.stderr
    assert "no such file or folder" in result.stderr
    assert result.stdout == ""  # nothing is scored when the command line itself is wrong


def test_duplicate_account_id_names_both_files(runner: Any, tmp_path: Path) -> None:
    first = _profile(tmp_path, "a/first.yaml", account_id="same-id")
    second = _profile(tmp_path, "b/second.yaml", account_id="same-id")
    code, files, doc = _qualified_files(runner, str(tmp_path))
    assert code == 2
    assert files == [str(first)]  # the first one is scored, the clash is an error on the second
    assert len(doc["errors"]) == 1
    error = doc["errors"][0]
    assert error["file"] == str(second)
    assert (error["line"], error["column"]) == (1, 15)  # `account: {id: same-id}`: the id value
    assert "same-id" in error["message"] and str(first) in error["message"]


def test_validate_reports_duplicate_ids_too(runner: Any, tmp_path: Path) -> None:
    first = _profile(tmp_path, "first.yaml", account_id="twin")
    second = _profile(tmp_path, "second.yaml", account_id="twin")
    result = runner.invoke(app, ["validate", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stdout == f"{second}:1:15: duplicate account id 'twin': also used by {first}\n"


def test_profiles_without_id_are_known_by_file_name(runner: Any, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "acme.yaml").write_text("stage: approach\n", encoding="utf-8")
    (tmp_path / "b" / "acme.yaml").write_text("stage: close\n", encoding="utf-8")
    code, files, doc = _qualified_files(runner, str(tmp_path))
    assert code == 2
    assert files == [str(tmp_path / "a" / "acme.yaml")]
    assert doc["results"][0]["account"]["id"] == "acme"
    assert "duplicate account id 'acme'" in doc["errors"][0]["message"]


def test_folder_named_like_a_profile_is_reported(runner: Any, tmp_path: Path) -> None:
    good = _profile(tmp_path, "good.yaml")
    (tmp_path / "x.yaml").mkdir()
    _profile(tmp_path, "x.yaml/inner.yaml")  # a folder named x.yaml is reported, not searched
    result = runner.invoke(app, ["validate", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stdout == f"{tmp_path / 'x.yaml'}:1:1: is a folder named like a profile; skipped\n"
    code, files, _ = _qualified_files(runner, str(tmp_path))
    assert code == 2
    assert files == [str(good)]


def test_folder_named_like_a_profile_given_explicitly_is_searched(runner: Any, tmp_path: Path) -> None:
    folder = tmp_path / "portfolio.yaml"
    inner = _profile(folder, "inner.yaml")
    code, files, doc = _qualified_files(runner, str(folder))
    assert code == 0  # named on the command line, a folder is a folder to search, whatever its name
    assert files == [str(inner)]
    assert doc["errors"] == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loop_is_reported_without_hanging(tmp_path: Path) -> None:
    root = tmp_path / "accounts"
    _profile(root, "good.yaml")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")  # accounts/sub/up -> accounts: an endless tree
    done = subprocess.run([sys.executable, "-m", "kasales", "validate", str(root)], capture_output=True,
                          timeout=20, cwd=REPO, env={**os.environ, "KASALES_LANG": "en"}, check=False)
    out = done.stdout.decode()
    assert done.returncode == 2
    assert out == f"{root / 'sub' / 'up'}:1:1: symbolic link loop; skipped\n"
    # good.yaml is read once, not once per lap; the loop itself counts as a rejected input
    assert "2 files, 1 valid, 1 invalid" in done.stderr.decode()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlinked_profile_and_folder_inside_the_root_are_followed_once(runner: Any, tmp_path: Path) -> None:
    portfolio = tmp_path / "portfolio"
    real = _profile(portfolio, "2026/acme.yaml")
    os.symlink("2026", portfolio / "current")  # accounts/current -> 2026: an alias, not a loop
    os.symlink(real, portfolio / "acme-latest.yaml")
    code, files, doc = _qualified_files(runner, str(portfolio))
    assert code == 0, doc["errors"]
    assert files == [str(portfolio / "acme-latest.yaml")]  # the same file under three names: scored once


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_leading_outside_the_root_is_reported_and_not_read(runner: Any, tmp_path: Path) -> None:
    outside = _profile(tmp_path, "elsewhere/acme.yaml")
    portfolio = tmp_path / "portfolio"
    portfolio.mkdir()
    os.symlink(outside, portfolio / "acme.yaml")
    os.symlink(outside.parent, portfolio / "more")
    code, files, doc = _qualified_files(runner, str(portfolio))
    assert code == 2 and files == []
    assert [(e["file"], e["message"]) for e in doc["errors"]] == [
        (str(portfolio / "acme.yaml"), "symbolic link leading outside the folder being searched; skipped"),
        (str(portfolio / "more"), "symbolic link leading outside the folder being searched; skipped")]
    # named on the command line, a link is the user's choice: followed
    assert _qualified_files(runner, str(portfolio / "acme.yaml"))[1] == [str(portfolio / "acme.yaml")]


def _deny(monkeypatch: pytest.MonkeyPatch, name: str, denied: Path) -> None:
    """Make ``os.<name>(denied)`` fail with EACCES, as for a non-root user (root reads everything, chmod or not)."""
    real = getattr(os, name)

    def fake(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
        if os.path.abspath(os.fsdecode(path)) == str(denied):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, name, fake)


def test_a_subfolder_that_cannot_be_listed_is_a_rejected_input(runner: Any, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    kept = _profile(tmp_path, "a.yaml")
    locked = tmp_path / "locked"
    _profile(locked, "lost.yaml")
    _deny(monkeypatch, "scandir", locked)  # os.walk lists folders with os.scandir
    code, files, doc = _qualified_files(runner, str(tmp_path))
    assert code == 2  # its profiles are not silently lost
    assert files == [str(kept)]
    assert [(e["file"], e["line"], e["message"]) for e in doc["errors"]] == \
        [(str(locked), 1, "cannot read folder: Permission denied")]
    assert doc["summary"] == {"files": 2, "scored": 1, "rejected": 1}


def test_a_folder_given_directly_that_cannot_be_listed_is_reported(runner: Any, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    other = _profile(tmp_path / "other", "b.yaml")
    locked = tmp_path / "locked"
    _profile(locked, "lost.yaml")
    _deny(monkeypatch, "scandir", locked)
    result = runner.invoke(app, ["qualify", str(locked), str(other), "--format", "json", "--lang", "zh"])
    assert result.exit_code == 2
    assert f"{locked}:1:1: 无法读取目录: 权限不足" in result.stderr  # the system's reason in Chinese too
    assert [r["file"] for r in json.loads(result.stdout)["results"]] == [str(other)]


def test_a_path_that_cannot_be_looked_at_is_not_called_missing(runner: Any, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # a file under a folder that cannot be searched: lstat fails with EACCES, not ENOENT
    hidden = tmp_path / "private" / "c.yaml"
    other = _profile(tmp_path, "b.yaml")
    _deny(monkeypatch, "lstat", hidden)
    code, files, doc = _qualified_files(runner, str(hidden), str(other))
    assert code == 2
    assert files == [str(other)]  # the others are still scored
    assert [(e["file"], e["line"], e["column"], e["message"]) for e in doc["errors"]] == \
        [(str(hidden), 1, 1, "cannot read: Permission denied")]
    # a path that is really not there is still a usage error, and nothing is scored
    gone = runner.invoke(app, ["qualify", str(tmp_path / "gone.yaml"), str(other), "--lang", "en"])
    assert gone.exit_code == 2
    assert f"{tmp_path / 'gone.yaml'}: no such file or folder" in gone.stderr
    assert gone.stdout == ""
