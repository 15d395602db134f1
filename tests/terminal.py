"""Run the real `kasales` with its output on a pseudo-terminal, as a person at a terminal would see it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_in_terminal(args: list[str], env: dict[str, str], cwd: Path, stderr_too: bool = False) -> bytes:
    """Everything `python -m kasales ARGS` writes to stdout (and stderr if asked) while it is a terminal."""
    import pty  # not on Windows: callers skip there

    leader, follower = pty.openpty()
    try:
        subprocess.run([sys.executable, "-m", "kasales", *args], stdout=follower,
                       stderr=follower if stderr_too else subprocess.DEVNULL, env=env, cwd=cwd, timeout=60,
                       check=True)
    finally:
        os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side is closed: everything has been read
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    return out


def run_with_terminal_stderr(args: list[str], env: dict[str, str], cwd: Path) -> tuple[bytes, bytes]:
    """stdout (a pipe) and stderr (a pseudo-terminal) of `python -m kasales ARGS`: a person watching a run
    whose output goes to a file or another program."""
    import pty  # not on Windows: callers skip there

    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "kasales", *args], stdout=subprocess.PIPE, stderr=follower,
                              env=env, cwd=cwd, timeout=120, check=True)
    finally:
        os.close(follower)
    err = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side is closed: everything has been read
            break
        if not chunk:
            break
        err += chunk
    os.close(leader)
    return done.stdout, err
