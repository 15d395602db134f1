"""Fuzzing the loader and the CLI: any bytes give a Profile or located problems, never a traceback."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import PROFILES, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kasales.cli.app as app_module
import kasales.io.batch
from kasales.core.errors import KasalesError
from kasales.core.models import Profile
from kasales.io.loader import MAX_BYTES, load_profile, parse_profile
from kasales.text.messages import problem_line, words

DEMOS = [path.read_bytes() for path in sorted(PROFILES.glob("*.yaml"))]
YAML_CONTROL = b"&*!|>{}[]:-?#%@"
BAD_UTF8 = (b"\xff", b"\xc3", b"\xe4\xb8", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80")
OPS = ("flip", "truncate", "control", "duplicate_line", "dedent", "repeat", "nul", "bad_utf8", "random_bytes")
# KASALES_FUZZ_EXAMPLES=20000 for a long hunt; the default keeps the suite fast
FUZZ = settings(max_examples=int(os.environ.get("KASALES_FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def mutate(data: bytes, ops: list[tuple[str, int, int]]) -> bytes:
    """Apply mutations ``(op, position, amount)`` to ``data``; positions and amounts wrap to fit."""
    out = bytearray(data)
    for op, where, amount in ops:
        pos = where % (len(out) + 1)
        if op == "flip" and out:
            out[pos % len(out)] ^= 1 << (amount % 8)
        elif op == "truncate":
            del out[pos:]
        elif op == "control":
            out[pos:pos] = bytes([YAML_CONTROL[amount % len(YAML_CONTROL)]]) * (1 + amount % 3)
        elif op in ("duplicate_line", "dedent"):
            lines = bytes(out).split(b"\n")
            i = where % len(lines)
            if op == "duplicate_line":
                lines.insert(i, lines[i])
            else:
                lines[i] = lines[i].lstrip()
            out = bytearray(b"\n".join(lines))
        elif op == "repeat":  # a chunk repeated up to thousands of times: big, deep or wide documents
            out[pos:pos] = bytes(out[pos:pos + 1 + amount % 64]) * (2 + amount % 4000)
        elif op == "nul":
            out[pos:pos] = b"\x00"
        elif op == "bad_utf8":
            out[pos:pos] = BAD_UTF8[amount % len(BAD_UTF8)]
        elif op == "random_bytes":
            out[pos:pos] = random.Random(amount).randbytes(1 + amount % 24)
    return bytes(out)


def random_ops(rng: random.Random) -> list[tuple[str, int, int]]:
    """A few mutations drawn from a seeded generator (for the 300-file batch).

    Byte-level damage is drawn less often: it stops nearly every file at the UTF-8 check, and the
    batch should reach the YAML parser and the model as well.
    """
    weights = [1 if op in ("flip", "nul", "bad_utf8", "random_bytes") else 6 for op in OPS]
    ops = rng.choices(OPS, weights, k=rng.randint(1, 4))
    return [(op, rng.randrange(1 << 20), rng.randrange(1 << 16)) for op in ops]


mutations = st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 1 << 20), st.integers(0, 1 << 16)),
                     min_size=1, max_size=6)


def assert_profile_or_located(call: Any, path: str) -> Profile | None:
    """``call()`` returns a Profile or raises KasalesError with one-line problems at line/column >= 0."""
    try:
        profile = call()
    except KasalesError as err:
        assert err.problems, "a rejected file must say why"
        for problem in err.problems:
            assert problem.path == path
            assert problem.line >= 1 and problem.column >= 1
            for lang in ("en", "zh"):
                text = words(problem.message, lang)
                assert text.strip() and "\n" not in text
        return None
    assert isinstance(profile, Profile)
    return profile


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file that the hypothesis examples overwrite (function-scoped tmp_path would be shared anyway)."""
    return tmp_path_factory.mktemp("fuzz") / "fuzzed.yaml"


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes_never_crash_the_loader(scratch: Path, data: bytes) -> None:
    scratch.write_bytes(data)
    assert_profile_or_located(lambda: load_profile(scratch), str(scratch))


@FUZZ
@given(st.text(max_size=512))
def test_random_text_never_crashes_the_parser(text: str) -> None:
    assert_profile_or_located(lambda: parse_profile(text, "fuzz.yaml"), "fuzz.yaml")


@FUZZ
@given(st.sampled_from(range(len(DEMOS))), mutations, st.sampled_from(["en", "zh"]))
def test_mutated_demo_profiles_never_crash_the_loader(scratch: Path, demo: int, ops: list[Any], lang: str) -> None:
    data = mutate(DEMOS[demo], ops)
    scratch.write_bytes(data)
    assert_profile_or_located(lambda: load_profile(scratch), str(scratch))


@FUZZ
@given(st.sampled_from(range(len(DEMOS))), mutations)
def test_mutated_demo_text_never_crashes_the_parser(demo: int, ops: list[Any]) -> None:
    text = mutate(DEMOS[demo], ops).decode("utf-8", errors="replace")
    assert_profile_or_located(lambda: parse_profile(text, "fuzz.yaml"), "fuzz.yaml")


@pytest.mark.parametrize(("name", "text", "where"), [
    ("NUL", "account:\n  name: a\x00b\n", (2, 10)),
    ("control character", "stage: approach\naccount: {name: x\x01}\n", (2, 18)),
    ("duplicate complex key", "? [a]\n: 1\n? [a]\n: 2\n", (3, 3)),
    ("empty score", "evaluation:\n  credit: {score: }\n", None),  # crashed in pydantic's bound check
])
def test_former_crashes_are_located_problems(name: str, text: str, where: tuple[int, int] | None) -> None:
    profile = assert_profile_or_located(lambda: parse_profile(text, "x.yaml"), "x.yaml")
    if where is None:
        assert profile is not None and profile.evaluation.credit.score is None  # empty = unassessed
        return
    with pytest.raises(KasalesError) as caught:
        parse_profile(text, "x.yaml")
    assert [(p.line, p.column) for p in caught.value.problems] == [where]


def test_line_breaks_in_values_cannot_split_a_problem_or_forge_ci_commands(runner: Any, tmp_path: Path) -> None:
    bad = tmp_path / "forged.yaml"
    bad.write_text('stage: "approach\\n::error file=x.yaml::forged"\n"key\\rx": 1\n', encoding="utf-8")
    result = runner.invoke(app_module.app, ["validate", str(bad), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{bad}:1:8: unknown value 'approach\\n::error file=x.yaml::forged' for stage; expected one of: "
        "prospect 寻找客户, evaluate 评估客户, approach 准备与接近客户, present 讲解与示范, objections 处理客户异议, "
        "close 诱导成交",
        f"{bad}:2:1: unknown key 'key\\rx'",
    ]


def test_three_hundred_mutated_profiles_are_all_accounted_for(tmp_path: Path) -> None:
    rng = random.Random(20261129)
    names = []
    for n in range(300):
        demo = rng.randrange(len(DEMOS))
        name = f"{n:03d}-{Path(sorted(PROFILES.glob('*.yaml'))[demo]).stem}.yaml"
        data = DEMOS[demo] if n % 10 == 0 else mutate(DEMOS[demo], random_ops(rng))  # some stay valid
        (tmp_path / name).write_bytes(data)
        names.append(name)
    env = {**os.environ, "KASALES_LANG": "en", "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-m", "kasales", "qualify", str(tmp_path), "--format", "json"],
                         capture_output=True, text=True, timeout=120, cwd=REPO, env=env)
    assert "Traceback" not in run.stderr
    assert run.returncode in (0, 1, 2), run.stderr[-2000:]
    doc = json.loads(run.stdout)
    scored = {Path(r["file"]).name for r in doc["results"]}
    rejected = {Path(e["file"]).name for e in doc["errors"]}
    assert len(doc["results"]) + len(rejected) == 300
    assert scored | rejected == set(names) and not scored & rejected
    summary = re.search(r"^kasales: (\d+) files, (\d+) scored, (\d+) rejected", run.stderr, re.MULTILINE)
    assert summary is not None, run.stderr[-500:]
    assert tuple(map(int, summary.groups())) == (300, len(scored), len(rejected))
    assert rejected and scored  # the mutations broke some files and left others valid


def test_oversized_mutation_is_rejected_with_the_limit(scratch: Path) -> None:
    scratch.write_bytes(DEMOS[0] + b"#" * MAX_BYTES)
    with pytest.raises(KasalesError) as caught:
        load_profile(scratch)
    assert [problem_line(p) for p in caught.value.problems] == [
        f"{scratch}:1:1: file is {len(DEMOS[0]) + MAX_BYTES} bytes; profiles are limited to {MAX_BYTES} bytes"]


# main(): the one place where an unexpected exception becomes one line and exit code 3.

def _main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["kasales", *args])
    monkeypatch.setenv("KASALES_LANG", "en")
    with pytest.raises(SystemExit) as exited:
        app_module.main()
    return exited.value.code if isinstance(exited.value.code, int) else 0


def test_unexpected_exception_in_a_command_is_one_line_and_exit_3(monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom\nwith a second line")

    monkeypatch.setattr(kasales.io.batch, "stream_batch", broken)
    monkeypatch.setattr(kasales.io.batch, "run_batch", broken)
    code = _main(monkeypatch, "qualify", str(PROFILES), "--format", "json")
    out, err = capsys.readouterr()
    assert code == 3
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("kasales: internal error: RuntimeError: boom with a second line")
    assert "this is a bug in kasales" in err


def test_typer_exit_escaping_the_app_keeps_its_code(monkeypatch: pytest.MonkeyPatch) -> None:
    def exits(*args: Any, **kwargs: Any) -> None:
        raise typer.Exit(1)  # an Exception subclass: main() must not turn it into exit 3

    monkeypatch.setattr(app_module, "app", exits)
    assert _main(monkeypatch) == 1


def test_gate_exit_1_passes_through_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # huaxin-rural-bank is the demo portfolio's one `man` account: verdict disqualify
    assert _main(monkeypatch, "qualify", str(PROFILES), "--fail-on", "disqualify", "--format", "json") == 1
    assert "huaxin-rural-bank.yaml: gate failed" in capsys.readouterr().err


def test_invalid_input_exit_2_passes_through_main(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("stage: nowhere\n", encoding="utf-8")
    assert _main(monkeypatch, "qualify", str(bad)) == 2
    assert f"{bad}:1:8: unknown value 'nowhere' for stage" in capsys.readouterr().err


def test_clean_run_exits_0_through_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert _main(monkeypatch, "qualify", str(PROFILES / "huadong-metro.yaml"), "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["verdict"] == "develop"
