"""Benchmark every kasales command side by side with its floors and peers, the cache, and one-file start-up.

    python benchmarks/bench.py [--sizes 1000,10000] [--rounds 3] [--cache-size 5000] [--markdown]
    python benchmarks/bench.py --sizes 200,1000 --rounds 3     # a few minutes
    python benchmarks/bench.py --quick                         # a smoke test of the harness

For each size it generates N varied valid profiles (fixed seed) and runs, interleaved round by round (the
order rotated every round), and reports MEDIANS over the rounds - never the best round:

- floors:   a `python -c` script that only reads and parses every file, in one process, with PyYAML's
            C loader (CSafeLoader, libyaml) and with ruamel.yaml's C safe loader;
- peer:     `check-jsonschema --schemafile` against `kasales schema` (skipped when not installed);
- kasales:  `qualify` in every format, `validate`, `checklist` (json, table), `report` (text, json, html),
            each with the cache off, so the figures are the work itself; and in a git repository of the
            same number of profiles, two commits (a tenth changed), `diff --to` and `history` (JSON).

Each run is measured as wall-clock seconds, CPU seconds of the whole process tree (workers included) and
peak memory (max RSS of the largest process, from wait4). Then:

- cache:    `qualify --format json` over --cache-size profiles with no cache, a cold cache (empty folder),
            a warm one (nothing changed), and a warm one after one file changed;
- one file: `kasales qualify ONE.yaml` in every format and `validate ONE.yaml` against
            `python -c "import typer"`, and `kasales --version` / `--help`; for reference, what typer loads
            to coerce a given option (`import typer, typer._adapters`: pydantic and its adapters) and the
            dependencies of any one-file run doing no work (that, ruamel.yaml's C loader, the profile models
            and the default rubric), which bound how close to `import typer` one file can come.

It prints each figure, then every goal of the performance issues as met / not met; --markdown prints the
README's tables instead. Exit 1 when a goal is not met in a full run (never with --quick).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import Row, Sample, environment, interleaved, measure, median, tool
from generate import generate

FLOORS = {
    "PyYAML CSafeLoader": "import yaml\nload = lambda text: yaml.load(text, Loader=yaml.CSafeLoader)\n",
    "ruamel C safe loader": "from ruamel.yaml import YAML\nload = YAML(typ='safe', pure=False).load\n",
}
FLOOR_LOOP = """
import os, sys
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    if name.endswith((".yaml", ".yml")):
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            load(handle.read())
"""
LIMITS = {"floor": 1.0, "peer": 0.25, "rss_growth": 1.5, "rss_mb": 100.0, "format": 1.2, "cpu_floor": 1.5,
          "warm": 0.2, "changed": 1.0, "one_file": 2.0, "startup": 1.3}


@dataclass
class Figures:
    """Everything measured, by size and name, for the report and the goals."""

    sizes: list[int]
    runs: dict[int, dict[str, list[Sample]]] = field(default_factory=dict)
    cache: dict[str, list[Sample]] = field(default_factory=dict)
    cache_size: int = 0
    one: dict[str, list[Sample]] = field(default_factory=dict)
    peer: bool = True


def qualify_formats() -> list[str]:
    """Every format `kasales qualify --format` offers (its registry), JSON first; asked in a child process,
    so this script stays small (see _timing.LAUNCH)."""
    code = "from kasales.render import FORMATS; print(' '.join(FORMATS))"
    names = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return sorted(names, key=lambda name: (name != "json", name))


def commands(folder: str, page: Path) -> dict[str, list[str]]:
    """The kasales commands timed at every size (arguments after `kasales`)."""
    out = {f"qualify --format {fmt}": ["qualify", folder, "--format", fmt] for fmt in qualify_formats()}
    out["validate"] = ["validate", folder]
    out["checklist --format json"] = ["checklist", folder, "--format", "json"]
    out["checklist"] = ["checklist", folder]
    out["report"] = ["report", folder]
    out["report --format json"] = ["report", folder, "--format", "json"]
    out["report --html"] = ["report", folder, "--html", str(page), "--force"]
    return out


# run in a git repository of the same profiles (bench_git.build: a second commit changes a tenth of them)
GIT_COMMANDS = {"diff --format json": ["diff", "HEAD~1", "--to", "HEAD", "accounts", "--format", "json"],
                "history --format json": ["history", "accounts", "--format", "json"]}


def git_repo(root: Path, count: int) -> Path:
    """A repository of ``count`` generated profiles in accounts/, and a second commit changing a tenth of them."""
    from bench_git import build

    return build(root / f"git{count}", count, max(1, count // 10))[0]


def gate_ok(code: int) -> bool:
    """0 clean, 1 a gate tripped (validate/report may use it): anything else is a failure."""
    return code in (0, 1)


def prepare(root: Path, count: int, env: dict[str, str]) -> Path:
    """Generate ``count`` profiles and check that kasales scores every one (a fast wrong answer is no result)."""
    folder = root / f"n{count}"
    generate(folder, count)
    done = measure([str(tool("kasales")), "qualify", folder.name, "--format", "json"], root, env, capture=True,
                   accept=lambda code: True)
    scored = json.loads(done.stdout)["summary"]["scored"] if done.code == 0 else -1
    if scored != count:
        sys.exit(f"bench: kasales scored {scored} of {count} generated profiles")
    return folder


def throughput(root: Path, folder: Path, schema: Path, rounds: int, env: dict[str, str], peer: str | None,
               repo: Path | None = None) -> dict[str, list[Sample]]:
    """Floors, peer and every kasales command on one folder, interleaved round by round."""
    runs: dict[str, Callable[[], Sample]] = {}
    for name, head in FLOORS.items():
        runs[f"floor: {name}"] = partial(measure, [sys.executable, "-c", head + FLOOR_LOOP, folder.name], root, env)
    if peer:
        files = sorted(p.name for p in folder.iterdir())
        runs["peer: check-jsonschema"] = partial(measure, [peer, "--schemafile", str(schema), *files], folder, env)
    kasales = str(tool("kasales"))
    for name, args in commands(folder.name, root / "page.html").items():
        runs[name] = partial(measure, [kasales, *args], root, env, accept=gate_ok)
    for name, args in GIT_COMMANDS.items() if repo is not None else ():
        runs[name] = partial(measure, [kasales, *args], repo, env, accept=gate_ok)
    return interleaved(runs, rounds)


def cache_runs(root: Path, folder: Path, rounds: int, env: dict[str, str]) -> dict[str, list[Sample]]:
    """`qualify --format json` with no cache, a cold cache, a warm one, and one file changed (in that order)."""
    cache_dir = root / "cache"
    cached = {**env, "KASALES_CACHE_DIR": str(cache_dir), "XDG_CACHE_HOME": str(root / "home")}
    del cached["KASALES_NO_CACHE"]
    cmd = [str(tool("kasales")), "qualify", folder.name, "--format", "json"]
    victim = sorted(folder.iterdir())[len(list(folder.iterdir())) // 2]
    original = victim.read_text(encoding="utf-8")
    counter = iter(range(1_000_000))

    def cold() -> Sample:
        shutil.rmtree(cache_dir, ignore_errors=True)
        return measure(cmd, root, cached)

    def changed() -> Sample:
        victim.write_text(f"{original}# edited {next(counter)}\n", encoding="utf-8")
        return measure(cmd, root, cached)

    try:  # fixed order: warm needs the cold run's entries, changed needs the warm state
        return interleaved({"no cache": partial(measure, cmd, root, env), "cold cache": cold,
                            "warm cache": partial(measure, cmd, root, cached), "one file changed": changed}, rounds)
    finally:
        victim.write_text(original, encoding="utf-8")


DEPENDENCIES = ("import typer, typer._adapters, ruamel.yaml.cyaml, kasales.core.models\n"
                "from kasales.io.rubrics import default_rubric\ndefault_rubric()")


def one_file(root: Path, profile: Path, runs: int, env: dict[str, str]) -> dict[str, list[Sample]]:
    """Start-up of one-file commands against `import typer`, interleaved."""
    kasales = str(tool("kasales"))
    cmds: dict[str, list[str]] = {
        "python -c 'import typer'": [sys.executable, "-c", "import typer"],
        "python -c 'import typer, pydantic'": [sys.executable, "-c", "import typer, pydantic"],
        # what typer itself loads to coerce a given option or argument (any one-file run has one)
        "python -c 'import typer, typer._adapters'": [sys.executable, "-c", "import typer, typer._adapters"],
        # ... and what any one-file run needs besides: the YAML C loader, the profile models, the default rubric
        "dependencies of one file (no work)": [sys.executable, "-c", DEPENDENCIES],
        "kasales --version": [kasales, "--version"],
        "kasales --help": [kasales, "--help"],
    }
    for fmt in qualify_formats():
        cmds[f"kasales qualify ONE.yaml --format {fmt}"] = [kasales, "qualify", profile.name, "--format", fmt]
    cmds["kasales validate ONE.yaml"] = [kasales, "validate", profile.name]
    for cmd in cmds.values():  # warm-up: page cache and bytecode caches
        measure(cmd, root, env, accept=gate_ok)
    return interleaved({name: partial(measure, cmd, root, env, accept=gate_ok) for name, cmd in cmds.items()}, runs)


def versions() -> str:
    """The software measured, for the report."""
    from importlib.metadata import PackageNotFoundError, version

    def ver(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    return (f"Python {platform.python_version()} on {platform.system()}, {len(os.sched_getaffinity(0))} cores, "
            f"kasales {ver('kasales')}, typer {ver('typer')}, pydantic {ver('pydantic')}, ruamel.yaml "
            f"{ver('ruamel.yaml')}, PyYAML {ver('PyYAML')}, check-jsonschema {ver('check-jsonschema')}")


def goals(f: Figures) -> list[Row]:
    """Every goal of the performance issues, as value against limit."""
    rows: list[Row] = []
    small, large = f.sizes[0], f.sizes[-1]
    big = f.runs[large]
    for n in f.sizes:
        r = f.runs[n]
        json_wall = median(r["qualify --format json"])
        ruamel = median(r["floor: ruamel C safe loader"])
        rows.append(Row(f"N={n}: qualify json / ruamel floor (wall)", json_wall / ruamel, LIMITS["floor"]))
        if f.peer:
            rows.append(Row(f"N={n}: qualify json / check-jsonschema (wall)",
                            json_wall / median(r["peer: check-jsonschema"]), LIMITS["peer"]))
    rows.append(Row(f"N={large}: qualify json CPU / PyYAML floor CPU", median(big["qualify --format json"], "cpu")
                    / median(big["floor: PyYAML CSafeLoader"], "cpu"), LIMITS["cpu_floor"]))
    json_wall = median(big["qualify --format json"])
    for fmt in qualify_formats()[1:]:
        rows.append(Row(f"N={large}: qualify {fmt} / json (wall)", median(big[f"qualify --format {fmt}"]) / json_wall,
                        LIMITS["format"]))
    for name in kasales_names(f):
        peak = median(big[name], "rss_mb")
        if small != large:
            rows.append(Row(f"{name}: peak RSS N={large} / N={small}", peak / median(f.runs[small][name], "rss_mb"),
                            LIMITS["rss_growth"]))
        rows.append(Row(f"{name}: peak RSS at N={large}", peak, LIMITS["rss_mb"], " MB"))
    cold, warm = median(f.cache["cold cache"]), median(f.cache["warm cache"])
    rows.append(Row(f"cache N={f.cache_size}: warm / cold", warm / cold, LIMITS["warm"]))
    typer = median(f.one["python -c 'import typer'"])
    # "one changed file costs one file's work": what the changed file adds to a warm run, against what one
    # file's run adds to bare start-up (imports of the loader and engine, then the parse and score of one file)
    one_work = median(f.one["kasales qualify ONE.yaml --format json"]) - median(f.one["kasales --version"])
    rows.append(Row(f"cache N={f.cache_size}: (one file changed - warm) / one file's work",
                    (median(f.cache["one file changed"]) - warm) / one_work, LIMITS["changed"]))
    for name, samples in f.one.items():
        if name.startswith("kasales"):
            limit = LIMITS["startup"] if name in ("kasales --version", "kasales --help") else LIMITS["one_file"]
            rows.append(Row(f"{name} / import typer", median(samples) / typer, limit))
    return rows


def kasales_names(f: Figures) -> list[str]:
    """The kasales commands among the measured runs."""
    return [n for n in f.runs[f.sizes[0]] if not n.startswith(("floor:", "peer:"))]


def text_report(f: Figures) -> str:
    """The figures as aligned text."""
    lines = []
    for n in f.sizes:
        lines.append(f"\n{n:,} profiles (medians): wall s, CPU s (all processes), peak RSS MB")
        for name, samples in f.runs[n].items():
            lines.append(f"  {name:<36} {median(samples):8.2f} {median(samples, 'cpu'):8.2f} "
                         f"{median(samples, 'rss_mb'):8.1f}")
    lines.append(f"\ncache, qualify --format json over {f.cache_size:,} profiles: wall s, CPU s")
    for name, samples in f.cache.items():
        lines.append(f"  {name:<36} {median(samples):8.2f} {median(samples, 'cpu'):8.2f}")
    lines.append("\none file (medians): wall ms")
    for name, samples in f.one.items():
        lines.append(f"  {name:<48} {median(samples) * 1000:8.1f}")
    return "\n".join(lines)


def goals_report(rows: list[Row]) -> str:
    """The goals as a met / not met table."""
    lines = [f"\n{'goal':<62} {'value':>9} {'limit':>9}  result"]
    for row in rows:
        lines.append(f"{row.name:<62} {row.value:>8.2f}{row.unit.strip() or 'x':<1} {row.limit:>8.2f}"
                     f"{row.unit.strip() or 'x':<1}  {'met' if row.met else 'NOT MET'}")
    return "\n".join(lines)


def markdown(f: Figures, rows: list[Row], rounds: int) -> str:
    """The README's performance tables."""
    sizes = " | ".join(f"{n:,} profiles: wall s / CPU s / peak RSS MB" for n in f.sizes)
    out = [f"| command | {sizes} |", "|---|" + "---|" * len(f.sizes)]
    for name in f.runs[f.sizes[0]]:
        label = name if name.startswith(("floor:", "peer:")) else f"`kasales {name}`"
        cells = " | ".join(f"{median(f.runs[n][name]):.2f} / {median(f.runs[n][name], 'cpu'):.2f} / "
                           f"{median(f.runs[n][name], 'rss_mb'):.0f}" for n in f.sizes)
        out.append(f"| {label} | {cells} |")
    out += ["", f"| `qualify --format json`, {f.cache_size:,} profiles | wall s | CPU s |", "|---|---|---|"]
    out += [f"| {name} | {median(s):.2f} | {median(s, 'cpu'):.2f} |" for name, s in f.cache.items()]
    out += ["", "| one file | wall ms |", "|---|---|"]
    out += [f"| {f'`{name}`' if name.startswith(('python', 'kasales')) else name} | {median(s) * 1000:.0f} |"
            for name, s in f.one.items()]
    out += ["", "| goal | measured | limit | |", "|---|---|---|---|"]
    out += [f"| {r.name} | {r.value:.2f}{r.unit.strip() or '×'} | {r.limit:.2f}{r.unit.strip() or '×'} | "
            f"{'met' if r.met else '**not met**'} |" for r in rows]
    out.append(f"\n({versions()}; medians of {rounds} round(s).)")
    return "\n".join(out)


def main() -> int:
    """Parse options, run every measurement, print the figures and the goals."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="portfolio sizes (default 1000,10000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per measurement (default 3)")
    parser.add_argument("--cache-size", type=int, default=5000, help="profiles for the cache runs (default 5000)")
    parser.add_argument("--markdown", action="store_true", help="print the README's tables")
    parser.add_argument("--quick", action="store_true", help="smoke test: 100 and 300 profiles, 1 round")
    args = parser.parse_args()
    sizes = [100, 300] if args.quick else sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    rounds = 1 if args.quick else max(1, args.rounds)
    cache_size = 300 if args.quick else args.cache_size
    env = environment()
    log = partial(print, file=sys.stderr, flush=True)
    log(versions())
    peer = tool("check-jsonschema", required=False)
    if not peer:
        log("bench: check-jsonschema is not installed: the peer is skipped")
    figures = Figures(sizes, cache_size=cache_size, peer=bool(peer))
    with tempfile.TemporaryDirectory(prefix="kasales-bench-") as tmp:
        root = Path(tmp)
        schema = root / "profile.schema.json"
        schema.write_text(subprocess.run([str(tool("kasales")), "schema"], env=env, capture_output=True, text=True,
                                         check=True).stdout, encoding="utf-8")
        folders = {n: prepare(root, n, env) for n in sorted({*sizes, cache_size})}
        for n in sizes:
            log(f"bench: {n:,} profiles, {rounds} round(s)...")
            figures.runs[n] = throughput(root, folders[n], schema, rounds, env, peer, git_repo(root, n))
        log(f"bench: cache, {cache_size:,} profiles...")
        figures.cache = cache_runs(root, folders[cache_size], rounds, env)
        log("bench: one file...")
        one = root / "ONE.yaml"
        shutil.copyfile(sorted(folders[sizes[0]].iterdir())[0], one)
        figures.one = one_file(root, one, 5 if args.quick else 10 * rounds, env)
    rows = goals(figures)
    if args.markdown:
        print(markdown(figures, rows, rounds))
    else:
        print(versions())
        print(text_report(figures))
        print(goals_report(rows))
    if args.quick:
        print("\n(--quick: tiny sizes and one round; a smoke test of the harness, not the goals)")
        return 0
    return 0 if all(row.met for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
