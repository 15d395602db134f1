"""The result cache as a user meets it: a warm run prints exactly what a cold one does, and anything that
changes a result (the file, the rubric, the day, an option) is scored again; garbage in the cache is ignored."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, TODAY
from typer.testing import CliRunner

from kasales.cli import common
from kasales.cli.app import app
from kasales.io import batch, loader
from kasales.io import cache as cachemod
from kasales.io.cache import LAYOUT

BAD = "account:\n  name: Broken\n  stage: nowhere\n"
NOTE = "王主任周末常去长跑"  # a personal note in profiles/huadong-metro.yaml (SPEC §5: personal data)
CACHE = Path(".kasales_cache")


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


def packs(folder: Path = CACHE) -> dict[str, dict[str, list[Any]]]:
    """Each pack's index (path -> entry), read as the files are laid out: a header line, then JSON."""
    return {index.stem: json.loads(index.read_bytes().partition(b"\n")[2])
            for index in sorted((folder / LAYOUT).glob("*.index"))}


def data_files(folder: Path = CACHE) -> list[Path]:
    return sorted((folder / LAYOUT).glob("*.data"))


def stored_bytes(folder: Path = CACHE) -> int:
    return sum(p.stat().st_size for p in (folder / LAYOUT).iterdir() if p.is_file())


def data_state() -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in data_files()}


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files this process scores from now on (the runs below have too few files for workers)."""
    calls: list[str] = []
    real = batch._score

    def counting(job: batch.Job, path: Path, content: bytes | None) -> batch.Outcome:
        calls.append(path.name)
        return real(job, path, content)

    monkeypatch.setattr(batch, "_score", counting)
    return calls


COMMANDS = [
    ("qualify", "accounts", "--format", "json"),
    ("qualify", "accounts", "--format", "json", "--include-personal", "--fail-on", "disqualify"),
    ("qualify", "accounts"),
    ("qualify", "accounts", "--details", "--fail-on-risk", "high"),
    ("qualify", "accounts/broken.yaml", "accounts/huadong-metro.yaml"),
    ("qualify", "accounts", "--format", "csv"),
    ("qualify", "accounts", "--format", "csv", "--no-bom", "--min-score", "50"),
    ("qualify", "accounts", "--format", "markdown"),
    ("qualify", "accounts", "--format", "github"),
    ("qualify", "accounts", "--format", "concise"),
    ("report", "accounts"),
    ("report", "accounts", "--format", "json", "--top", "3"),
    ("checklist", "accounts"),
    ("checklist", "accounts", "--format", "json", "--stage", "approach"),
    ("checklist", "accounts", "--format", "markdown"),
    ("validate", "accounts"),
    ("validate", "accounts", "--format", "json"),
    ("validate", "accounts", "--format", "github"),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[1:]))
def test_a_warm_run_prints_exactly_what_a_cold_one_and_no_cache_do(work: Path, args: tuple[str, ...], lang: str,
                                                                     scored: list[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    uncached = run(*args, "--lang", lang, "--no-cache")
    assert not CACHE.exists()  # --no-cache writes nothing
    count = len(scored)
    cold = run(*args, "--lang", lang)
    assert len(scored) == 2 * count  # the cold run scored every file again
    warm = run(*args, "--lang", lang)  # the files are new: each is read and hashed (see RACY_NS)
    monkeypatch.setattr(cachemod, "RACY_NS", 0)  # as if they were old: their stat signatures are trusted
    run(*args, "--lang", lang)
    stat_only = run(*args, "--lang", lang)
    assert uncached == cold == warm == stat_only
    assert len(scored) == 2 * count  # and no warm run scored anything
    assert uncached[0] == 2  # broken.yaml: its problem comes back from the cache as path:line:column
    assert ("accounts/broken.yaml:1:1: " if "concise" in args else "accounts/broken.yaml:3:3: ") in \
        uncached[2] + uncached[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_warm_report_page_is_the_same_page(work: Path, lang: str, scored: list[str]) -> None:
    pages = []
    for cache in ("--no-cache", "--cache-dir=.kasales_cache", "--cache-dir=.kasales_cache"):
        code, out, err = run("report", "accounts", "--html", "page.html", "--force", "--include-personal",
                             "--lang", lang, cache)
        pages.append((code, out, err, (work / "page.html").read_bytes()))
    assert pages[0] == pages[1] == pages[2] and pages[0][0] == 2
    assert len(packs()) == 2  # the rows of every account, and the details of those the page shows
    count = len(scored)
    run("report", "accounts", "--html", "page.html", "--force", "--include-personal", "--lang", lang)
    assert len(scored) == count  # nothing scored again


@pytest.mark.parametrize("command", [("qualify",), ("checklist",), ("checklist", "--format", "json"),
                                     ("checklist", "--format", "markdown")], ids=" ".join)
def test_one_file_and_a_folder_keep_apart(work: Path, command: tuple[str, ...]) -> None:
    """The table prints one file's whole view, and only a summary line per account for several (a checklist
    one file's in full): a run of one file is its own context, so neither is served the other's rows."""
    one = (*command, "accounts/huadong-metro.yaml")
    many = (*command, "accounts/huadong-metro.yaml", "accounts/broken.yaml")
    expected = [run(*args, "--no-cache") for args in (one, many)]
    assert expected[0][1] != expected[1][1]
    for _ in range(2):
        assert [run(*one), run(*many)] == expected


def test_the_json_and_validate_runs_are_served_from_the_cache(work: Path, scored: list[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    expected = run("qualify", "accounts", "--format", "json")
    first = packs()
    assert [len(entries) for entries in first.values()] == [17]  # 16 accounts and the rejected file
    before = data_state()
    monkeypatch.setattr(cachemod, "RACY_NS", 0)  # as if the files were old: a run trusts their signatures
    del scored[:]
    assert run("qualify", "accounts", "--format", "json") == expected  # read and hashed, found unchanged
    read = loader.read_signed
    monkeypatch.setattr(loader, "read_signed", lambda path: pytest.fail(f"{path} was read"))
    assert run("qualify", "accounts", "--format", "json") == expected  # one stat per file
    assert scored == [] and data_state() == before  # nothing scored, nothing appended
    monkeypatch.setattr(loader, "read_signed", read)
    run("validate", "accounts")
    assert len(packs()) == 2  # validate keeps its own pack (it only loads)


def test_a_changed_file_is_scored_again_and_only_it(work: Path, scored: list[str]) -> None:
    _, before, _ = run("qualify", "accounts", "--format", "json")
    target = work / "accounts" / "huadong-metro.yaml"
    target.write_text(target.read_text("utf-8") + "# reviewed\n", encoding="utf-8")  # new bytes, same result
    del scored[:]
    assert run("qualify", "accounts", "--format", "json")[1] == before
    assert scored == ["huadong-metro.yaml"]
    target.write_text(target.read_text("utf-8").replace("name: 华东地铁集团", "name: 华东地铁集团 (新)", 1),
                      encoding="utf-8")
    code, after, _ = run("qualify", "accounts", "--format", "json")
    assert "华东地铁集团 (新)" in after and after != before
    assert scored == ["huadong-metro.yaml"] * 2
    assert (code, after) == run("qualify", "accounts", "--format", "json", "--no-cache")[:2]
    assert [len(entries) for entries in packs().values()] == [17]  # one entry per file, the newest


def _same_size_edit(target: Path, old: str, new: str) -> None:
    """Rewrite ``target`` in place with ``old`` replaced by ``new`` (as many bytes), its mtime kept: what a
    second write within one tick of a coarse clock, or of a 1-2 s file system, looks like to stat."""
    assert len(old.encode()) == len(new.encode())
    info = target.stat()
    with open(target, "r+b") as handle:  # in place: same inode
        text = handle.read()
        handle.seek(0)
        handle.write(text.replace(old.encode(), new.encode(), 1))
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (target.stat().st_size, target.stat().st_mtime_ns, target.stat().st_ino) == \
        (info.st_size, info.st_mtime_ns, info.st_ino)


@pytest.mark.parametrize("trusted", [False, True], ids=["just written", "signature trusted"])
def test_a_file_rewritten_with_the_same_size_and_mtime_is_not_served_stale(work: Path, trusted: bool,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Just written (ctime within RACY_NS): the next run reads and hashes it whatever stat says. Trusted:
    its ctime moved (touch, cp -p and rsync -t cannot set it back), so stat no longer matches."""
    if trusted:
        monkeypatch.setattr(cachemod, "RACY_NS", 0)
    args = ("qualify", "accounts", "--format", "json")
    target = work / "accounts" / "huadong-metro.yaml"
    assert "华东地铁集团" in run(*args)[1]
    _same_size_edit(target, "name: 华东地铁集团", "name: 华西地铁集团")
    code, out, err = run(*args)
    assert "华西地铁集团" in out and "华东地铁集团" not in out
    assert (code, out, err) == run(*args, "--no-cache")


@pytest.mark.parametrize("change", ["rubric", "today", "lang", "include-personal", "fail-on", "width", "colour"])
def test_anything_that_changes_a_result_is_not_served_from_the_cache(work: Path, change: str, scored: list[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["qualify", "accounts", "--format", "json"]
    if change in ("width", "colour"):  # the table's rows are laid out for the terminal
        args = ["qualify", "accounts", "--details"]
    run(*args)
    count = len(scored)
    if change == "rubric":
        (work / "rubric.yaml").write_text("extends: default\nrisk:\n  low_at_least: 90\n", encoding="utf-8")
        args += ["--rubric", "rubric.yaml"]
    elif change == "today":
        monkeypatch.setenv("KASALES_TODAY", (TODAY.replace(year=TODAY.year + 2)).isoformat())
    elif change == "lang":
        args += ["--lang", "zh"]
    elif change == "include-personal":
        args += ["--include-personal"]
    elif change == "fail-on":
        args += ["--fail-on", "nurture"]
    elif change == "width":  # a wider terminal
        monkeypatch.setattr(common, "terminal_width", lambda: 160)
    else:
        monkeypatch.setenv("FORCE_COLOR", "1")
    changed = run(*args)
    assert len(scored) == 2 * count  # every file scored again, in a pack of its own
    assert len(packs()) == 2
    assert changed == run(*args, "--no-cache")
    assert changed == run(*args) and len(scored) == 3 * count  # and now served


def test_personal_data_is_cached_only_when_the_run_asked_for_it(work: Path) -> None:
    run("qualify", "accounts", "--format", "json")
    assert not any(NOTE.encode() in p.read_bytes() for p in data_files())
    _, out, _ = run("qualify", "accounts", "--format", "json", "--include-personal")
    assert NOTE in out
    assert any(NOTE.encode() in p.read_bytes() for p in data_files())
    assert all(p.stat().st_mode & 0o077 == 0 for p in data_files())  # readable by the user only
    _, out, _ = run("qualify", "accounts", "--format", "json")
    assert NOTE not in out  # the records with it are never served to a run that did not ask


def _corrupt(how: str) -> None:
    [index], [data] = list((CACHE / LAYOUT).glob("*.index")), data_files()
    raw = data.read_bytes()
    if how == "data truncated":
        data.write_bytes(raw[: len(raw) // 2])
    elif how == "data emptied":
        data.write_bytes(b"")
    elif how == "data removed":
        data.unlink()
    elif how == "bytes flipped in every record":
        text = bytearray(raw)
        for entry in json.loads(index.read_bytes().partition(b"\n")[2]).values():
            text[entry[6] + entry[7] - 2] ^= 0x01  # a bit of each record's item
        data.write_bytes(bytes(text))
    elif how == "a record forged":  # verdicts rewritten in place: the records no longer match their MACs
        assert b'"disqualify"' in raw
        data.write_bytes(raw.replace(b'"disqualify"', b'"nurture"   '))
    elif how == "index garbage":
        index.write_bytes(b"\x80\x04\x95pickle" + raw[:100])
    elif how == "index truncated":
        index.write_bytes(index.read_bytes()[:-10])
    elif how == "index emptied":
        index.write_bytes(b"")
    elif how == "index entries swapped":  # two files' entries exchanged: each record is another file's
        head, _, payload = index.read_bytes().partition(b"\n")
        entries = json.loads(payload)
        a, b = sorted(entries)[:2]
        entries[a], entries[b] = entries[b], entries[a]
        index.write_bytes(head + b"\n" + json.dumps(entries).encode())


@pytest.mark.parametrize("how", ["data truncated", "data emptied", "data removed", "bytes flipped in every record",
                                 "a record forged", "index garbage", "index truncated", "index emptied",
                                 "index entries swapped"])
def test_a_corrupt_cache_is_ignored_and_rebuilt(work: Path, how: str, scored: list[str]) -> None:
    args = ("qualify", "accounts", "--format", "json")
    expected = run(*args)
    count = len(scored)
    _corrupt(how)
    assert run(*args) == expected
    assert len(scored) > count  # what could not be read was scored again
    rebuilt = len(scored)
    assert run(*args) == expected and len(scored) == rebuilt  # and stored again: now served


def test_a_cache_folder_made_elsewhere_is_never_trusted(work: Path, monkeypatch: pytest.MonkeyPatch,
                                                        scored: list[str]) -> None:
    """A repository can ship .kasales_cache/ with packs that say whatever it likes (e.g. to pass a CI gate):
    they were made with another secret, so their names are never looked up."""
    args = ("qualify", "accounts", "--format", "json", "--fail-on", "disqualify,nurture,verify")
    expected = run(*args)
    assert expected[0] == 2
    monkeypatch.setenv("XDG_CACHE_HOME", str(work / "another-home"))  # another machine, another user
    count = len(scored)
    assert run(*args) == expected
    assert len(scored) == 2 * count and len(packs()) == 2  # nothing of the shipped pack was used


def test_cache_dir_option_and_environment(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("validate", "accounts", "--cache-dir", "elsewhere")
    assert packs(work / "elsewhere") and not CACHE.exists()
    monkeypatch.setenv("KASALES_CACHE_DIR", str(work / "from-env"))
    run("validate", "accounts")
    assert packs(work / "from-env") and not CACHE.exists()
    run("validate", "accounts", "--cache-dir", "elsewhere2")  # the option wins over the environment
    assert packs(work / "elsewhere2")
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
    limit = 0.05  # MiB: about 50 KB, a few records of the 17
    monkeypatch.setenv("KASALES_CACHE_MAX_MB", str(limit))
    for args in (("qualify", "accounts", "--format", "json"), ("qualify", "accounts", "--format", "csv"),
                 ("qualify", "accounts", "--format", "json", "--lang", "zh"), ("validate", "accounts")):
        code, out, _ = run(*args)
        assert stored_bytes() <= limit * 1024 * 1024
        assert (code, out) == run(*args, "--no-cache")[:2]
    assert run("qualify", "accounts", "--format", "json")[:2] == run("qualify", "accounts", "--format", "json",
                                                                      "--no-cache")[:2]


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
    [entries] = packs(work / ".kasales_cache").values()  # one index, naming every file
    assert len(entries) == 123
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
    assert packs(work / ".kasales_cache") and not (work / "accounts" / ".kasales_cache").exists()


def test_a_shipped_symbolic_link_as_packs_folder_turns_the_cache_off(work: Path) -> None:
    """`.kasales_cache/v2 -> a folder of yours` in a repository: kasales must not write or prune there."""
    victim = work / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine\n", encoding="utf-8")
    (work / ".kasales_cache").mkdir()
    (work / ".kasales_cache" / LAYOUT).symlink_to(victim)
    expected = run("qualify", "accounts", "--format", "csv", "--no-cache")
    assert run("qualify", "accounts", "--format", "csv") == expected
    assert [p.name for p in victim.iterdir()] == ["keep.txt"]


def test_a_cache_folder_others_may_write_turns_the_cache_off(work: Path) -> None:
    (work / ".kasales_cache").mkdir()
    (work / ".kasales_cache").chmod(0o777)
    expected = run("validate", "accounts", "--no-cache")
    assert run("validate", "accounts") == expected
    assert not (work / ".kasales_cache" / LAYOUT).exists()


def test_another_library_version_is_another_pack(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pydantic

    first = common.result_cache(None, False)
    monkeypatch.setattr(pydantic, "__version__", "2.0.0")
    second = common.result_cache(None, False)
    assert first is not None and second is not None and first.name != second.name


def test_deleted_files_leave_the_index(work: Path) -> None:
    profile = (work / "accounts" / "huadong-metro.yaml").read_text("utf-8")
    for i in range(15):
        temp = work / f"tmp{i}.yaml"
        temp.write_text(profile, encoding="utf-8")
        assert run("qualify", temp.name, "--format", "json")[0] == 0
        temp.unlink()
    [entries] = packs().values()
    assert list(entries) == ["tmp14.yaml"]
