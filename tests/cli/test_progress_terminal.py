"""The progress bar of a long run, seen through a real pseudo-terminal: on stderr for a person, never in output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import generate_portfolio
from terminal import run_with_terminal_stderr

from kasales.cli.progress import MIN_FILES

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


@pytest.fixture(scope="module")
def long_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of exactly MIN_FILES profiles: the smallest run that counts as long."""
    folder = tmp_path_factory.mktemp("long") / "accounts"
    generate_portfolio(folder, MIN_FILES, seed=19)
    return folder


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(TERM="xterm-256color", KASALES_LANG="en", KASALES_JOBS="2")
    return env


@pytest.mark.parametrize("command", [["qualify", "--format", "json"], ["validate"], ["report", "--format", "json"],
                                     ["checklist", "--format", "json"]])
def test_a_long_run_draws_its_bar_on_a_terminal_stderr_and_leaves_stdout_alone(long_run: Path,
                                                                               command: list[str]) -> None:
    out, err = run_with_terminal_stderr([command[0], str(long_run), *command[1:]], _env(), long_run.parent)
    shown = err.decode("utf-8", "replace")
    assert "scoring" in shown and f"{MIN_FILES}/{MIN_FILES}" in shown  # counted to the last file
    assert b"\x1b" not in out and b"scoring" not in out  # the bar never reaches the output
    if command[0] != "validate":
        json.loads(out)  # still one whole JSON document


def test_the_same_run_into_a_pipe_draws_no_bar(long_run: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "kasales", "qualify", str(long_run), "--format", "json"],
                          capture_output=True, env=_env(), cwd=long_run.parent, timeout=120, check=True)
    assert b"scoring" not in done.stderr and b"\x1b" not in done.stderr  # a CI log gets the summary line only
    assert json.loads(done.stdout)["summary"]["scored"] == MIN_FILES
