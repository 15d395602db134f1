"""Nothing lost: in every format, every input file ends up scored or named in an error, and the counts add up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from kasales.cli.app import app
from kasales.core.errors import KasalesError
from kasales.io.loader import MAX_BYTES, load_profile
from kasales.render import FORMATS
from kasales.text.messages import problem_line

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links and named pipes")


def _valid(folder: Path, name: str) -> Path:
    """A small valid profile whose account id is its file stem (so table output names it too)."""
    path = folder / name
    path.write_text(f"account: {{id: {path.stem}}}\nstage: approach\nman: {{money: yes}}\n", encoding="utf-8")
    return path


def _mixed_folder(folder: Path) -> dict[str, str]:
    """Two valid and four invalid files; maps each file name to what must be said about it."""
    _valid(folder, "alpha.yaml")
    _valid(folder, "beta.yml")
    (folder / "bad-enum.yaml").write_text("stage: nowhere\n", encoding="utf-8")
    (folder / "bad-syntax.yaml").write_text("account: [\n", encoding="utf-8")
    (folder / "bad-bytes.yaml").write_bytes("account: {name: 华东}\n".encode("gb18030"))
    (folder / "dup-id.yaml").write_text("account: {id: alpha}\n", encoding="utf-8")
    return {"alpha.yaml": "alpha", "beta.yml": "beta", "bad-enum.yaml": "bad-enum.yaml:1:8: unknown value 'nowhere'",
            "bad-syntax.yaml": "bad-syntax.yaml:2:1: YAML syntax error",
            "bad-bytes.yaml": "bad-bytes.yaml:1:17: file is not UTF-8",
            "dup-id.yaml": "dup-id.yaml:1:15: duplicate account id 'alpha'"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_file_is_scored_or_reported_in_every_format(runner: Any, tmp_path: Path, fmt: str) -> None:
    expected = _mixed_folder(tmp_path)
    result = runner.invoke(app, ["qualify", str(tmp_path), "--format", fmt, "--lang", "en"])
    assert result.exit_code == 2  # invalid files fail the run, and the valid ones are still scored
    shown = result.stdout + result.stderr
    for name, said in expected.items():
        if fmt == "concise" and ":" in said:  # the pre-commit format names each rejected file once (validate says why)
            said = f"{name}:1:1: [error] invalid profile"
        assert said in shown
    assert result.stderr.splitlines()[-1] == "kasales: 6 files, 2 scored, 4 rejected"


def test_json_lists_each_file_exactly_once(runner: Any, tmp_path: Path) -> None:
    expected = _mixed_folder(tmp_path)
    result = runner.invoke(app, ["qualify", str(tmp_path), "--format", "json", "--lang", "en"])
    doc = json.loads(result.stdout)
    scored = [Path(r["file"]).name for r in doc["results"]]
    rejected = [Path(e["file"]).name for e in doc["errors"]]
    assert scored == ["alpha.yaml", "beta.yml"]
    assert sorted(scored + rejected) == sorted(expected)
    assert doc["summary"] == {"files": 6, "scored": 2, "rejected": 4}


def _folder_named_yaml(folder: Path) -> tuple[str, str]:
    (folder / "folder.yaml").mkdir()
    _valid(folder / "folder.yaml", "hidden-inside.yaml")  # not searched: the folder itself is reported
    return "folder.yaml", "folder.yaml:1:1: is a folder named like a profile; skipped"


def _dangling_symlink(folder: Path) -> tuple[str, str]:
    (folder / "dangling.yaml").symlink_to(folder / "gone.yaml")
    return "dangling.yaml", "dangling.yaml:1:1: cannot read file: No such file or directory"


def _self_symlink(folder: Path) -> tuple[str, str]:
    # a link to itself cannot be opened even by root (ELOOP), unlike chmod 000, which root reads anyway
    (folder / "self.yaml").symlink_to(folder / "self.yaml")
    return "self.yaml", "self.yaml:1:1: symbolic link loop; skipped"


def _folder_loop(folder: Path) -> tuple[str, str]:
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder)
    return "back", "back:1:1: symbolic link loop; skipped"


def _oversized(folder: Path) -> tuple[str, str]:
    (folder / "huge.yaml").write_bytes(b"#" * (MAX_BYTES + 1))
    return "huge.yaml", f"huge.yaml:1:1: file is {MAX_BYTES + 1} bytes; profiles are limited to {MAX_BYTES} bytes"


@posix_only
@pytest.mark.parametrize("make", [_folder_named_yaml, _dangling_symlink, _self_symlink, _folder_loop, _oversized],
                         ids=["folder-named-yaml", "dangling-symlink", "symlink-to-itself", "folder-loop", "oversized"])
def test_odd_entry_gets_one_clear_line_and_the_rest_is_scored(runner: Any, tmp_path: Path,
                                                              make: Callable[[Path], tuple[str, str]]) -> None:
    good = _valid(tmp_path, "good.yaml")
    name, line = make(tmp_path)
    result = runner.invoke(app, ["qualify", str(tmp_path), "--format", "json", "--lang", "en"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert [r["file"] for r in doc["results"]] == [str(good)]
    about = [text for text in result.stderr.splitlines() if name in text]
    assert len(about) == 1 and about[0].endswith(line), result.stderr
    assert doc["summary"] == {"files": 2, "scored": 1, "rejected": 1}


@posix_only
def test_named_pipe_in_a_folder_is_reported_not_waited_for(tmp_path: Path) -> None:
    good = _valid(tmp_path, "good.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")  # nobody writes to it: a blocking open() would wait forever
    env = {**os.environ, "KASALES_LANG": "en"}
    run = subprocess.run([sys.executable, "-m", "kasales", "qualify", str(tmp_path), "--format", "json"],
                         capture_output=True, text=True, timeout=60, cwd=REPO, env=env)
    assert run.returncode == 2
    assert [r["file"] for r in json.loads(run.stdout)["results"]] == [str(good)]
    # found while searching a folder: skipped unread (named on the command line it would be read)
    assert (f"{tmp_path / 'pipe.yaml'}:1:1: not a regular file (a device, named pipe or socket); "
            "skipped") in run.stderr.splitlines()


@posix_only
def test_named_pipe_with_content_is_read(tmp_path: Path) -> None:
    # `kasales qualify <(git show HEAD:acct.yaml)` hands over a pipe: it must still be read
    fifo = tmp_path / "piped.yaml"
    os.mkfifo(fifo)
    keeper = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # holds the pipe open so the written data stays
    try:
        writer = os.open(fifo, os.O_WRONLY)
        os.write(writer, b"account: {id: piped}\nstage: close\n")
        os.close(writer)
        profile = load_profile(fifo)
    finally:
        os.close(keeper)
    assert profile.account.id == "piped" and profile.stage == "close"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    locked = _valid(tmp_path, "locked.yaml")
    locked.chmod(0)
    with pytest.raises(KasalesError) as caught:
        load_profile(locked)
    assert [problem_line(p) for p in caught.value.problems] == [f"{locked}:1:1: cannot read file: Permission denied"]


def test_oversized_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"stage: approach\n" + b"# padding\n" * (MAX_BYTES // 10 + 1))
    with pytest.raises(KasalesError) as caught:
        load_profile(big)
    size = big.stat().st_size
    assert [problem_line(p) for p in caught.value.problems] == [
        f"{big}:1:1: file is {size} bytes; profiles are limited to {MAX_BYTES} bytes"]


def test_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    head = b"stage: approach\n"
    edge = tmp_path / "edge.yaml"
    edge.write_bytes(head + b"#" * (MAX_BYTES - len(head) - 1) + b"\n")
    assert edge.stat().st_size == MAX_BYTES
    assert load_profile(edge).stage == "approach"
