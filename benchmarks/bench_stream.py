"""Memory and CPU of every streaming command, side by side with JSON and the PyYAML C-loader parse floor.

    python benchmarks/bench_stream.py [--sizes 1000,10000] [--commands qualify-json,qualify-table,...]

Generates N profiles (benchmarks/generate.py, fixed seed) and runs each command once per size in a fresh
launcher (benchmarks/_timing.py), which reports the command's wall time, CPU time (the command and its workers,
as the launcher waits for it) and peak RSS (the largest single process: parent or a worker).
The floor parses the same files with PyYAML's CSafeLoader in one process. Then it prints the goals of
issue 19 items 1 and 2 (ratios in the same run, so a busy machine slows both sides):

- peak RSS at the largest size <= 1.5x at the smallest, and <= 100 MB, for every command;
- every qualify format's wall time within 1.2x of JSON's;
- `qualify --format json` CPU (all processes) <= 1.5x the floor's CPU.

Exit status 1 when a goal fails. Runs use --no-cache where the command has a cache (a warm cache would
measure the cache, which benchmarks/bench.py does).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import environment  # siblings of this script
from _timing import measure as timed
from bench import FLOOR_LOOP, FLOORS
from generate import generate

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
}
QUALIFY = [name for name in COMMANDS if name.startswith("qualify-")]
FLOOR = FLOORS["PyYAML CSafeLoader"] + FLOOR_LOOP  # the floor benchmarks/bench.py measures too


def measure(argv: list[str]) -> dict[str, float]:
    """Wall seconds, CPU seconds (all processes) and peak RSS in MB of one run of ``argv`` (benchmarks/_timing.py:
    a minimal launcher measures it, so no parent's memory counts)."""
    done = timed(argv, Path.cwd(), environment(KASALES_TODAY="2026-11-29"), accept=lambda code: code in (0, 1))
    return {"wall": done.wall, "cpu": done.cpu, "rss": done.rss_mb}


def main() -> int:
    """Run every scenario and print the figures and the goals."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    names = args.commands.split(",")
    figures: dict[tuple[str, int], dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="kasales-stream-") as tmp:
        for size in sizes:
            folder = Path(tmp) / f"p{size}"
            generate(folder, size, seed=2026)
            figures[("floor", size)] = measure([sys.executable, "-c", FLOOR, str(folder)])
            for name in names:
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
    goals: list[tuple[str, float, float]] = []
    for name in names:
        ratio = figures[(name, large)]["rss"] / figures[(name, small)]["rss"]
        if large != small:
            goals.append((f"{name}: peak RSS {large:,} / {small:,}", ratio, 1.5))
        goals.append((f"{name}: peak RSS at {large:,} (MB)", figures[(name, large)]["rss"], 100.0))
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
