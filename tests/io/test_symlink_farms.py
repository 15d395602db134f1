"""Random symlink farms in a scanned folder: never a hang, never a file outside the folder, each file once.

The rule (README "Paths"): links are followed only to regular files and folders inside the folder being
searched; a folder or file reached twice is taken once; loops, links leading outside, and devices, pipes
or sockets named like profiles are reported and skipped, never read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and /dev")

FOLDERS = ["", "a", "a/b", "c", "c/d/e"]
OUTSIDE_TARGETS = ["/", "/etc", "/etc/passwd", "/dev/null", "/dev/stdin", "/dev/zero", "/proc/self/fd/0",
                   "/proc/self/fd/1", "/proc/self/fd", "{outside}", "{outside}/x.yaml", "{root}/../outside",
                   "{root}/nowhere", "nowhere"]
link_names = st.sampled_from(["l.yaml", "l.yml", "L.YAML", "link", "current", "x.yaml", "deep"])
links = st.lists(st.tuples(st.sampled_from(FOLDERS), link_names,
                           st.sampled_from(FOLDERS) | st.sampled_from([f + "/p.yaml" for f in FOLDERS if f]) |
                           st.sampled_from(OUTSIDE_TARGETS), st.booleans()),
                 max_size=8)


def _profile(path: Path, key: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"account: {{id: {key}, name: {key}}}\nstage: prospect\n", encoding="utf-8")


@linux_only
@settings(max_examples=20, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(farm=links, fifo=st.booleans())
def test_random_symlink_farms(tmp_path_factory: pytest.TempPathFactory, farm: list[tuple[str, str, str, bool]],
                              fifo: bool) -> None:
    base = tmp_path_factory.mktemp("farm")
    root, outside = base / "root", base / "outside"
    _profile(outside / "x.yaml", "outside")
    real = set()
    for i, folder in enumerate(FOLDERS):
        _profile(root / folder / "p.yaml", f"p{i}")
        real.add(os.path.realpath(root / folder / "p.yaml"))
    if fifo:
        os.mkfifo(root / "a" / "pipe.yaml")  # a pipe named like a profile: reading it would wait forever
    for folder, name, target, relative in farm:
        where = root / folder / name
        if where.exists() or where.is_symlink():
            continue
        goal = target.format(outside=outside, root=root)
        if not goal.startswith("/") and goal != "nowhere":
            goal = str(root / goal) if goal else str(root)
        if relative and goal.startswith("/"):
            goal = os.path.relpath(goal, where.parent)
        os.symlink(goal, where)

    quiet, keep_open = os.pipe()  # stdin that never ends: a read of /dev/stdin would wait forever
    try:
        done = subprocess.run([sys.executable, "-m", "kasales", "qualify", str(root), "-f", "json"],
                              stdin=quiet, capture_output=True, timeout=60, check=False,
                              env={**os.environ, "KASALES_LANG": "en", "KASALES_JOBS": "1"})
    finally:
        os.close(quiet)
        os.close(keep_open)
    assert done.returncode in (0, 2), done.stderr
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr
    doc = json.loads(done.stdout)
    scored = [os.path.realpath(r["file"]) for r in doc["results"]]
    assert len(scored) == len(set(scored)), "a file was scored twice"
    assert set(scored) == real, "every profile inside the folder, and nothing else"
    for error in doc["errors"]:  # every reported entry is a name inside the folder
        assert os.path.abspath(error["file"]).startswith(str(root) + os.sep)
    assert b"root:x:" not in done.stdout + done.stderr  # /etc/passwd was never read
