"""The examples/ folder and the pre-commit hooks work as documented, on the demo profiles."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, REPO
from ruamel.yaml import YAML

from kasales.cli.app import app
from kasales.core.scoring import qualify
from kasales.io.loader import load_profile
from kasales.io.rubrics import default_rubric, load_rubric

EXAMPLES = REPO / "examples"
CUSTOM = EXAMPLES / "custom-rubric.yaml"
ENV = {**os.environ, "KASALES_LANG": "en", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def _kasales(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a `kasales ...` command line the way a shell would, with this interpreter's kasales."""
    assert args[0] == "kasales"
    return subprocess.run([sys.executable, "-m", "kasales", *args[1:]], capture_output=True, text=True, cwd=REPO,
                          env=ENV, timeout=120, check=False)


# The workflow and the hooks, run for real: tests/test_ci_recipe.py.


# --- custom rubric ----------------------------------------------------------------------------------
def test_custom_rubric_extends_default_and_keeps_weights_summing_to_1() -> None:
    raw = _yaml(CUSTOM)
    assert raw["extends"] == "default"
    assert sum(raw["risk"]["weights"].values()) == pytest.approx(1)
    assert raw["risk"]["weights"]["credit"] > 0.20
    rubric = load_rubric(CUSTOM)
    assert rubric.stale_after_days == 60
    assert rubric.risk.low_at_least == 70  # not named in the file: from the default


def test_custom_rubric_changes_scores_as_computed(runner: Any) -> None:
    result = runner.invoke(app, ["qualify", str(PROFILES), "--rubric", str(CUSTOM), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    scores = {r["account"]["id"]: r["risk"] for r in json.loads(result.stdout)["results"]}
    assert len(scores) == 16
    # huadong-metro 4, 5, 4, 2, 5 with 0.20/0.15/0.20/0.15/0.30: 15 + 15 + 15 + 3.75 + 30 = 78.75 → 78.8
    # (77.5 with the default weights)
    assert scores["huadong-metro"]["score"] == 78.8
    assert scores["huadong-metro"]["factors"]["credit"]["weight"] == 0.30


def test_custom_rubric_flags_stale_profiles_sooner() -> None:
    rubric = load_rubric(CUSTOM)
    path = PROFILES / "huadong-metro.yaml"
    profile = load_profile(path)
    assert profile.account.updated is not None
    on_day_60 = profile.account.updated + dt.timedelta(days=60)
    on_day_61 = profile.account.updated + dt.timedelta(days=61)
    assert "stale" not in [f.key for f in qualify(profile, path, rubric, today=on_day_60).flags]
    assert "stale" in [f.key for f in qualify(profile, path, rubric, today=on_day_61).flags]
    # the default rubric allows 90 days
    assert "stale" not in [f.key for f in qualify(profile, path, default_rubric(), today=on_day_61).flags]


def test_rubric_command_shows_the_merged_rubric(runner: Any) -> None:
    result = runner.invoke(app, ["rubric", "--rubric", str(CUSTOM)])
    assert result.exit_code == 0
    merged = YAML(typ="safe").load(io.StringIO(result.stdout))
    assert merged["risk"]["weights"] == {"need_degree": 0.20, "need_volume": 0.15, "purchasing_power": 0.20,
                                         "decision_authority": 0.15, "credit": 0.30}
    assert merged["stale_after_days"] == 60
    assert merged["risk"]["low_at_least"] == 70
    assert merged["name"]["en"].startswith("ACME")
    assert merged["labels"]["verdict"]["pursue"]["zh"] == "全力推进"  # inherited from the default


BAD_RUBRIC = """\
extends: default
risk:
  weights:
    need_degree: 0.15
    need_volume: 0.20
    purchasing_power: 0.20
    decision_authority: 0.15
    credit: 0.20
stale_after_dayz: 60
"""


@pytest.mark.parametrize("command", [["rubric"], ["qualify", str(PROFILES)]])
def test_bad_rubric_is_reported_with_positions(runner: Any, tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "team-rubric.yaml"
    path.write_text(BAD_RUBRIC, encoding="utf-8")
    result = runner.invoke(app, [*command, "--rubric", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[:2] == [
        f"{path}:3:3: risk: weights must sum to 1 (they sum to 0.90)",
        f"{path}:9:1: unknown key 'stale_after_dayz' (did you mean 'stale_after_days'?)",
    ]


# --- API script ---------------------------------------------------------------------------------------
def test_api_usage_prints_every_account() -> None:
    done = subprocess.run([sys.executable, str(EXAMPLES / "api_usage.py"), str(PROFILES)], capture_output=True,
                          text=True, cwd=REPO, env=ENV, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 16
    by_id = {line.split()[0]: line for line in lines}
    assert set(by_id) == {p.stem for p in PROFILES.glob("*.yaml")}
    assert by_id["huadong-metro"].split()[1:6] == ["develop", "score", "77.5", "·", "low"]
    assert "华东地铁集团" in by_id["huadong-metro"]
    assert by_id["huaxin-rural-bank"].split()[1] == "disqualify"


def test_api_usage_reports_invalid_files(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("stage: nowhere\n", encoding="utf-8")
    (tmp_path / "good.yml").write_text("account: {id: good}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(EXAMPLES / "api_usage.py"), str(tmp_path)], capture_output=True,
                          text=True, cwd=REPO, env=ENV, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stdout.split()[:2] == ["good", "verify"]  # nothing researched yet (SPEC §8)
    assert f"{tmp_path / 'bad.yaml'}:1:8: unknown value 'nowhere'" in done.stderr


# --- pre-commit hooks ---------------------------------------------------------------------------------
def _hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in _yaml(REPO / ".pre-commit-hooks.yaml")}


def _hook_files(hook: dict[str, Any], paths: list[str]) -> list[str]:
    """The files pre-commit would pass to the hook (its `files` and `exclude` patterns)."""
    return [p for p in paths if re.search(hook["files"], p) and not re.search(hook.get("exclude", "^$"), p)]


def test_pre_commit_hooks_are_declared() -> None:
    hooks = _hooks()
    assert set(hooks) == {"kasales-validate", "kasales-diff", "kasales-qualify"}
    assert hooks["kasales-validate"]["entry"] == "kasales validate"
    assert all(h["language"] == "python" for h in hooks.values())
    assert _hook_files(hooks["kasales-validate"], ["a.yaml", "b.yml", "c.json", "d.yaml.bak", ".github/w.yml",
                                                   ".pre-commit-config.yaml", "accounts/x.yaml"]) == [
        "a.yaml", "b.yml", "accounts/x.yaml"]


@pytest.mark.parametrize("hook_id", ["kasales-validate", "kasales-qualify"])  # kasales-diff: test_ci_recipe
def test_pre_commit_hooks_pass_on_the_demo_profiles(hook_id: str) -> None:
    hook = _hooks()[hook_id]
    files = _hook_files(hook, sorted(str(p.relative_to(REPO)) for p in PROFILES.glob("*.yaml")))
    assert len(files) == 16
    done = _kasales([*shlex.split(hook["entry"]), *hook.get("args", []), *files])
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_hooks_fail_on_an_invalid_profile(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("account: {id: bad}\nstage: [\n", encoding="utf-8")
    for hook in (h for key, h in _hooks().items() if key != "kasales-diff"):  # diff needs a repository
        done = _kasales([*shlex.split(hook["entry"]), str(PROFILES / "huadong-metro.yaml"), str(bad)])
        assert done.returncode == 2
        if hook["id"] == "kasales-validate":
            assert f"{bad}:3:1: YAML syntax error" in done.stdout + done.stderr
        else:  # the qualify hook says it once, and leaves the problems to the validate hook (no error twice)
            assert f"{bad}:1:1: [error] invalid profile" in done.stdout
            assert "YAML syntax error" not in done.stdout + done.stderr


def test_qualify_hook_with_a_gate_argument_fails_on_a_disqualified_account() -> None:
    hook = _hooks()["kasales-qualify"]
    done = _kasales([*shlex.split(hook["entry"]), "--fail-on", "disqualify", str(PROFILES / "huaxin-rural-bank.yaml")])
    assert done.returncode == 1


def test_readme_python_snippet_runs_as_written() -> None:
    # the README's "Using kasales from Python" block is a promise: run it exactly as printed
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using kasales from Python", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=ENV,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[:2] == ["develop", "MaN"]
