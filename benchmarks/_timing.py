"""What every benchmark script shares: the children's environment, one timed run (wall clock, CPU time of the
whole process tree, peak memory), interleaved rounds and their medians."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Sample:
    """One run: wall-clock and CPU seconds (the process and every child it waited for, workers included),
    peak resident memory in MiB (the largest single process of the tree), exit code and stdout."""

    wall: float
    cpu: float
    rss_mb: float
    code: int
    stdout: str = ""


@dataclass(frozen=True)
class Row:
    """One goal: what was measured, its value, the limit, and whether it was met."""

    name: str
    value: float
    limit: float
    unit: str = "x"

    @property
    def met(self) -> bool:
        """Whether the measured value is within its limit."""
        return self.value <= self.limit


def tool(name: str, required: bool = True) -> str | None:
    """An executable of the running virtual environment, else from PATH; None when optional and missing."""
    here = BIN / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found and required:
        sys.exit(f"bench: {name} not found (install the test extras: pip install -e '.[test]')")
    return found


def environment(**extra: str) -> dict[str, str]:
    """The children's environment: bytecode caching on (as for any installed package), English, no colour,
    the machine's cores, no cache unless a measurement asks for one."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "KASALES_JOBS", "KASALES_CACHE_DIR")}
    env.update(KASALES_LANG="en", NO_COLOR="1", KASALES_NO_CACHE="1", **extra)
    return env


def measure(cmd: Sequence[str], cwd: Path, env: Mapping[str, str], capture: bool = False,
            accept: Callable[[int], bool] = lambda code: code == 0) -> Sample:
    """Run ``cmd`` once (stdout to /dev/null unless captured); a code ``accept`` refuses stops the benchmark."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=dict(env), stdout=out if capture else subprocess.DEVNULL,
                                stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own usage, with its waited-for children
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if not accept(code):
            err.seek(0)
            sys.exit(f"bench: {' '.join(map(str, cmd[:5]))} ... exited {code}:\n"
                     f"{err.read().decode('utf-8', 'replace')[-2000:]}")
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace") if capture else ""
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, stdout)


def interleaved(runs: Mapping[str, Callable[[], Sample]], rounds: int) -> dict[str, list[Sample]]:
    """Every run once per round, the order rotated each round so no side always goes first (or last)."""
    names = list(runs)
    samples: dict[str, list[Sample]] = {name: [] for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            samples[name].append(runs[name]())
    return samples


def median(samples: Sequence[Sample], field: str = "wall") -> float:
    """The median of one field over the rounds (never the best round: a quiet moment is not the machine)."""
    return statistics.median(getattr(s, field) for s in samples)
