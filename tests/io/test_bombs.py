"""Cost bombs under the 1 MiB limit: each is judged quickly, in bounded memory, with a bounded error list.

Each bomb runs the real program in a subprocess; its CPU time and peak memory are read from the
kernel (wait4), so a loaded machine slows the test without failing it. The budgets are far above what
a healthy run needs (well under a second, under 100 MB) and far below what the bombs used to cost
(minutes, gigabytes).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kasales.io.loader import MAX_BYTES, MAX_PROBLEMS
from kasales.io.yamlsafe import MAX_NODES

CPU_SECONDS = 8.0  # for the whole process, Python's start-up and imports included
MEMORY_MB = 500
OUTPUT_MB = 20
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="wait4 and ru_maxrss in KiB")

PERSON = "{name: Zhang, title: CTO, roles: [user, technical, finance], attitude: supporter, influence: high}"


def _fill(line: Callable[[int], str], head: str = "", tail: str = "") -> str:
    """``head``, then as many ``line(i)`` as fit in 1 MiB, then ``tail``."""
    parts, size, i = [head], len(head) + len(tail), 0
    while size + len(piece := line(i)) <= MAX_BYTES:
        parts.append(piece)
        size += len(piece)
        i += 1
    return "".join(parts) + tail


BOMBS: dict[str, Callable[[], str]] = {
    # 1 MiB of unknown keys: rejecting them used to be quadratic (105,000 keys: 658 s)
    "unknown_keys": lambda: _fill(lambda i: f"k{i}: 1\n"),
    # as many unknown keys as the size limit lets through, each a long name: a capped error list
    "unknown_keys_under_the_limit": lambda: "".join(f"k{i:05d}{'x' * 90}: 1\n" for i in range(MAX_NODES // 2 - 5)),
    # 300,000 bad list items: 25 s and 655 MB
    "bad_list_items": lambda: _fill(lambda i: "1,", "stakeholders: [", "1]\n"),
    "bad_list_items_under_the_limit": lambda: "stakeholders: [" + "1," * (MAX_NODES - 100) + "1]\n",
    "duplicate_keys": lambda: "account: {name: A}\n" + "stage: prospect\n" * (MAX_NODES // 2 - 10),
    # aliases multiplying output: a long text repeated (115 KB -> 1.5 GB of JSON) ...
    "alias_text": lambda: f"account: {{name: &a {'x' * 9000}}}\nstakeholders: [" +
                          ", ".join("{name: *a, title: *a}" for _ in range(3000)) + "]\n",
    # ... or a whole stakeholder repeated (the table run never ended)
    "alias_people": lambda: f"account: {{name: A}}\nstakeholders: [&p {PERSON}, " + ", ".join(["*p"] * 9000) + "]\n",
    "billion_laughs": lambda: "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9)),
    "wide_flow_mapping": lambda: _fill(lambda i: f"k{i}: 1, ", "{", "z: 1}\n"),
    "long_note_with_commas": lambda: "account: {name: A}\nevaluation: {credit: {score: 3, note: \"" +
                                     "a, b: c - d\\n " * 2000 + "\"}}\n",
}


def _run_measured(args: list[str], out: Path) -> tuple[int, float, float, bytes]:
    """Exit code, CPU seconds, peak memory in MB and stderr of one kasales run with stdout to ``out``."""
    env = {**os.environ, "KASALES_LANG": "en", "KASALES_JOBS": "1"}
    with open(out, "wb") as stdout:
        child = subprocess.Popen([sys.executable, "-m", "kasales", *args], stdout=stdout, stderr=subprocess.PIPE,
                                 env=env)
        assert child.stderr is not None
        err = child.stderr.read()  # a huge error list must not block the child on a full pipe
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, err


@linux_only
@pytest.mark.parametrize("name", sorted(BOMBS))
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_every_bomb_is_judged_cheaply(tmp_path: Path, name: str, fmt: str) -> None:
    bomb = tmp_path / f"{name}.yaml"
    bomb.write_text(BOMBS[name](), encoding="utf-8")
    assert bomb.stat().st_size <= MAX_BYTES
    out = tmp_path / "out"
    code, cpu, memory, err = _run_measured(["qualify", str(bomb), "-f", fmt], out)
    assert code in (0, 2), err[-2000:]
    assert b"internal error" not in err and b"Traceback" not in err
    assert cpu < CPU_SECONDS, f"{name}: {cpu:.1f} s of CPU"
    assert memory < MEMORY_MB, f"{name}: {memory:.0f} MB"
    assert out.stat().st_size < OUTPUT_MB * 2**20, f"{name}: {out.stat().st_size} bytes of output"
    lines = err.decode().splitlines()
    assert len(lines) <= MAX_PROBLEMS + 3  # the capped list, its "and N more" line and the summary


def test_a_long_error_list_is_capped_with_the_count_of_the_rest(runner: object, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kasales.cli.app import app

    bomb = tmp_path / "keys.yaml"
    bomb.write_text("".join(f"k{i}: 1\n" for i in range(1000)), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(bomb), "--lang", "en"])
    lines = result.stdout.splitlines()
    assert result.exit_code == 2
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == f"{bomb}:1:1: unknown key 'k0'"
    assert lines[-1] == f"{bomb}:{MAX_PROBLEMS}:1: and 900 more problems in this file (not shown)"
    zh = CliRunner().invoke(app, ["validate", str(bomb), "--lang", "zh"]).stdout.splitlines()
    assert zh[-1].endswith("本文件还有 900 个问题 (未显示)")


def test_too_many_nodes_is_located_where_the_limit_is_crossed(tmp_path: Path) -> None:
    from kasales.core.errors import KasalesError
    from kasales.io.loader import load_profile
    from kasales.text.messages import words

    bomb = tmp_path / "list.yaml"
    bomb.write_text("stakeholders:\n" + "- 1\n" * (MAX_NODES + 10), encoding="utf-8")
    with pytest.raises(KasalesError) as caught:
        load_profile(bomb)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (MAX_NODES - 1, 3)  # the mapping, its key, the list, then items
    assert f"more than {MAX_NODES} keys, values and list items" in words(problem.message, "en")
