"""Help in a terminal is drawn in Rich panels (typer's renderer, kasales's words); in a pipe it stays plain."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import REPO
from terminal import run_in_terminal

from kasales.cli.app import COMMANDS

pty = pytest.importorskip("pty")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def help_in_terminal(*args: str) -> str:
    """What `kasales ARGS` shows a person at a 100-column terminal (escape codes removed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("KASALES_LANG", "NO_COLOR", "FORCE_COLOR")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "100", "LINES": "50", "LANG": "C.UTF-8"})
    return ANSI.sub("", run_in_terminal(list(args), env, REPO, stderr_too=True).decode("utf-8"))


@pytest.mark.parametrize("command", ["qualify", "validate", "checklist"])
def test_a_terminal_gets_panels_with_every_text_and_the_examples(command: str) -> None:
    shown = help_in_terminal(command, "-h")
    assert "╭─ Options" in shown and "╭─ Examples" in shown
    assert f"kasales {command}" in shown.split("╭─ Examples")[1]  # the examples are inside their panel
    assert "<bool>" not in shown  # a flag takes no value
    assert "…" not in shown  # nothing cut off


def test_bracketed_defaults_survive_rich_markup() -> None:
    """`[default: $KASALES_FORMAT, ...]` is text, not a markup tag Rich would swallow."""
    shown = help_in_terminal("qualify", "-h")
    assert "Output format [default:" in shown and "$KASALES_FORMAT, else the" in shown


def test_chinese_panels_are_chinese_and_nothing_is_cut() -> None:
    shown = help_in_terminal("--lang", "zh", "checklist", "-h")
    assert "╭─ 选项" in shown and "╭─ 示例" in shown and "╭─ Options" not in shown
    assert "用法: kasales checklist" in shown
    assert "prospect、evaluate、approach" in shown and "…" not in shown  # the stage list folded, not "objecti…"


def test_the_command_list_in_a_terminal_has_every_command_and_its_whole_summary() -> None:
    shown = help_in_terminal("-h")
    assert "╭─ Commands" in shown
    for name in COMMANDS:
        assert re.search(rf"│ {name}\s", shown), name


def test_a_pipe_gets_plain_help() -> None:
    done = subprocess.run([sys.executable, "-m", "kasales", "qualify", "-h"], capture_output=True, text=True,
                          cwd=REPO, timeout=60, check=True)
    assert "╭" not in done.stdout and "Examples:" in done.stdout
