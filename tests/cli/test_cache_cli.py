"""The result cache as a user meets it: a warm run prints exactly what a cold one does, and anything that
changes a result (the file, the rubric, the day, an option) is scored again; garbage in the cache is ignored."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROFILES, TODAY
from typer.testing import CliRunner

from kasales.cli.app import app

BAD = "account:\n  name: Broken\n  stage: nowhere\n"
NOTE = "王主任周末常去长跑"  # a personal note in profiles/huadong-metro.yaml (SPEC §5: personal data)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with the demo profiles and one invalid file; the cache on, its secret under tmp_path."""
    shutil.copytree(PROFILES, tmp_path / "accounts")
    (tmp_path / "accounts" / "broken.yaml").write_text(BAD, encoding="utf-8")
    monkeypatch.delenv("KASALES_NO_CACHE")
    monkeypatch.delenv("KASALES_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


def entries(folder: Path = Path(".kasales_cache")) -> list[Path]:
    return sorted(folder.rglob("*.json"))


COMMANDS = [
    ("qualify", "accounts", "--format", "json"),
    ("qualify", "accounts", "--format", "json", "--include-personal", "--fail-on", "disqualify"),
    ("qualify", "accounts"),
    ("qualify", "accounts", "--format", "csv"),
    ("qualify", "accounts", "--format", "markdown"),
    ("qualify", "accounts", "--format", "github"),
    ("validate", "accounts"),
    ("validate", "accounts", "--format", "json"),
    ("validate", "accounts", "--format", "github"),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[2:]) or a[0])
def test_a_warm_run_prints_exactly_what_a_cold_one_and_no_cache_do(work: Path, args: tuple[str, ...],
                                                                     lang: str) -> None:
    uncached = run(*args, "--lang", lang, "--no-cache")
    assert not Path(".kasales_cache").exists()  # --no-cache writes nothing
    cold = run(*args, "--lang", lang)
    warm = run(*args, "--lang", lang)
    assert uncached == cold == warm
    assert uncached[0] == 2  # broken.yaml: its problem comes back from the cache as path:line:column
    assert "accounts/broken.yaml:3:3: " in uncached[2] + uncached[1]


def test_the_json_and_validate_runs_are_served_from_the_cache(work: Path) -> None:
    run("qualify", "accounts", "--format", "json")
    first = entries()
    assert len(first) == 17  # 16 accounts and the rejected file
    inodes = {p: p.stat().st_ino for p in first}
    run("qualify", "accounts", "--format", "json")
    assert entries() == first and all(p.stat().st_ino == inodes[p] for p in first)  # nothing written again
    run("validate", "accounts")
    assert len(entries()) == 34  # validate keeps its own entries (it only loads)


def test_a_changed_file_is_scored_again_and_only_it(work: Path) -> None:
    _, before, _ = run("qualify", "accounts", "--format", "json")
    target = work / "accounts" / "huadong-metro.yaml"
    target.write_text(target.read_text("utf-8") + "# reviewed\n", encoding="utf-8")  # new bytes, same result
    count = len(entries())
    assert run("qualify", "accounts", "--format", "json")[1] == before
    assert len(entries()) == count + 1  # one new entry: the changed file's
    target.write_text(target.read_text("utf-8").replace("name: 华东地铁集团", "name: 华东地铁集团 (新)", 1),
                      encoding="utf-8")
    code, after, _ = run("qualify", "accounts", "--format", "json")
    assert "华东地铁集团 (新)" in after and after != before
    assert (code, after) == run("qualify", "accounts", "--format", "json", "--no-cache")[:2]


@pytest.mark.parametrize("change", ["rubric", "today", "lang", "include-personal", "fail-on"])
def test_anything_that_changes_a_result_is_not_served_from_the_cache(work: Path, change: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["qualify", "accounts", "--format", "json"]
    run(*args)
    count = len(entries())
    if change == "rubric":
        (work / "rubric.yaml").write_text("extends: default\nrisk:\n  low_at_least: 90\n", encoding="utf-8")
        args += ["--rubric", "rubric.yaml"]
    elif change == "today":
        monkeypatch.setenv("KASALES_TODAY", (TODAY.replace(year=TODAY.year + 2)).isoformat())
    elif change == "lang":
        args += ["--lang", "zh"]
    elif change == "include-personal":
        args += ["--include-personal"]
    else:
        args += ["--fail-on", "nurture"]
    changed = run(*args)
    assert changed == run(*args, "--no-cache")
    assert len(entries()) == 2 * count  # every file scored again, under new keys
    assert changed == run(*args)  # and now served


def test_personal_data_is_cached_only_when_the_run_asked_for_it(work: Path) -> None:
    run("qualify", "accounts", "--format", "json")
    assert not any(NOTE in p.read_text("utf-8") for p in entries())
    _, out, _ = run("qualify", "accounts", "--format", "json", "--include-personal")
    assert NOTE in out
    assert any(NOTE in p.read_text("utf-8") for p in entries())
    _, out, _ = run("qualify", "accounts", "--format", "json")
    assert NOTE not in out  # the entries with it are never served to a run that did not ask


@pytest.mark.parametrize("garbage", ["", "{", "null", "[1,2,3,4,5]", '["x", [], "id", [], "forged"]',
                                     "\x80\x04\x95pickle"])
def test_garbage_in_the_cache_is_ignored_and_rebuilt(work: Path, garbage: str) -> None:
    args = ("qualify", "accounts", "--format", "json")
    expected = run(*args)
    for path in entries():
        path.write_text(garbage, encoding="utf-8", errors="surrogateescape")
    assert run(*args) == expected
    assert all(json.loads(p.read_text("utf-8"))[0].startswith("accounts") for p in entries())  # rebuilt


def test_a_cache_folder_made_elsewhere_is_never_trusted(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A repository can ship .kasales_cache/ with entries that say whatever it likes (e.g. to pass a CI
    gate): they were made with another secret, so they are never looked up."""
    args = ("qualify", "accounts", "--format", "json", "--fail-on", "disqualify,nurture,verify")
    expected = run(*args)
    assert expected[0] == 2
    for path in entries():  # forge every entry: accepted, no gate failure
        data = json.loads(path.read_text("utf-8"))
        path.write_text(json.dumps([data[0], [], "forged-" + data[0], [], "{}"]), encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(work / "another-home"))  # another machine, another user
    assert run(*args) == expected


def test_cache_dir_option_and_environment(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("validate", "accounts", "--cache-dir", "elsewhere")
    assert entries(work / "elsewhere") and not Path(".kasales_cache").exists()
    monkeypatch.setenv("KASALES_CACHE_DIR", str(work / "from-env"))
    run("validate", "accounts")
    assert entries(work / "from-env") and not Path(".kasales_cache").exists()
    run("validate", "accounts", "--cache-dir", "elsewhere2")  # the option wins over the environment
    assert entries(work / "elsewhere2")
    monkeypatch.setenv("KASALES_NO_CACHE", "1")
    run("validate", "accounts", "--cache-dir", "nowhere")
    assert not (work / "nowhere").exists()


def test_git_ignores_the_cache_folder(work: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    run("qualify", "accounts", "--format", "json")
    assert (work / ".kasales_cache" / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=work, check=True,
                            capture_output=True, text=True).stdout
    assert "accounts/" in status and ".kasales_cache" not in status


def test_the_size_bound_is_kept(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KASALES_CACHE_MAX_MB", "0.02")  # about 20 KB: a few entries
    code, out, _ = run("qualify", "accounts", "--format", "json")
    assert sum(p.stat().st_size for p in entries()) <= 0.02 * 1024 * 1024
    assert (code, out) == run("qualify", "accounts", "--format", "json", "--no-cache")[:2]


def test_concurrent_runs_share_the_cache_safely(work: Path) -> None:
    """Two processes fill the same cache at once (workers too: 120 files), then a third reads it."""
    text = (work / "accounts" / "huadong-metro.yaml").read_text("utf-8")
    for i in range(106):
        (work / "accounts" / f"copy-{i:03}.yaml").write_text(text.replace("id: huadong-metro", f"id: copy-{i:03}"),
                                                             encoding="utf-8")
    env = {**os.environ, "KASALES_JOBS": "2", "KASALES_LANG": "en"}
    cmd = [sys.executable, "-m", "kasales", "qualify", "accounts", "--format", "json"]
    expected = subprocess.run([*cmd, "--no-cache"], cwd=work, env=env, capture_output=True, text=True)
    both = [subprocess.Popen(cmd, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    for proc in both:
        out, err = proc.communicate(timeout=300)
        assert (proc.returncode, out, err) == (expected.returncode, expected.stdout, expected.stderr)
    assert not list((work / ".kasales_cache").rglob("*.tmp"))
    warm = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)
    assert (warm.returncode, warm.stdout, warm.stderr) == (expected.returncode, expected.stdout, expected.stderr)


def test_a_shipped_symbolic_link_as_cache_folder_turns_the_cache_off(work: Path) -> None:
    """`.kasales_cache -> ..` in a repository must not make kasales write a `.gitignore` of `*` there."""
    project = work / "project"
    project.mkdir()
    (work / ".kasales_cache").symlink_to(project)
    expected = run("qualify", "accounts", "--format", "json", "--no-cache")
    assert run("qualify", "accounts", "--format", "json") == expected
    assert list(project.iterdir()) == []


def test_the_cache_sits_beside_the_configuration(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Like ruff's, the cache of a configured project is at its root, wherever in it kasales runs."""
    (work / ".kasales.yaml").write_text("lang: en\n", encoding="utf-8")
    monkeypatch.chdir(work / "accounts")
    run("validate", ".")
    assert entries(work / ".kasales_cache") and not (work / "accounts" / ".kasales_cache").exists()
