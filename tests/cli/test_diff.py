"""`kasales diff` on a real git repository (tests/gitrepo.py): every format, the gate, and the git errors."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gitrepo import BANK_AFTER, build, git, write

from kasales.cli.app import app
from kasales.io import git as gitmod

CHANGE_KEYS = ["id", "name", "file", "status", "moved", "before", "after", "flags_added", "flags_cleared"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared repository; tests that change it build their own."""
    root = tmp_path_factory.mktemp("diffrepo") / "profiles"
    build(root)
    return root


def run(runner: Any, monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str) -> Any:
    """`kasales ARGS` in ``cwd``, in English."""
    monkeypatch.chdir(cwd)
    return runner.invoke(app, [*args] if "--lang" in args else [*args, "--lang", "en"])


def doc(runner: Any, monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str) -> dict[str, Any]:
    result = run(runner, monkeypatch, cwd, "diff", *args, "--format", "json")
    assert result.exit_code in (0, 1, 2), result.stderr
    return json.loads(result.stdout)


def test_json_lists_every_kind_of_change(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    data = doc(runner, monkeypatch, repo, "v1")
    assert data["base"]["rev"] == "v1" and len(data["base"]["commit"]) == 40
    assert data["head"] == {"rev": None, "commit": None}  # the working tree
    changes = {c["id"]: c for c in data["changes"]}
    assert {k: (c["status"], c["moved"]) for k, c in changes.items()} == {
        "metro": ("changed", "up"), "bank": ("changed", "down"), "steel": ("changed", "same"),
        "gone": ("removed", None), "fresh": ("added", None),
        "broken": ("added", None),  # invalid at v1, so there was no account to compare with
    }
    assert all(list(c) == CHANGE_KEYS for c in data["changes"])
    metro = changes["metro"]
    assert (metro["before"]["verdict"], metro["after"]["verdict"]) == ("develop", "pursue")
    assert (metro["before"]["man"], metro["after"]["man"]) == ("MAn", "MAN")
    assert (metro["before"]["stage"], metro["after"]["stage"]) == ("approach", "present")
    assert metro["before"]["outcome"] == metro["after"]["outcome"] == "open"
    bank = changes["bank"]
    # credit 5 -> 2: 80 - 0.20 x 3/4 x 100 = 65.0, and a credit red flag makes the risk high
    assert (bank["before"]["score"], bank["after"]["score"]) == (80.0, 65.0)
    assert (bank["before"]["level"], bank["after"]["level"]) == ("low", "high")
    assert [(f["key"], f["severity"]) for f in bank["flags_added"]] == [("red_flag_credit", "high")]
    assert bank["flags_cleared"] == []
    steel = changes["steel"]  # renamed: the same account, matched by its id
    assert (steel["before"]["file"], steel["after"]["file"], steel["file"]) == (
        "accounts/old-steel.yaml", "accounts/steel.yaml", "accounts/steel.yaml")
    assert changes["gone"]["after"] is None and changes["gone"]["file"] == "accounts/gone.yaml"
    assert "scratch" not in json.dumps(data)  # git-ignored files are not part of the portfolio
    assert data["errors"] == [{"file": "accounts/broken.yaml", "line": 2, "column": 8, "severity": "error",
                               "rev": "v1", "message": "unknown value 'nowhere' for stage; expected one of: "
                               "prospect 寻找客户, evaluate 评估客户, approach 准备与接近客户, present 讲解与示范, "
                               "objections 处理客户异议, close 诱导成交"}]
    assert data["summary"] == {"up": 1, "down": 1, "added": 2, "removed": 1, "other": 1, "unchanged": 0,
                               "downgrades": 1}


def test_all_adds_unchanged_accounts(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    short = doc(runner, monkeypatch, repo, "HEAD")
    assert [(c["id"], c["status"]) for c in short["changes"]] == [("fresh", "added")]
    full = doc(runner, monkeypatch, repo, "HEAD", "--all")
    statuses = {c["id"]: (c["status"], c["moved"]) for c in full["changes"]}
    assert statuses == {"bank": ("unchanged", "same"), "broken": ("unchanged", "same"), "fresh": ("added", None),
                        "metro": ("unchanged", "same"), "steel": ("unchanged", "same")}
    assert full["summary"]["unchanged"] == 4


def test_to_compares_two_revisions(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    data = doc(runner, monkeypatch, repo, "v1", "--to", "HEAD")
    assert data["head"]["rev"] == "HEAD" and len(data["head"]["commit"]) == 40
    assert "fresh" not in {c["id"] for c in data["changes"]}  # untracked: not in HEAD
    merged = doc(runner, monkeypatch, repo, "HEAD~2", "--to", "HEAD~1")  # c2 -> the merge c4: bank only
    assert [(c["id"], c["moved"]) for c in merged["changes"]] == [("bank", "down")]
    # broken.yaml is invalid on both sides: listed twice, and the side compared (HEAD~1) makes it exit 2
    assert [e["rev"] for e in merged["errors"]] == ["HEAD~2", "HEAD~1"]
    assert run(runner, monkeypatch, repo, "diff", "HEAD~2", "--to", "HEAD~1").exit_code == 2


def test_paths_limit_the_diff_and_work_from_a_subfolder(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                        repo: Path) -> None:
    only = doc(runner, monkeypatch, repo, "v1", "accounts/metro.yaml")
    assert [c["id"] for c in only["changes"]] == ["metro"]
    sub = doc(runner, monkeypatch, repo / "accounts", "v1", ".")
    top = doc(runner, monkeypatch, repo, "v1")
    assert sub["changes"] == top["changes"]  # files stay relative to the repository's top level
    # the first argument is a path when such a file or folder exists
    as_path = doc(runner, monkeypatch, repo, "accounts")
    assert as_path["base"]["rev"] == "HEAD"


def test_table_groups_moved_up_down_new_removed_other(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                      repo: Path) -> None:
    result = run(runner, monkeypatch, repo, "diff", "v1")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    heads = ["Moved up (1)", "Moved down (1)", "New (2)", "Removed (1)", "Other changes (1)"]
    positions = [out.index(h) for h in heads]
    assert positions == sorted(positions)
    assert out.splitlines()[0] == "kasales diff: v1 → working tree"
    assert "develop → pursue" in out and "pursue → develop" in out
    assert "65.0 high" in out
    assert "+ red flag: credit 2" in out
    assert "renamed from" in out and "accounts/old-steel.yaml" in out
    assert "1 up · 1 down · 2 new · 1 removed · 1 other · 0 unchanged" in out
    assert "v1:accounts/broken.yaml:2:8: unknown value 'nowhere'" in out
    assert "Unchanged" not in out
    assert "Unchanged (4)" in run(runner, monkeypatch, repo, "diff", "HEAD", "--all").stdout
    assert result.stderr.startswith("kasales: 6 accounts changed (1 up, 1 down, 2 new, 1 removed), 0 unchanged")


def test_markdown_for_a_pull_request(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    result = run(runner, monkeypatch, repo, "diff", "v1", "--to", "HEAD", "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "## kasales diff: v1 → HEAD"
    assert "### ⬆️ Moved up (1)" in lines and "### ⬇️ Moved down (1)" in lines and "### 🗑️ Removed (1)" in lines
    assert "| account | verdict | MAN | score | stage | intel | flags |" in lines
    row = next(line for line in lines if "(`bank`)" in line)
    assert row == ("| Rural Bank (`bank`) | pursue → develop | MAN | 80.0 low → 65.0 high | prepare and approach "
                   "| 0% | + red flag: credit 2 |")
    assert "- `v1:accounts/broken.yaml:2:8: unknown value 'nowhere' for stage; expected one of: prospect 寻找客户, " \
           "evaluate 评估客户, approach 准备与接近客户, present 讲解与示范, objections 处理客户异议, " \
           "close 诱导成交` (at v1: does not stop the diff)" in lines
    zh = run(runner, monkeypatch, repo, "diff", "v1", "--to", "HEAD", "--format", "markdown", "--lang", "zh")
    assert zh.stdout.startswith("## kasales 变化: v1 → HEAD")
    assert "| Rural Bank (`bank`) | 全力推进 → 培育发展 | MAN | 80.0 低 → 65.0 高 |" in zh.stdout


def test_github_annotations_at_file_and_line(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    result = run(runner, monkeypatch, repo, "diff", "v1", "--format", "github")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    # account.id is on line 3 of these profiles (a comment, then `account:`)
    assert lines[:3] == [
        "::warning file=accounts/bank.yaml,line=3,title=kasales%3A moved down::Rural Bank (bank): pursue → develop, "
        "score 80.0 → 65.0",
        "::warning file=accounts/bank.yaml,line=3,title=kasales%3A new high flag::bank: red flag: credit 2",
        "::notice file=accounts/metro.yaml,line=3,title=kasales%3A moved up::Metro Group (metro): develop → pursue, "
        "score 80.0",
    ]
    assert "accounts/gone.yaml: gone status=removed moved=- verdict=disqualify score=80.0" in lines
    assert not any(line.startswith("::error") for line in lines)  # v1's invalid file is history, not an error


def test_fail_on_downgrade(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    tripped = run(runner, monkeypatch, repo, "diff", "v1", "--fail-on-downgrade")
    assert tripped.exit_code == 1
    assert ("accounts/bank.yaml: bank: moved down (pursue 80.0 → develop 65.0); gained a high flag: "
            "red flag: credit 2") in tripped.stderr
    assert tripped.stderr.rstrip().endswith("--fail-on-downgrade: 1 account")
    # metro moved up, steel was renamed, gone was removed, fresh is new: none is a downgrade
    assert run(runner, monkeypatch, repo, "diff", "HEAD~1", "--fail-on-downgrade").exit_code == 0
    assert run(runner, monkeypatch, repo, "diff", "v1", "accounts/metro.yaml", "--fail-on-downgrade").exit_code == 0


def test_invalid_profile_at_head_is_exit_2_with_an_error_annotation(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path: Path) -> None:
    build(tmp_path)
    write(tmp_path, "accounts/metro.yaml", "account: {id: metro}\nman: {money: maybe}\n")
    result = run(runner, monkeypatch, tmp_path, "diff", "HEAD", "--format", "github")
    assert result.exit_code == 2
    assert result.stdout.startswith("::error file=accounts/metro.yaml,line=2,col=14,title=kasales%3A invalid profile"
                                    "::unknown value 'maybe'")
    assert "accounts/metro.yaml:2:14: unknown value 'maybe'" in result.stderr
    data = json.loads(run(runner, monkeypatch, tmp_path, "diff", "HEAD", "--format", "json").stdout)
    assert [(e["file"], e["rev"]) for e in data["errors"]] == [("accounts/metro.yaml", None)]
    assert {c["id"]: c["status"] for c in data["changes"]}["metro"] == "removed"


def test_outside_a_repository(runner: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # never find a repository above tmp_path
    (tmp_path / "a.yaml").write_text("account: {id: a}\n", encoding="utf-8")
    result = run(runner, monkeypatch, tmp_path, "diff")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(".: not inside a git repository; run this in a clone of your profiles repository")


def test_unknown_revision_and_missing_path(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    result = run(runner, monkeypatch, repo, "diff", "no-such-branch")
    assert result.exit_code == 2
    assert result.stderr == "no-such-branch: unknown revision (not a branch, tag or commit of this repository)\n"
    to = run(runner, monkeypatch, repo, "diff", "HEAD", "--to", "v9")
    assert to.exit_code == 2 and to.stderr.startswith("v9: unknown revision")
    option_like = run(runner, monkeypatch, repo, "diff", "--", "--output=x")  # never passed to git as an option
    assert option_like.exit_code == 2 and option_like.stderr.startswith("--output=x: unknown revision")
    missing = run(runner, monkeypatch, repo, "diff", "HEAD", "nowhere/")
    assert missing.exit_code == 2
    assert missing.stderr == "nowhere: no such file or folder, neither at HEAD nor in the working tree\n"
    # a folder deleted from the working tree still exists at BASE: its accounts are removed, not an error
    gone = doc(runner, monkeypatch, repo, "v1", "accounts/gone.yaml")
    assert [(c["id"], c["status"]) for c in gone["changes"]] == [("gone", "removed")]


def test_shallow_clone_says_to_fetch_more_history(runner: Any, monkeypatch: pytest.MonkeyPatch, repo: Path,
                                                  tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True, capture_output=True)
    result = run(runner, monkeypatch, clone, "diff", "HEAD~1")
    assert result.exit_code == 2
    assert result.stderr == ("HEAD~1: revision not found in this shallow clone: fetch more history, e.g. "
                             "`git fetch --unshallow` (or `fetch-depth: 0` in actions/checkout)\n")
    assert run(runner, monkeypatch, clone, "diff", "HEAD").exit_code == 0  # what it has, it compares


def _state(repo: Path) -> tuple[str, str, bytes]:
    index = hashlib.sha256((repo / ".git" / "index").read_bytes()).hexdigest()
    files = sorted(str(p.relative_to(repo)) + str(p.stat().st_mtime_ns) for p in repo.rglob("*") if ".git" not in
                   p.parts)
    return index, "\n".join(files), git(repo, "status", "--porcelain").encode()


def test_one_cat_file_process_and_each_blob_read_once(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    build(tmp_path)
    write(tmp_path, "accounts/bank.yaml", BANK_AFTER.replace("Rural Bank", "Rural Bank Co"))  # unstaged edit
    before = _state(tmp_path)
    commands: list[list[str]] = []
    real_popen = subprocess.Popen

    def spy(cmd: list[str], *args: Any, **kwargs: Any) -> Any:
        commands.append(list(cmd))
        return real_popen(cmd, *args, **kwargs)

    reads: list[str] = []
    real_read = gitmod.BlobReader.read

    def read(self: gitmod.BlobReader, sha: str) -> bytes:
        reads.append(sha)
        return real_read(self, sha)

    monkeypatch.setattr(subprocess, "Popen", spy)
    monkeypatch.setattr(gitmod.BlobReader, "read", read)
    monkeypatch.setenv("KASALES_JOBS", "1")
    result = run(runner, monkeypatch, tmp_path, "diff", "v1", "--to", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert sum("cat-file" in cmd for cmd in commands) == 1
    assert len(reads) == len(set(reads))
    # v1: metro, bank, old-steel, gone, broken; HEAD: metro', bank', steel (= old-steel), broken' -> 8 blobs
    assert len(reads) == 8
    reads.clear()
    commands.clear()
    run(runner, monkeypatch, tmp_path, "diff", "HEAD")
    # against the working tree only what differs from HEAD is read from git: HEAD's bank.yaml (edited since);
    # the three unchanged files are read from the working tree and scored once for both sides
    assert len(reads) == 1 and sum("cat-file" in cmd for cmd in commands) == 1
    assert all(cmd[1] not in ("checkout", "stash", "reset", "add", "update-index") for cmd in commands)
    assert _state(tmp_path) == before  # no checkout, no stash, no index refresh written


def test_brief_invalid_names_an_invalid_file_once_for_the_hook(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    """Next to the kasales-validate hook, the diff hook says a file is invalid once and prints no problem twice."""
    build(tmp_path)
    write(tmp_path, "accounts/metro.yaml", "account: {id: metro}\nman: {money: maybe, authority: perhaps}\n")
    full = run(runner, monkeypatch, tmp_path, "diff", "HEAD")
    assert full.exit_code == 2 and "unknown value 'maybe'" in full.stdout and "unknown value 'perhaps'" in full.stdout
    brief = run(runner, monkeypatch, tmp_path, "diff", "HEAD", "--brief-invalid")
    assert brief.exit_code == 2  # still fails the commit
    assert "maybe" not in brief.stdout + brief.stderr and "perhaps" not in brief.stdout + brief.stderr
    named = [line for line in brief.stdout.splitlines() if line.startswith("accounts/metro.yaml")]
    assert named == ["accounts/metro.yaml:1:1: invalid profile (`kasales validate` shows every problem)"]
    zh = run(runner, monkeypatch, tmp_path, "diff", "HEAD", "--brief-invalid", "--lang", "zh")
    assert "accounts/metro.yaml:1:1: 无效档案 (`kasales validate` 列出全部问题)" in zh.stdout
