"""Benchmark `kasales qualify` against the parse-only floor, check-jsonschema, and its own startup.

    python benchmarks/bench.py [--sizes 2000,10000] [--rounds 3] [--quick]

Generates N varied valid profiles (deterministic seed) into a temporary folder and times, side by side
and interleaved round by round (medians of wall-clock seconds):

- kasales:  `kasales qualify DIR --format json` (stdout to /dev/null);
- floor:    a `python -c` script that only reads and parses the same files with ruamel.yaml's C safe
            loader, in one process (interpreter start counts on both sides);
- peer:     `check-jsonschema --schemafile SCHEMA FILES...` against `kasales schema`.

It also measures the peak memory (max RSS, from getrusage in a fresh helper process) of kasales for
1,000 and 10,000 profiles, and the startup of `kasales --version` / `--help` against
`python -c "import typer"`, then prints a PASS/FAIL table of the targets. Exit status: 1 when a
target fails in a full run, 0 otherwise (a --quick run only smoke-tests the harness).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # the generator sits next to this script

BIN = Path(sys.executable).parent
FLOOR = """
import os, sys
from ruamel.yaml import YAML
yaml = YAML(typ="safe", pure=False)
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    if name.endswith((".yaml", ".yml")):
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            yaml.load(handle.read())
"""
PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
TARGETS = {"floor": 1.0, "peer": 0.25, "memory": 1.5, "startup": 1.3}


@dataclass
class Row:
    """One target: what was measured, its value, the limit, and whether it passed."""

    name: str
    value: float
    limit: float

    @property
    def passed(self) -> bool:
        """Whether the measured ratio is within its limit."""
        return self.value <= self.limit


def tool(name: str) -> str:
    """An executable of the running virtual environment, else from PATH."""
    here = BIN / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"bench: {name} not found (install the test extras: pip install -e '.[test]')")
    return found


def environment() -> dict[str, str]:
    """The children's environment: bytecode caching on (as for any installed package), English, no colour."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "KASALES_JOBS")}
    env.update(KASALES_LANG="en", NO_COLOR="1")
    return env


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Wall-clock seconds of one run with stdout to /dev/null; a failing command stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:4])} ... exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    return elapsed


def prepare(root: Path, count: int, env: dict[str, str]) -> Path:
    """Generate ``count`` profiles and check that kasales scores every one (a fast wrong answer is no result)."""
    folder = root / f"n{count}"
    generate(folder, count)
    done = subprocess.run([tool("kasales"), "qualify", folder.name, "--format", "json"], cwd=root, env=env,
                          capture_output=True, check=False)
    scored = json.loads(done.stdout)["summary"]["scored"] if done.returncode == 0 else -1
    if scored != count:
        sys.exit(f"bench: kasales scored {scored} of {count} generated profiles:\n{done.stderr.decode()[-2000:]}")
    return folder


def throughput(root: Path, folder: Path, schema: Path, rounds: int, env: dict[str, str]) -> dict[str, float]:
    """Median seconds of kasales, the floor and check-jsonschema on one folder, interleaved round by round."""
    files = sorted(p.name for p in folder.iterdir())
    commands = {
        "kasales": ([tool("kasales"), "qualify", folder.name, "--format", "json"], root),
        "floor": ([sys.executable, "-c", FLOOR, folder.name], root),
        "peer": ([tool("check-jsonschema"), "--schemafile", str(schema), *files], folder),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(rounds):
        order = list(commands)[round_ % 3:] + list(commands)[:round_ % 3]  # no side always runs first
        for name in order:
            cmd, cwd = commands[name]
            times[name].append(run(cmd, cwd, env))
    return {name: statistics.median(values) for name, values in times.items()}


def peak_rss(root: Path, folder: Path, env: dict[str, str]) -> float:
    """Max RSS in MiB of kasales and its workers, read by a fresh helper process after they end."""
    cmd = [sys.executable, "-c", PEAK, tool("kasales"), "qualify", folder.name, "--format", "json"]
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=True)
    code, kib = done.stdout.split()
    if code != "0":
        sys.exit(f"bench: kasales exited {code} while measuring memory")
    return int(kib) / 1024


def startup(runs: int, env: dict[str, str], cwd: Path) -> dict[str, float]:
    """Median seconds of `kasales --version`, `kasales --help` and `python -c "import typer"`, interleaved."""
    commands = {"typer": [sys.executable, "-c", "import typer"], "version": [tool("kasales"), "--version"],
                "help": [tool("kasales"), "--help"]}
    for cmd in commands.values():  # warm-up: page cache and bytecode caches
        run(cmd, cwd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(run(cmd, cwd, env))
    return {name: statistics.median(values) for name, values in times.items()}


def versions() -> str:
    """The software measured, for the report."""
    from importlib.metadata import version

    loader = "C loader"
    try:
        from ruamel.yaml.cyaml import CParser  # noqa: F401
    except ImportError:
        loader = "pure-Python loader"
    return (f"Python {platform.python_version()} on {platform.system()} · {len(os.sched_getaffinity(0))} cores · "
            f"kasales {version('kasales')} · ruamel.yaml {version('ruamel.yaml')} ({loader}) · "
            f"check-jsonschema {version('check-jsonschema')}")


def throughput_rows(root: Path, folders: dict[int, Path], sizes: list[int], schema: Path, rounds: int,
                    env: dict[str, str]) -> list[Row]:
    """Time every size and print one line each."""
    rows = []
    print(f"throughput: median of {rounds} round(s), wall clock seconds")
    print(f"{'N':>7} {'kasales':>9} {'floor':>9} {'check-jsonschema':>17} {'kasales/floor':>14} "
          f"{'kasales/peer':>13}")
    for n in sizes:
        t = throughput(root, folders[n], schema, rounds, env)
        floor, peer = t["kasales"] / t["floor"], t["kasales"] / t["peer"]
        print(f"{n:>7} {t['kasales']:>8.2f}s {t['floor']:>8.2f}s {t['peer']:>16.2f}s {floor:>13.2f}x "
              f"{peer:>12.2f}x")
        rows += [Row(f"N={n}: kasales / floor", floor, TARGETS["floor"]),
                 Row(f"N={n}: kasales / check-jsonschema", peer, TARGETS["peer"])]
    return rows


def memory_row(root: Path, folders: dict[int, Path], small: int, large: int, env: dict[str, str]) -> Row:
    """Peak memory at two sizes and their ratio."""
    mem = {n: peak_rss(root, folders[n], env) for n in (small, large)}
    ratio = mem[large] / mem[small]
    print(f"\npeak memory (max RSS) of kasales qualify --format json: {small:,} profiles {mem[small]:.1f} MiB,"
          f" {large:,} profiles {mem[large]:.1f} MiB, ratio {ratio:.2f}x")
    return Row(f"memory: {large:,} / {small:,} profiles", ratio, TARGETS["memory"])


def startup_rows(runs: int, env: dict[str, str], cwd: Path) -> list[Row]:
    """Startup medians against `import typer`."""
    s = startup(runs, env, cwd)
    print(f"\nstartup: median wall clock of {runs} runs")
    print(f"  python -c 'import typer' {s['typer'] * 1000:6.1f} ms")
    rows = []
    for name in ("version", "help"):
        print(f"  kasales --{name:<16}{s[name] * 1000:6.1f} ms  {s[name] / s['typer']:.2f}x")
        rows.append(Row(f"startup: kasales --{name} / import typer", s[name] / s["typer"], TARGETS["startup"]))
    return rows


def main() -> int:
    """Parse options, run every measurement, print the figures and the PASS/FAIL table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,10000", help="portfolio sizes to time (default 2000,10000)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per size (default 3)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 300 profiles, 1 round")
    args = parser.parse_args()
    sizes = [300] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    rounds = 1 if args.quick else max(1, args.rounds)
    small, large = (150, 1500) if args.quick else (1000, 10000)
    env = environment()
    print(versions())
    with tempfile.TemporaryDirectory(prefix="kasales-bench-") as tmp:
        root = Path(tmp)
        schema = root / "profile.schema.json"
        schema.write_text(subprocess.run([tool("kasales"), "schema"], env=env, capture_output=True, text=True,
                                         check=True).stdout, encoding="utf-8")
        folders = {n: prepare(root, n, env) for n in sorted({*sizes, small, large})}
        sizes_kb = sorted(p.stat().st_size / 1024 for p in folders[large].iterdir())
        print(f"profiles: {sizes_kb[0]:.1f}-{sizes_kb[-1]:.1f} KB, median {sizes_kb[len(sizes_kb) // 2]:.1f} KB "
              "(generated with a fixed seed)\n")
        rows = throughput_rows(root, folders, sizes, schema, rounds, env)
        rows.append(memory_row(root, folders, small, large, env))
        rows += startup_rows(5 if args.quick else 15 * rounds, env, root)
    print(f"\n{'target':<44} {'value':>7} {'limit':>7}  result")
    for row in rows:
        print(f"{row.name:<44} {row.value:>6.2f}x {row.limit:>6.2f}x  {'PASS' if row.passed else 'FAIL'}")
    if args.quick:
        print("\n(--quick: small N and one round; the figures are a smoke test, not the targets)")
        return 0
    return 0 if all(row.passed for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
