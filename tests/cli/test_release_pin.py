"""The revision the README and the examples pin (pre-commit `rev:`, the workflow's `@v…`) is this release:
`v` + the package version, and that tag exists in the checkout."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import REPO

from kasales import __version__

TAG = f"v{__version__}"
PINNED = {"README.md": [r"rev: (v[\w.]+)", r"kasales@(v[\w.]+)"],
          "examples/github-workflow.yml": [r"kasales@(v[\w.]+)"],
          ".pre-commit-hooks.yaml": [r"rev: (v[\w.]+)"]}


@pytest.mark.parametrize("name", PINNED)
def test_pinned_revisions_are_this_release(name: str) -> None:
    text = (REPO / name).read_text("utf-8")
    found = [m for pattern in PINNED[name] for m in re.findall(pattern, text)]
    assert found and set(found) == {TAG}


def test_the_pinned_tag_exists() -> None:
    """Decision: the release tag is an annotated tag on the commit that landed it. A clone without tags (CI's
    shallow checkout fetches none) can only check the version agreement above, so this is skipped there."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    tags = subprocess.run(["git", "tag", "--list"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    if not tags:
        pytest.skip("a checkout without tags (e.g. actions/checkout's default fetch)")
    assert TAG in tags
    kind = subprocess.run(["git", "cat-file", "-t", TAG], cwd=REPO, capture_output=True, text=True, check=True)
    assert kind.stdout.strip() == "tag"  # annotated: it carries who tagged the release and when
