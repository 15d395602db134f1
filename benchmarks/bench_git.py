"""Benchmark `kasales diff` and `kasales history` against `kasales qualify` on the same generated repository.

    python benchmarks/bench_git.py [--profiles 2000] [--changed 50] [--commits 100] [--rounds 3]

Builds a git repository of N generated profiles (deterministic seed) with two commits, the second changing
C profiles (a MAN status flipped, so verdicts move), and times, interleaved round by round (medians of
wall-clock seconds, interpreter start included on every side):

- qualify:   `kasales qualify accounts --format json` (the baseline: every profile scored once);
- diff --to: `kasales diff HEAD~1 --to HEAD accounts --format json` (both revisions read through git);
- diff:      `kasales diff HEAD~1 accounts --format json` (HEAD~1 against the working tree).

The goal is diff / qualify <= 1.2: only the C changed profiles are scored twice. Then it adds commits until
the history has K commits (each changing a few profiles), runs `kasales history accounts --format json`
and checks that the number of versions it scored equals the number of distinct blobs git holds for the
folder (each scored once), and times it against qualify. Exit status 1 when a target fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import environment, interleaved, measure, median, tool
from generate import generate

TARGETS = {"diff": 1.2}
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_CONFIG_NOSYSTEM": "1"}


def kasales() -> str:
    """The kasales executable of this environment."""
    return str(tool("kasales"))


def env_git() -> dict[str, str]:
    """The children's environment (benchmarks/_timing.py) with a fixed git identity."""
    return environment(**GIT_ENV)


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo``; its stdout."""
    return subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True,
                          check=True).stdout


def flip(path: Path) -> None:
    """Change a profile so its qualification moves: the first MAN `status: yes` <-> `status: partial`."""
    text = path.read_text(encoding="utf-8")
    start = text.find("\nman:")
    block_end = min((i for i in (text.find(f"\n{c}", start + 1) for c in "abcdefghijklmnopqrstuvwxyz") if i > 0),
                    default=len(text))  # the next top-level key
    status = text.find("status:", start, block_end) if start >= 0 else -1
    end = text.find("\n", status) if status >= 0 else -1
    if end > 0:  # the first MAN dimension with a long-form status (intel statuses take other values)
        head, line = text[:text.rfind("\n", 0, end) + 1], text[text.rfind("\n", 0, end) + 1:end]
        flipped = line.replace("yes", "partial") if "yes" in line else line.split(":")[0] + ": yes"
        text = head + flipped + text[end:]
    path.write_text(text + "# reviewed\n", encoding="utf-8")  # the comment: a new blob in any case


def build(root: Path, profiles: int, changed: int) -> tuple[Path, list[Path]]:
    """A repository with ``profiles`` profiles in accounts/, and a second commit changing ``changed`` of them."""
    repo = root / "repo"
    files = generate(repo / "accounts", profiles)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "portfolio")
    for path in random.Random(14).sample(files, changed):
        flip(path)
    git(repo, "commit", "-q", "-am", f"{changed} accounts reviewed")
    return repo, files


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """Wall-clock seconds and stdout of one run; a crash (exit 2 or more) stops the benchmark."""
    done = measure(cmd, cwd, env, capture=True, accept=lambda code: code < 2)
    return done.wall, done.stdout


def medians(commands: dict[str, list[str]], repo: Path, env: dict[str, str], rounds: int) -> dict[str, float]:
    """Median seconds of each command, interleaved round by round (benchmarks/_timing.py)."""
    runs = {name: partial(measure, cmd, repo, env, accept=lambda code: code < 2) for name, cmd in commands.items()}
    return {name: median(samples) for name, samples in interleaved(runs, rounds).items()}


def diff_rows(repo: Path, changed: int, env: dict[str, str], rounds: int) -> list[tuple[str, float, float]]:
    """Time qualify, diff --to and diff; check the diff found the changes; (name, ratio, limit) rows."""
    k = kasales()
    commands = {"qualify": [k, "qualify", "accounts", "--format", "json"],
                "diff --to": [k, "diff", "HEAD~1", "--to", "HEAD", "accounts", "--format", "json"],
                "diff": [k, "diff", "HEAD~1", "accounts", "--format", "json"]}
    found = json.loads(run(commands["diff --to"], repo, env)[1])
    moved = sum(c["status"] != "unchanged" for c in found["changes"])
    if not 0 < moved <= changed or found["errors"]:  # a profile whose MAN is all short forms only got a comment
        sys.exit(f"bench_git: diff reported {moved} changes for {changed} changed profiles")
    print(f"diff reports {moved} of the {changed} changed profiles as changed accounts (the rest: a comment only)")
    t = medians(commands, repo, env, rounds)
    print(f"diff: median of {rounds} round(s), wall clock seconds")
    for name, value in t.items():
        print(f"  {name:<10} {value:6.2f}s  {value / t['qualify']:.2f}x")
    return [(f"{name} / qualify", t[name] / t["qualify"], TARGETS["diff"]) for name in ("diff --to", "diff")]


def history_rows(repo: Path, files: list[Path], commits: int, env: dict[str, str],
                 rounds: int) -> list[tuple[str, float, float]]:
    """Grow the history to ``commits`` commits; check each distinct blob is scored once; time it."""
    rng = random.Random(2026)
    have = int(git(repo, "rev-list", "--count", "HEAD"))
    for i in range(have, commits):
        for path in rng.sample(files, 5):
            flip(path)
        git(repo, "commit", "-q", "-am", f"review {i}")
    raw = git(repo, "log", "--raw", "--no-abbrev", "--no-renames", "--format=", "--", "accounts")
    blobs = {line.split()[3] for line in raw.splitlines() if line.startswith(":")} - {"0" * 40}
    k = kasales()
    report = json.loads(run([k, "history", "accounts", "--format", "json"], repo, env)[1])["summary"]
    once = report["blobs_scored"] == len(blobs) and report["commits"] == commits
    print(f"\nhistory: {report['commits']} commits, {len(blobs):,} distinct blobs in git, {report['blobs_scored']:,} "
          f"scored by kasales ({'each once' if once else 'MISMATCH'}), {report['points']:,} points")
    t = medians({"qualify": [k, "qualify", "accounts", "--format", "json"],
                     "history": [k, "history", "accounts", "--format", "json"]}, repo, env, rounds)
    per_blob = t["history"] / len(blobs) * 1000
    print(f"  qualify {t['qualify']:6.2f}s ({len(files):,} profiles)   history {t['history']:6.2f}s "
          f"({per_blob:.2f} ms per distinct blob, {t['history'] / t['qualify']:.2f}x qualify)")
    return [("history: blobs scored / distinct blobs", report["blobs_scored"] / len(blobs), 1.0)] if once else \
        [("history: blobs scored / distinct blobs", report["blobs_scored"] / max(1, len(blobs)), 0.0)]


def main() -> int:
    """Parse options, build the repository, print the figures and the PASS/FAIL table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profiles", type=int, default=2000)
    parser.add_argument("--changed", type=int, default=50)
    parser.add_argument("--commits", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    env = env_git()
    print(f"{args.profiles:,} profiles, {args.changed} changed between two commits; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="kasales-bench-git-") as tmp:
        repo, files = build(Path(tmp), args.profiles, args.changed)
        rows = diff_rows(repo, args.changed, env, max(1, args.rounds))
        rows += history_rows(repo, files, args.commits, env, max(1, args.rounds))
    print(f"\n{'target':<40} {'value':>7} {'limit':>7}  result")
    for name, value, limit in rows:
        print(f"{name:<40} {value:>6.2f}x {limit:>6.2f}x  {'PASS' if value <= limit else 'FAIL'}")
    return 0 if all(value <= limit for _, value, limit in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
