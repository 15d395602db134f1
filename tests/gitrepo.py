"""A real git repository of profiles, built with the `git` command, for the diff/history/--changed-since tests.

History of `accounts/` (oldest first):
  c1 "start" (tag v1): metro develop (MAn), bank pursue, steel in old-steel.yaml, gone, broken (invalid)
  c2 "metro: need confirmed": metro develop -> pursue
  c3 on branch `credit`, merged into main by c4 (--no-ff): bank's credit 5 -> 2, a high red flag -> develop
  c5 "tidy": old-steel.yaml renamed to steel.yaml (same content), gone.yaml deleted, broken.yaml fixed
Working tree after build(): an untracked profile `accounts/fresh.yaml` (nurture) and an ignored scratch file.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {"GIT_AUTHOR_NAME": "Liu Yang", "GIT_AUTHOR_EMAIL": "liu@example.com", "GIT_COMMITTER_NAME": "Liu Yang",
           "GIT_COMMITTER_EMAIL": "liu@example.com", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def profile(key: str, name: str, money: str = "yes", authority: str = "yes", need: str = "yes",
            credit: int = 5, stage: str = "approach") -> str:
    """A fully researched profile (no unknown dimension, every factor scored), so its verdict is certain."""
    return (f"# {name}\n"
            "account:\n"
            f"  id: {key}\n"
            f"  name: {name}\n"
            "  updated: 2026-11-20\n"
            f"stage: {stage}\n"
            f"man: {{money: {money}, authority: {authority}, need: {need}}}\n"
            f"evaluation: {{need_degree: 4, need_volume: 4, purchasing_power: 4, decision_authority: 4, "
            f"credit: {credit}}}\n"
            "stakeholders:\n"
            "  - {name: Wang, roles: [decision_maker], attitude: supporter, influence: high, coach: true}\n")


METRO_BEFORE = profile("metro", "Metro Group", need="no")
METRO_AFTER = profile("metro", "Metro Group", need="yes", stage="present")
BANK_BEFORE = profile("bank", "Rural Bank")
BANK_AFTER = profile("bank", "Rural Bank", credit=2)
STEEL = profile("steel", "North Steel", money="no", authority="no", need="yes")
GONE = profile("gone", "Gone Ltd", money="no", authority="no", need="no")
BROKEN = "account: {id: broken, name: Broken Co}\nstage: nowhere\n"
FIXED = profile("broken", "Broken Co")
FRESH = profile("fresh", "Fresh Lead", money="no", authority="yes", need="no")


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity and dates; its stdout."""
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit(repo: Path, message: str, date: str) -> str:
    """Commit everything staged at ``date``; the new commit's hash."""
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, env=env, check=True, capture_output=True)
    return git(repo, "rev-parse", "HEAD").strip()


def write(repo: Path, rel: str, text: str) -> None:
    """Write ``text`` to ``repo/rel``."""
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build(repo: Path) -> dict[str, str]:
    """Build the repository described above in ``repo``; the commit hashes by name (c1 ... c5)."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "commit.gpgsign", "false")
    write(repo, ".gitignore", "*.scratch.yaml\n")
    write(repo, "README.md", "profiles\n")
    for rel, text in {"accounts/metro.yaml": METRO_BEFORE, "accounts/bank.yaml": BANK_BEFORE,
                      "accounts/old-steel.yaml": STEEL, "accounts/gone.yaml": GONE,
                      "accounts/broken.yaml": BROKEN}.items():
        write(repo, rel, text)
    git(repo, "add", "-A")
    commits = {"c1": commit(repo, "start", "2026-11-01T09:00:00+08:00")}
    git(repo, "tag", "v1")
    write(repo, "accounts/metro.yaml", METRO_AFTER)
    git(repo, "add", "-A")
    commits["c2"] = commit(repo, "metro: need confirmed", "2026-11-05T09:00:00+08:00")
    git(repo, "checkout", "-q", "-b", "credit", commits["c1"])
    write(repo, "accounts/bank.yaml", BANK_AFTER)
    git(repo, "add", "-A")
    commits["c3"] = commit(repo, "bank: credit check came back poor", "2026-11-06T09:00:00+08:00")
    git(repo, "checkout", "-q", "main")
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": "2026-11-07T09:00:00+08:00",
           "GIT_COMMITTER_DATE": "2026-11-07T09:00:00+08:00"}
    subprocess.run(["git", "merge", "-q", "--no-ff", "-m", "Merge branch 'credit'", "credit"], cwd=repo, env=env,
                   check=True, capture_output=True)
    commits["c4"] = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "mv", "accounts/old-steel.yaml", "accounts/steel.yaml")
    git(repo, "rm", "-q", "accounts/gone.yaml")
    write(repo, "accounts/broken.yaml", FIXED)
    git(repo, "add", "-A")
    commits["c5"] = commit(repo, "tidy", "2026-11-10T09:00:00+08:00")
    write(repo, "accounts/fresh.yaml", FRESH)
    write(repo, "accounts/draft.scratch.yaml", "not: [a profile\n")
    return commits
