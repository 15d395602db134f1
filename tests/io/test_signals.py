"""SIGTERM (what `timeout` and a cancelled CI job send) and a killed parent: no worker outlives kasales."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import generate_portfolio

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough profiles for worker processes (more than MIN_PARALLEL)."""
    folder = tmp_path_factory.mktemp("many")
    generate_portfolio(folder, 600, seed=3)
    return folder


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(x) for x in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _start_blocked(folder: Path) -> tuple[subprocess.Popen[bytes], set[int]]:
    """kasales with two workers writing JSON into a pipe nobody reads: it blocks with its workers alive."""
    env = {**os.environ, "KASALES_JOBS": "2", "KASALES_LANG": "en"}
    child = subprocess.Popen([sys.executable, "-m", "kasales", "qualify", str(folder), "-f", "json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = _children(child.pid)
    assert len(workers) >= 2, "the workers never started"
    time.sleep(1.0)  # let the pipe fill so everybody is blocked
    return child, workers


def _gone(pids: set[int], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


@linux_only
def test_sigterm_stops_the_workers_and_exits_143(big_folder: Path) -> None:
    child, workers = _start_blocked(big_folder)
    try:
        child.send_signal(signal.SIGTERM)
        assert child.stdout is not None and child.stderr is not None
        # drain stdout so a parent blocked in a write can reach its handler
        _out, err = child.communicate(timeout=60)
        assert child.returncode == 143, err
        assert b"kasales: terminated" in err
        assert b"Traceback" not in err
        assert _gone(workers)
    finally:
        child.kill()


@linux_only
def test_workers_die_when_the_parent_is_killed_outright(big_folder: Path) -> None:
    child, workers = _start_blocked(big_folder)
    child.kill()  # SIGKILL: no handler runs; the kernel tells the workers (PR_SET_PDEATHSIG)
    child.wait(30)
    try:
        assert _gone(workers)
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
