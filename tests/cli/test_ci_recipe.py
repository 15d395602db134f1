"""The CI recipe as a user copies it: the example workflow's commands run in a real pull-request checkout, and
the pre-commit hooks run by pre-commit itself on staged, unstaged and untracked profiles."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from gitrepo import BANK_AFTER, BANK_BEFORE, GONE, METRO_AFTER, METRO_BEFORE, commit, git, write
from ruamel.yaml import YAML

WORKFLOW = REPO / "examples" / "github-workflow.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
BIN = str(Path(sys.executable).parent)  # where this environment's `kasales` is installed


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def _steps() -> list[dict[str, Any]]:
    return list(_yaml(WORKFLOW)["jobs"]["kasales"]["steps"])


# --- the workflow, as written ---------------------------------------------------------------------------
def test_workflow_triggers_and_history() -> None:
    workflow = _yaml(WORKFLOW)
    assert workflow["on"] == {"pull_request": None, "push": {"branches": ["main"]}}
    checkout = next(s for s in _steps() if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] >= 2  # HEAD^1 must be there


def test_workflow_installs_kasales_from_a_tag_not_from_the_checkout() -> None:
    workflow = _yaml(WORKFLOW)
    install = next(s["run"] for s in _steps() if s.get("name") == "Install kasales")
    assert "pip install ." not in install and '"$KASALES"' in install
    assert re.fullmatch(r"kasales @ git\+https://github\.com/[\w-]+/kasales@v\d+\.\d+\.\d+", workflow["env"]["KASALES"])


def test_workflow_gates_what_the_pull_request_changes() -> None:
    runs = {s["name"]: s["run"] for s in _steps() if "run" in s}
    pr = [run for s in _steps() if "run" in s and "pull_request" in s.get("if", "") for run in [s["run"]]]
    assert any("--changed-since HEAD^1" in run for run in pr)
    assert any("--fail-on-downgrade" in run for run in pr)
    assert any(run.endswith('--format markdown >> "$GITHUB_STEP_SUMMARY"') for run in pr)
    assert not any("--fail-on disqualify" in run for run in runs.values())


# --- the workflow, run ------------------------------------------------------------------------------------
def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({k: str(v) for k, v in _yaml(WORKFLOW)["env"].items()})
    env.update(PATH=BIN + os.pathsep + env.get("PATH", ""), GITHUB_STEP_SUMMARY=str(tmp / "summary.md"),
               NO_COLOR="1", HOME=str(tmp))
    return env


def _run_job(workspace: Path, event: str, tmp: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every step of ``event`` after the install step, as the runner does it (bash -e), by step name."""
    done = {}
    for step in _steps():
        if "run" not in step or step["name"] == "Install kasales" or f"'{event}'" not in step.get("if", ""):
            continue
        done[step["name"]] = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workspace, env=_env(tmp),
                                            capture_output=True, text=True, timeout=120, check=False)
    return done


def _origin(tmp: Path) -> Path:
    """A profiles repository: main has metro (develop), bank (pursue) and a disqualified account, gone."""
    origin = tmp / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    for rel, text in {"accounts/metro.yaml": METRO_BEFORE, "accounts/bank.yaml": BANK_BEFORE,
                      "accounts/gone.yaml": GONE, "README.md": "our accounts\n"}.items():
        write(origin, rel, text)
    git(origin, "add", "-A")
    commit(origin, "accounts", "2026-11-01T09:00:00+08:00")
    return origin


def _pull_request(origin: Path, name: str, edits: dict[str, str], tmp: Path) -> Path:
    """Push a branch with ``edits``; check out its merge into main with depth 2, as actions/checkout does."""
    git(origin, "checkout", "-q", "-b", name, "main")
    for rel, text in edits.items():
        write(origin, rel, text)
    git(origin, "add", "-A")
    commit(origin, f"{name}: update", "2026-11-02T09:00:00+08:00")
    git(origin, "checkout", "-q", "--detach", "main")
    git(origin, "merge", "-q", "--no-ff", "-m", f"Merge {name} into main", name)
    git(origin, "branch", f"pull/{name}/merge")
    git(origin, "checkout", "-q", "main")
    workspace = tmp / f"ws-{name}"
    subprocess.run(["git", "clone", "-q", "--depth", "2", "-b", f"pull/{name}/merge", origin.as_uri(), str(workspace)],
                   check=True, capture_output=True)
    return workspace


def test_pull_request_that_moves_an_account_up_passes_and_summarises(tmp_path: Path) -> None:
    origin = _origin(tmp_path)
    workspace = _pull_request(origin, "metro", {"accounts/metro.yaml": METRO_AFTER}, tmp_path)
    done = _run_job(workspace, "pull_request", tmp_path)
    assert set(done) == {"Check the changed profiles", "What the pull request moves", "Fail on a downgrade"}
    assert all(d.returncode == 0 for d in done.values()), {k: d.stderr for k, d in done.items()}
    # only the changed profile is judged: the disqualified `gone` on main does not fail this pull request
    checked = done["Check the changed profiles"].stdout
    assert "accounts/metro.yaml: metro verdict=pursue" in checked and "gone" not in checked
    summary = (tmp_path / "summary.md").read_text("utf-8")
    assert summary.startswith("## kasales diff: HEAD^1 → working tree\n")
    assert "### ⬆️ Moved up (1)" in summary and "| Metro Group (`metro`) | develop → pursue |" in summary
    assert done["Fail on a downgrade"].stdout.startswith("::notice file=accounts/metro.yaml,line=3,")


def test_pull_request_that_downgrades_an_account_fails(tmp_path: Path) -> None:
    origin = _origin(tmp_path)
    workspace = _pull_request(origin, "bank", {"accounts/bank.yaml": BANK_AFTER}, tmp_path)
    done = _run_job(workspace, "pull_request", tmp_path)
    gate = done["Fail on a downgrade"]
    assert gate.returncode == 1
    assert gate.stdout.startswith("::warning file=accounts/bank.yaml,line=3,title=kasales%3A moved down::")
    assert "accounts/bank.yaml: bank: moved down (pursue 80.0 → develop 65.0)" in gate.stderr
    assert done["What the pull request moves"].returncode == 0  # the summary is written whatever the gate says


def test_push_to_the_default_branch(tmp_path: Path) -> None:
    origin = _origin(tmp_path)
    _pull_request(origin, "metro", {"accounts/metro.yaml": METRO_AFTER}, tmp_path)
    git(origin, "merge", "-q", "--ff-only", "pull/metro/merge")
    workspace = tmp_path / "ws-main"
    subprocess.run(["git", "clone", "-q", "--depth", "2", origin.as_uri(), str(workspace)], check=True,
                   capture_output=True)
    done = _run_job(workspace, "push", tmp_path)
    assert set(done) == {"Validate every profile", "What moved with this push"}
    assert all(d.returncode == 0 for d in done.values()), {k: d.stderr for k, d in done.items()}
    assert "| Metro Group (`metro`) | develop → pursue |" in (tmp_path / "summary.md").read_text("utf-8")


def test_too_shallow_a_checkout_says_what_to_do(tmp_path: Path) -> None:
    origin = _origin(tmp_path)
    _pull_request(origin, "metro", {"accounts/metro.yaml": METRO_AFTER}, tmp_path)
    shallow = tmp_path / "ws-shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "-b", "pull/metro/merge", origin.as_uri(), str(shallow)],
                   check=True, capture_output=True)
    done = _run_job(shallow, "pull_request", tmp_path)["Fail on a downgrade"]
    assert done.returncode == 2
    assert done.stderr.startswith("HEAD^1: revision not found in this shallow clone: fetch more history")


# --- pre-commit --------------------------------------------------------------------------------------------
def _hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in _yaml(HOOKS)}


def test_hooks_are_declared() -> None:
    hooks = _hooks()
    assert list(hooks) == ["kasales-validate", "kasales-diff", "kasales-qualify"]
    assert hooks["kasales-diff"]["entry"] == "kasales diff HEAD --brief-invalid"
    assert hooks["kasales-diff"]["verbose"] is True
    assert all(h["language"] == "python" and h["require_serial"] for h in hooks.values())
    # one line per finding; an invalid file is one line there, its problems are the validate hook's to print
    assert hooks["kasales-qualify"]["entry"] == "kasales qualify --format concise"


def _pre_commit_repo(tmp: Path, args: dict[str, list[str]] | None = None) -> Path:
    """A repository whose .pre-commit-config.yaml runs this repository's hooks as declared (entry, files,
    exclude, verbose), with the `kasales` of this environment instead of one pre-commit would install."""
    repo = tmp / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    hooks = []
    for hook in _hooks().values():
        local = {k: v for k, v in hook.items() if k not in ("language", "description")}
        hooks.append({**local, "language": "system", "files": "^accounts/", "args": (args or {}).get(hook["id"], [])})
    config = YAML(typ="safe")
    config.default_flow_style = False
    with (repo / ".pre-commit-config.yaml").open("w", encoding="utf-8") as handle:
        config.dump({"repos": [{"repo": "local", "hooks": hooks}]}, handle)
    write(repo, "accounts/metro.yaml", METRO_BEFORE)
    write(repo, "accounts/bank.yaml", BANK_BEFORE)
    git(repo, "add", "-A")
    commit(repo, "accounts", "2026-11-01T09:00:00+08:00")
    return repo


def _pre_commit(repo: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = _env(tmp)
    env["PRE_COMMIT_HOME"] = str(tmp / "pre-commit-home")
    return subprocess.run([shutil.which("pre-commit", path=env["PATH"]) or "pre-commit", "run", "--color", "never"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.skipif(shutil.which("pre-commit", path=BIN) is None, reason="pre-commit is a test extra")
def test_hooks_judge_only_the_staged_profiles(tmp_path: Path) -> None:
    repo = _pre_commit_repo(tmp_path)
    write(repo, "accounts/metro.yaml", METRO_AFTER)
    git(repo, "add", "accounts/metro.yaml")  # staged: metro moves up
    write(repo, "accounts/bank.yaml", "account: {id: bank}\nstage: nowhere\n")  # unstaged and invalid
    write(repo, "accounts/draft.yaml", "account: [\n")  # untracked and invalid
    done = _pre_commit(repo, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "kasales validate" in done.stdout and "Passed" in done.stdout
    assert "Moved up (1)" in done.stdout and "develop → pursue" in done.stdout  # kasales-diff, verbose
    assert "bank" not in done.stdout.split("kasales diff")[1].split("kasales qualify")[0]
    assert (repo / "accounts/bank.yaml").read_text("utf-8").endswith("stage: nowhere\n")  # left as it was

    git(repo, "add", "accounts/bank.yaml")  # now the invalid profile is part of the commit
    failed = _pre_commit(repo, tmp_path)
    assert failed.returncode == 1
    assert "accounts/bank.yaml:2:8: unknown value 'nowhere' for stage" in failed.stdout
    assert failed.stdout.count("unknown value 'nowhere'") == 1  # three hooks, every error printed once


@pytest.mark.skipif(shutil.which("pre-commit", path=BIN) is None, reason="pre-commit is a test extra")
def test_diff_hook_can_ask_to_confirm_a_downgrade(tmp_path: Path) -> None:
    repo = _pre_commit_repo(tmp_path, {"kasales-diff": ["--fail-on-downgrade"]})
    write(repo, "accounts/bank.yaml", BANK_AFTER)
    git(repo, "add", "accounts/bank.yaml")
    done = _pre_commit(repo, tmp_path)
    assert done.returncode == 1
    assert "accounts/bank.yaml: bank: moved down (pursue 80.0 → develop 65.0)" in done.stdout
