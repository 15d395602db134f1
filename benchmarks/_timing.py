"""What every benchmark script shares: the children's environment, one timed run (wall clock, CPU time of the
whole process tree, peak memory), interleaved rounds and their medians."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
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


# A minimal launcher (no site, no subprocess module) spawns the command and reports its usage: the peak RSS
# Linux reports for a child keeps the high-water mark of the process it was forked from, so spawned straight
# from this script (tens of MB once it has imported what it needs) every command would seem at least that big.
LAUNCH = r"""
import os, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawnp(cmd[0], cmd, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(out, "w") as handle:
    handle.write(f"{wall} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def measure(cmd: Sequence[str], cwd: Path, env: Mapping[str, str], capture: bool = False,
            accept: Callable[[int], bool] = lambda code: code == 0) -> Sample:
    """Run ``cmd`` once (stdout to /dev/null unless captured); a code ``accept`` refuses stops the benchmark.

    Wall and CPU seconds and peak RSS are the command's own (its waited-for children included), measured by
    the launcher around the spawn, so the launcher's start-up counts on no side."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out, \
            tempfile.NamedTemporaryFile("r", suffix=".usage") as usage:
        done = subprocess.run([sys.executable, "-S", "-c", LAUNCH, usage.name, *map(str, cmd)], cwd=cwd,
                              env=dict(env), stdout=out if capture else subprocess.DEVNULL, stderr=err, check=False)
        fields = usage.read().split()
        if done.returncode != 0 or len(fields) != 4 or not accept(int(fields[3])):
            err.seek(0)
            sys.exit(f"bench: {' '.join(map(str, cmd[:5]))} ... exited {fields[3] if fields else done.returncode}:"
                     f"\n{err.read().decode('utf-8', 'replace')[-2000:]}")
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace") if capture else ""
    wall, cpu, kib, code = float(fields[0]), float(fields[1]), int(fields[2]), int(fields[3])
    return Sample(wall, cpu, kib / 1024, code, stdout)


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
