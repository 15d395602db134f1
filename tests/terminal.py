"""Run the real `kasales` with its output on a pseudo-terminal, as a person at a terminal would see it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO, Any


def _on_terminal(args: list[str], env: dict[str, str], cwd: Path, stdout: IO[bytes] | None, stderr: Any,
                 timeout: float) -> bytes:
    """What `python -m kasales ARGS` writes to a pseudo-terminal: stdout and/or stderr, as given (None: the
    terminal). Read while the program runs, so a full terminal buffer never makes it wait for us."""
    import pty  # not on Windows: callers skip there

    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "kasales", *args], env=env, cwd=cwd,
                                   stdout=follower if stdout is None else stdout,
                                   stderr=follower if stderr is None else stderr)
    finally:
        os.close(follower)  # the program holds the only other end: its exit ends the reading below
    out = b""
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the follower side is closed: everything has been read
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(leader)
    code = process.wait(timeout=timeout)
    if code != 0:
        raise subprocess.CalledProcessError(code, args, out)
    return out


def run_in_terminal(args: list[str], env: dict[str, str], cwd: Path, stderr_too: bool = False) -> bytes:
    """Everything `python -m kasales ARGS` writes to stdout (and stderr if asked) while it is a terminal."""
    return _on_terminal(args, env, cwd, None, None if stderr_too else subprocess.DEVNULL, 60)


def run_with_terminal_stderr(args: list[str], env: dict[str, str], cwd: Path) -> tuple[bytes, bytes]:
    """stdout (a file) and stderr (a pseudo-terminal) of `python -m kasales ARGS`: a person watching a run
    whose output goes to a file or another program."""
    with tempfile.TemporaryFile() as stdout:
        err = _on_terminal(args, env, cwd, stdout, None, 120)
        stdout.seek(0)
        return stdout.read(), err
