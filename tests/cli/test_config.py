"""Configuration files: discovered like ruff and yamllint, validated with positions, applied with no flags."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import git, profile, write

INVALID = "account: {id: x}\nstage: nowhere\n"


def kasales(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real entry point in ``cwd``, as a user in that folder would run it."""
    base = {k: v for k, v in os.environ.items() if k not in ("KASALES_LANG", "KASALES_FORMAT", "GITHUB_ACTIONS")}
    return subprocess.run([sys.executable, "-m", "kasales", *args], cwd=cwd, capture_output=True, text=True,
                          env={**base, "LANG": "C.UTF-8", **(env or {})}, timeout=120, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository of profiles: a configuration with a rubric, excludes and Chinese; git ignore files."""
    root = tmp_path / "sales"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, ".kasales.yaml", "rubric: rubric.yaml\nexclude: [drafts/]\nlang: zh\n")
    # the repository's own rubric: read as a rubric, never as a profile
    write(root, "rubric.yaml", "extends: default\nstale_after_days: 5\n")
    write(root, ".gitignore", "scratch/\n*.tmp.yaml\n")
    write(root, "accounts/metro.yaml", profile("metro", "Metro Group"))
    write(root, "accounts/.gitignore", "old.yaml\n")  # a nested ignore file applies below its folder
    write(root, "accounts/old.yaml", INVALID)
    write(root, "accounts/notes.tmp.yaml", INVALID)
    write(root, "drafts/new.yaml", INVALID)
    write(root, "scratch/s.yaml", INVALID)
    return root


def test_a_configured_repository_needs_no_flags(repo: Path) -> None:
    done = kasales(repo, "qualify", ".", "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [r["file"] for r in result["results"]] == ["accounts/metro.yaml"]  # drafts, ignored, rubric left out
    # the configured rubric is used: 2026-11-20 is 9 days before today, more than its 5
    assert "stale" in [f["key"] for f in result["results"][0]["flags"]]
    assert "1 个文件" in done.stderr or "个文件" in done.stderr  # lang: zh
    assert "drafts" not in done.stderr and "scratch" not in done.stderr


def test_without_the_configuration_the_rubric_is_read_as_a_profile(repo: Path) -> None:
    done = kasales(repo, "qualify", ".", "--no-config", "--format", "json")
    assert done.returncode == 2
    assert "rubric.yaml:" in done.stderr and "drafts/new.yaml:" in done.stderr
    assert "scratch" not in done.stderr  # .gitignore is git's, respected with or without a configuration
    assert "accounts/old.yaml" not in done.stderr and "notes.tmp.yaml" not in done.stderr
    assert "files" in done.stderr  # English: no configured language


def test_config_from_a_subfolder_and_its_sources(repo: Path) -> None:
    done = kasales(repo / "accounts", "config", "--format", "json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["file"]["value"] == str(repo / ".kasales.yaml")
    assert shown["lang"] == {"value": "zh", "source": f"{repo / '.kasales.yaml'}:3:1"}
    assert shown["exclude"]["value"] == ["drafts/"]
    assert shown["rubric"]["value"] == str(repo / "rubric.yaml")
    assert shown["stale_after_days"]["value"] == 5  # from the configured rubric
    assert shown["format"]["value"] == "table"
    env = kasales(repo, "config", "-f", "json", env={"KASALES_LANG": "en", "KASALES_FORMAT": "csv"})
    shown = json.loads(env.stdout)
    assert shown["lang"] == {"value": "en", "source": "$KASALES_LANG"}
    assert shown["format"] == {"value": "csv", "source": "$KASALES_FORMAT"}
    flag = kasales(repo, "config", "--lang", "en")
    assert "lang               en  (--lang)" in flag.stdout


def test_an_excluded_file_named_on_the_command_line_is_skipped(repo: Path) -> None:
    # pre-commit names files: a draft it passes is left out, and a run with nothing left passes
    done = kasales(repo, "qualify", "drafts/new.yaml")
    assert done.returncode == 0, done.stderr
    assert "drafts/new.yaml" in done.stderr and done.stdout == ""
    # a file git ignores is still read when named
    named = kasales(repo, "validate", "scratch/s.yaml")
    assert named.returncode == 2 and "scratch/s.yaml:2:8" in named.stdout


def test_the_nearest_configuration_wins_and_pyproject_is_read(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n\n[tool.kasales]\nlang = \"zh\"\nformat = \"json\"\n")
    write(tmp_path, "a/accounts/m.yaml", profile("metro", "Metro Group"))
    done = kasales(tmp_path / "a", "qualify", "accounts")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["scored"] == 1  # format from [tool.kasales]
    write(tmp_path, "a/.kasales.yaml", "lang: en\n")
    nearer = kasales(tmp_path / "a", "qualify", "accounts")
    assert "scored" in nearer.stderr and not nearer.stdout.startswith("{")  # the nearer file wins, whole
    assert kasales(tmp_path / "a", "qualify", "accounts", "--config", str(tmp_path / "pyproject.toml")) \
        .stdout.startswith("{")


@pytest.mark.parametrize(("text", "expected"), [
    ("lang: fr\n", ".kasales.yaml:1:7: lang: expected"),
    ("format: jsn\n", ".kasales.yaml:1:1: unknown format 'jsn' (did you mean 'json'?)"),
    ("exclud: [a]\n", ".kasales.yaml:1:1: unknown key 'exclud' (did you mean 'exclude'?)"),
    ("fail_on: [maybe]\n", ".kasales.yaml:1:10: fail_on: unknown verdict maybe"),
    ("min_score: 120\n", ".kasales.yaml:1:12: min_score must be at most 100"),
    ("rubric: nowhere.yaml\n", ".kasales.yaml:1:1: the rubric file"),
    ("lang: [zh\n", ".kasales.yaml:2:1: YAML syntax error"),
    ("- a\n", ".kasales.yaml:1:1: a configuration must be a mapping"),
])
def test_an_invalid_configuration_is_located(tmp_path: Path, text: str, expected: str) -> None:
    write(tmp_path, ".kasales.yaml", text)
    write(tmp_path, "p.yaml", profile("metro", "Metro Group"))
    done = kasales(tmp_path, "qualify", "p.yaml", env={"KASALES_LANG": "en"})
    assert done.returncode == 2
    assert expected in done.stderr, done.stderr


def test_pyproject_problems_are_located(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.kasales]\nlang = \"zh\"\nstale_after_days = -1\n")
    write(tmp_path, "p.yaml", profile("metro", "Metro Group"))
    done = kasales(tmp_path, "config", env={"KASALES_LANG": "en"})
    assert done.returncode == 2
    assert f"{tmp_path / 'pyproject.toml'}:3:1: stale_after_days must be at least 0" in done.stderr
    write(tmp_path, "pyproject.toml", "[tool.kasales]\nlang = zh\n")
    broken = kasales(tmp_path, "config", env={"KASALES_LANG": "en"})
    assert broken.returncode == 2 and "pyproject.toml:2:8: TOML syntax error: Invalid value" in broken.stderr


def test_configured_gates_apply_and_flags_override_them(tmp_path: Path) -> None:
    write(tmp_path, ".kasales.yaml", "fail_on_risk: low\n")
    write(tmp_path, "p.yaml", profile("metro", "Metro Group"))
    assert kasales(tmp_path, "qualify", "p.yaml").returncode == 1
    assert kasales(tmp_path, "qualify", "p.yaml", "--fail-on-risk", "high").returncode == 0
    assert kasales(tmp_path, "qualify", "p.yaml", "--no-config").returncode == 0
    write(tmp_path, ".kasales.yaml", "fail_on_overdue: 30\n")  # every gate key works (an open deal owes nothing)
    assert kasales(tmp_path, "qualify", "p.yaml").returncode == 0
    assert '"fail_on_overdue": {\n    "value": 30' in kasales(tmp_path, "config", "-f", "json").stdout


def test_format_auto_follows_github_actions_and_the_environment(tmp_path: Path) -> None:
    write(tmp_path, "p.yaml", profile("metro", "Metro Group"))
    table = kasales(tmp_path, "qualify", "p.yaml")
    assert "Metro Group" in table.stdout and not table.stdout.startswith("{")
    github = kasales(tmp_path, "qualify", "p.yaml", env={"GITHUB_ACTIONS": "true"})
    assert github.stdout != table.stdout  # the github renderer (its content is render/github.py's)
    env = kasales(tmp_path, "qualify", "p.yaml", env={"KASALES_FORMAT": "JSON", "GITHUB_ACTIONS": "true"})
    assert env.stdout.startswith("{")
    flag = kasales(tmp_path, "qualify", "p.yaml", "-f", "Table", env={"KASALES_FORMAT": "json"})
    assert flag.stdout == table.stdout


def test_validate_chooses_its_format_like_qualify(tmp_path: Path) -> None:
    """A CI job that only validates gets annotations under GitHub Actions and obeys $KASALES_FORMAT too."""
    write(tmp_path, "bad.yaml", INVALID)
    plain = kasales(tmp_path, "validate", "bad.yaml")
    assert plain.returncode == 2 and plain.stdout.startswith("bad.yaml:") and "::error" not in plain.stdout
    github = kasales(tmp_path, "validate", "bad.yaml", env={"GITHUB_ACTIONS": "true"})
    assert github.returncode == 2 and github.stdout.startswith("::error file=bad.yaml,line=2")
    as_json = kasales(tmp_path, "validate", "bad.yaml", env={"KASALES_FORMAT": "json", "GITHUB_ACTIONS": "true"})
    assert json.loads(as_json.stdout)["valid"] == []
    # a default validate does not have (csv) is passed over, as with the configuration's format
    csv_default = kasales(tmp_path, "validate", "bad.yaml", env={"KASALES_FORMAT": "csv"})
    assert csv_default.stdout == plain.stdout
    assert kasales(tmp_path, "validate", "bad.yaml", "-f", "Table", env={"GITHUB_ACTIONS": "true"}).stdout \
        == plain.stdout
