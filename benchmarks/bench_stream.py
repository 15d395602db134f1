"""Memory and CPU of every streaming command, side by side with JSON and the PyYAML C-loader parse floor.

    python benchmarks/bench_stream.py [--sizes 1000,10000] [--commands qualify-json,qualify-table,...]
    python benchmarks/bench_stream.py --sizes 1000,100000      # issue 19's scale goal: every command at 100k

Generates N profiles (benchmarks/generate.py, fixed seed) and runs each command once per size in a fresh
launcher (benchmarks/_timing.py), which reports the command's wall time, CPU time (the command and its workers,
as the launcher waits for it) and peak RSS (the largest single process: parent or a worker). `diff` and
`history` run in a git repository of the same number of profiles (benchmarks/bench_git.build: a second commit
changes a tenth of them), built only when one of them is asked for.
The floor parses the same files with PyYAML's CSafeLoader in one process. Then it prints the goals of
issue 19 items 1, 2 and 4 (ratios in the same run, so a busy machine slows both sides):

- up to 10,000 profiles (item 1): peak RSS at the largest size <= 1.5x at the smallest, and <= 100 MB, for every
  command; beyond (item 4, "100,000 profiles without swapping on an 8 GB machine"): the largest process's peak
  times the run's processes (the parent and one worker per usable core) <= 8,192 MB;
- every qualify format's wall time within 1.2x of JSON's;
- `qualify --format json` CPU (all processes) <= 1.5x the floor's CPU.

Exit status 1 when a goal fails. Runs use --no-cache where the command has a cache (a warm cache would
measure the cache, which benchmarks/bench.py does).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import environment  # siblings of this script
from _timing import measure as timed
from bench import FLOOR_LOOP, FLOORS, git_repo
from generate import generate

from kasales.io.parallel import usable_cores

KASALES = [sys.executable, "-m", "kasales"]
COMMANDS: dict[str, list[str]] = {
    "qualify-json": ["qualify", "{dir}", "--format", "json", "--no-cache"],
    "qualify-table": ["qualify", "{dir}"],
    "qualify-csv": ["qualify", "{dir}", "--format", "csv"],
    "qualify-markdown": ["qualify", "{dir}", "--format", "markdown"],
    "qualify-github": ["qualify", "{dir}", "--format", "github"],
    "validate": ["validate", "{dir}", "--no-cache"],
    "report": ["report", "{dir}"],
    "report-json": ["report", "{dir}", "--format", "json"],
    "report-html": ["report", "{dir}", "--html", "{out}/report.html", "--force"],
    "checklist-json": ["checklist", "{dir}", "--format", "json"],
    "checklist-table": ["checklist", "{dir}"],
}
# run in the git repository (cwd), over its accounts/ folder
GIT_COMMANDS: dict[str, list[str]] = {
    "diff-json": ["diff", "HEAD~1", "--to", "HEAD", "accounts", "--format", "json"],
    "history-json": ["history", "accounts", "--format", "json"],
}
QUALIFY = [name for name in COMMANDS if name.startswith("qualify-")]
# Issue 19's memory goals: <= 1.5x and <= 100 MB up to 10,000 profiles (item 1); beyond, "without swapping on
# an 8 GB machine" (item 4), checked as the largest process's peak times the processes of a run (the parent
# and one worker per usable core) - an upper bound of what the run holds at once.
SCALE_FROM = 10_000
FLOOR = FLOORS["PyYAML CSafeLoader"] + FLOOR_LOOP  # the floor benchmarks/bench.py measures too


def measure(argv: list[str], cwd: Path | None = None) -> dict[str, float]:
    """Wall seconds, CPU seconds (all processes) and peak RSS in MB of one run of ``argv`` (benchmarks/_timing.py:
    a minimal launcher measures it, so no parent's memory counts)."""
    done = timed(argv, cwd or Path.cwd(), environment(KASALES_TODAY="2026-11-29"), accept=lambda code: code in (0, 1))
    return {"wall": done.wall, "cpu": done.cpu, "rss": done.rss_mb}


def main() -> int:
    """Run every scenario and print the figures and the goals."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--commands", default=",".join([*COMMANDS, *GIT_COMMANDS]))
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    names = args.commands.split(",")
    figures: dict[tuple[str, int], dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="kasales-stream-") as tmp:
        for size in sizes:
            folder = Path(tmp) / f"p{size}"
            generate(folder, size, seed=2026)
            repo = git_repo(Path(tmp), size) if any(name in GIT_COMMANDS for name in names) else None
            # the new files on disk before anything is timed: at 100,000 profiles (400 MB and a repository)
            # the kernel was still writing them out while the first command ran, which took half again as long
            os.sync()
            figures[("floor", size)] = measure([sys.executable, "-c", FLOOR, str(folder)])
            for name in names:
                if name in GIT_COMMANDS:
                    figures[(name, size)] = measure([*KASALES, *GIT_COMMANDS[name]], repo)
                else:
                    argv = [part.format(dir=folder, out=tmp) for part in COMMANDS[name]]
                    figures[(name, size)] = measure([*KASALES, *argv])
                print(f"{name:18} {size:>7,}  wall {figures[(name, size)]['wall']:7.2f} s  "
                      f"cpu {figures[(name, size)]['cpu']:7.2f} s  peak RSS {figures[(name, size)]['rss']:7.1f} MB",
                      flush=True)
            floor = figures[("floor", size)]
            print(f"{'pyyaml C floor':18} {size:>7,}  wall {floor['wall']:7.2f} s  cpu {floor['cpu']:7.2f} s  "
                  f"peak RSS {floor['rss']:7.1f} MB", flush=True)
    return report(figures, sizes, names)


def report(figures: dict[tuple[str, int], dict[str, float]], sizes: list[int], names: list[str]) -> int:
    """Print each goal with its figure and PASS/FAIL; 1 when any fails."""
    small, large = sizes[0], sizes[-1]
    processes = 1 + usable_cores()
    goals: list[tuple[str, float, float]] = []
    for name in names:
        peak = figures[(name, large)]["rss"]
        if large > SCALE_FROM:  # item 4: the parent and every worker together fit an 8 GB machine, no swapping
            goals.append((f"{name}: {processes} processes x peak RSS at {large:,} (MB)", processes * peak, 8192.0))
            continue
        if large != small:  # item 1: flat memory from 1k to 10k, and small
            goals.append((f"{name}: peak RSS {large:,} / {small:,}", peak / figures[(name, small)]["rss"], 1.5))
        goals.append((f"{name}: peak RSS at {large:,} (MB)", peak, 100.0))
    if "qualify-json" in names:
        json_wall = figures[("qualify-json", large)]["wall"]
        for name in QUALIFY:
            if name in names and name != "qualify-json":
                goals.append((f"{name}: wall / qualify-json at {large:,}", figures[(name, large)]["wall"] / json_wall,
                              1.2))
        goals.append((f"qualify-json CPU / PyYAML C floor CPU at {large:,}",
                      figures[("qualify-json", large)]["cpu"] / figures[("floor", large)]["cpu"], 1.5))
    failed = 0
    print()
    for label, value, limit in goals:
        ok = value <= limit
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {label:58} {value:8.2f}  (goal <= {limit:g})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
