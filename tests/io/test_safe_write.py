"""Safe writes (`--output`, `init`): never clobber without --force, keep the mode, never leave half a file."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES

from kasales.core.errors import KasalesError
from kasales.io.writes import write_atomic
from kasales.text.messages import problem_line

OLD = "the report a user already had\n"
METRO = str(PROFILES / "huadong-metro.yaml")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    """An output file that already exists."""
    path = tmp_path / "report.json"
    path.write_text(OLD, encoding="utf-8")
    return path


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_refuses_to_overwrite_without_force(existing: Path) -> None:
    with pytest.raises(KasalesError) as caught:
        write_atomic(existing, "new")
    assert [problem_line(p) for p in caught.value.problems] == [
        f"{existing}: already exists; pass --force to overwrite it"]
    assert existing.read_text(encoding="utf-8") == OLD


def test_cli_output_refuses_to_overwrite_with_exit_2(runner: Any, existing: Path) -> None:
    from kasales.cli.app import app

    result = runner.invoke(app, ["qualify", METRO, "--format", "json", "-o", str(existing), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{existing}: already exists; pass --force to overwrite it" in result.stderr.splitlines()
    assert existing.read_text(encoding="utf-8") == OLD
    assert result.stdout == ""  # the payload went nowhere rather than to the wrong place


def test_cli_output_with_force_replaces_the_file(runner: Any, existing: Path) -> None:
    from kasales.cli.app import app

    result = runner.invoke(app, ["qualify", METRO, "--format", "json", "-o", str(existing), "--force"])
    assert result.exit_code == 0
    assert json.loads(existing.read_text(encoding="utf-8"))["results"][0]["account"]["id"] == "huadong-metro"
    assert sorted(p.name for p in existing.parent.iterdir()) == ["report.json"]  # no temp file left


@posix_only
def test_replaced_file_keeps_its_mode(existing: Path) -> None:
    existing.chmod(0o640)
    write_atomic(existing, "new\n", force=True)
    assert existing.read_text(encoding="utf-8") == "new\n"
    assert _mode(existing) == 0o640


@posix_only
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_new_file_gets_the_mode_a_plain_open_would_give(tmp_path: Path, umask: int, mode: int) -> None:
    # mkstemp creates 0600 files; a report meant for the team must not end up private by accident
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "new.json", "{}\n")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.json") == mode


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_failure_mid_write_keeps_the_old_file_and_leaves_no_temp(monkeypatch: pytest.MonkeyPatch, existing: Path,
                                                                  step: str) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, step, fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(existing, "half of a new report", force=True)
    monkeypatch.undo()
    assert existing.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in existing.parent.iterdir()) == ["report.json"]


def test_interrupt_mid_write_leaves_no_temp(monkeypatch: pytest.MonkeyPatch, existing: Path) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(existing, "new", force=True)
    monkeypatch.undo()
    assert existing.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in existing.parent.iterdir()) == ["report.json"]


def test_cli_write_failure_is_one_line_and_exit_2(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                                  existing: Path) -> None:
    from kasales.cli.app import app

    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    result = runner.invoke(app, ["qualify", METRO, "--format", "json", "-o", str(existing), "--force",
                                 "--lang", "en"])
    monkeypatch.undo()
    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if str(existing) in line] == [
        f"{existing}: cannot write: No space left on device"]
    assert existing.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in existing.parent.iterdir()) == ["report.json"]


def test_output_into_a_missing_folder_creates_it(runner: Any, tmp_path: Path) -> None:
    from kasales.cli.app import app

    target = tmp_path / "no-such-folder" / "deeper" / "out.json"
    result = runner.invoke(app, ["qualify", METRO, "--format", "json", "-o", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert target.is_file() and '"results"' in target.read_text(encoding="utf-8")
    again = runner.invoke(app, ["qualify", METRO, "--format", "json", "-o", str(target), "--lang", "en"])
    assert again.exit_code == 2  # and still never overwritten without --force


def test_output_onto_a_folder_is_refused_even_with_force(tmp_path: Path) -> None:
    with pytest.raises(KasalesError) as caught:
        write_atomic(tmp_path, "x", force=True)
    assert [problem_line(p) for p in caught.value.problems] == [f"{tmp_path}: is a folder, not a file"]
    assert list(tmp_path.iterdir()) == []


def test_init_never_overwrites_a_profile(runner: Any, tmp_path: Path) -> None:
    from kasales.cli.app import app

    profile = tmp_path / "acct.yaml"
    profile.write_text(OLD, encoding="utf-8")
    result = runner.invoke(app, ["init", str(profile), "--lang", "en"])
    assert result.exit_code == 2
    assert profile.read_text(encoding="utf-8") == OLD
