"""What a worker sends back is plain data: JSON survives it, and every problem reads the same after the trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, TODAY
from ruamel.yaml import YAML

from kasales.core.errors import KasalesError, Msg, Problem
from kasales.core.gates import Gates
from kasales.core.wire import msg_data, msg_from_data, problem_data, problem_from_data
from kasales.io.batch import Job, score_file
from kasales.io.loader import load_profile
from kasales.io.rubrics import default_rubric
from kasales.text.messages import problem_line, words

CASES: list[dict[str, Any]] = YAML(typ="safe").load(
    (Path(__file__).parents[1] / "cases" / "bad_inputs.yaml").read_text("utf-8"))
PLAIN = (str, int, float, bool, type(None))


def _only_plain(value: Any) -> bool:
    if isinstance(value, PLAIN):
        return True
    if isinstance(value, list | tuple):
        return all(_only_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _only_plain(v) for k, v in value.items())
    return False


def _small_cases() -> list[dict[str, Any]]:
    return [c for c in CASES if "content" in c and not c.get("subprocess")]


@pytest.mark.parametrize("case", _small_cases(), ids=[c["name"] for c in _small_cases()])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_rejected_file_reads_the_same_after_a_json_trip(case: dict[str, Any], lang: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(case["content"].encode(case.get("encoding", "utf-8")))
    outcome = score_file(Job(default_rubric(), TODAY), path)
    if outcome.account_id is not None:  # a case that is valid for the loader (its problem is a later check)
        return
    assert _only_plain(list(outcome))
    with pytest.raises(KasalesError) as direct:
        load_profile(path)
    back = [problem_from_data(p) for p in json.loads(json.dumps(outcome.problems))]
    assert [problem_line(p, lang) for p in back] == [problem_line(p, lang) for p in direct.value.problems]
    assert back == direct.value.problems


def test_an_accepted_file_sends_its_finished_item_and_gate_failures_as_data() -> None:
    files = sorted(Path(PROFILES).glob("*.yaml"))
    gates = Gates(fail_on=frozenset({"pursue", "nurture", "verify", "disqualify", "develop"}), min_score=99)
    finish = (lambda result, failures: {"id": result.account.id, "verdict": result.verdict})  # noqa: E731
    for path in files:
        outcome = score_file(Job(default_rubric(), TODAY, gates.check, finish), path)
        assert outcome.problems == ()
        assert _only_plain(list(outcome)), path
        assert outcome.item["id"] == outcome.account_id
        assert json.loads(json.dumps(outcome.gate_failures)) == [list(m) for m in outcome.gate_failures]
    # without a finishing step nothing of the Result travels at all
    assert score_file(Job(default_rubric(), TODAY), files[0]).item is None


def test_nested_messages_and_sequences_survive() -> None:
    msg = Msg("unknown_key", key="stagee", hint=Msg("did_you_mean", guess="stage"))
    assert msg_from_data(json.loads(json.dumps(msg_data(msg)))) == msg
    for lang in ("en", "zh"):
        assert words(msg_from_data(msg_data(msg)), lang) == words(msg, lang)
    problem = Problem("a.yaml", 3, 4, Msg("missing", key="account"))
    assert problem_from_data(json.loads(json.dumps(problem_data(problem)))) == problem


@pytest.mark.parametrize("args", [["--format", "table", "--details"], ["--format", "csv"], ["--format", "markdown"],
                                  ["--format", "github"], ["--format", "json"]])
def test_workers_send_the_parent_only_plain_rows(runner: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                 args: list[str]) -> None:
    """Every outcome the parent reads in a two-worker run is plain data: no Result crosses the process line."""
    import kasales.io.batch as batch
    from kasales.cli.app import app

    for i, path in enumerate(sorted(Path(PROFILES).glob("*.yaml")) * 10):  # past MIN_PARALLEL: workers run
        (tmp_path / f"{i:03d}.yaml").write_text(path.read_text("utf-8").replace(
            "id: ", f"id: n{i:03d}-", 1), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("account: [\n", encoding="utf-8")
    seen: list[Any] = []
    accept = batch._accept

    def checked(into: Any, outcomes: Any, *rest: Any) -> Any:
        def plain() -> Any:
            for outcome in outcomes:
                assert _only_plain(list(outcome)), outcome
                seen.append(outcome.file)
                yield outcome
        return accept(into, plain(), *rest)

    monkeypatch.setattr(batch, "_accept", checked)
    monkeypatch.setenv("KASALES_JOBS", "2")
    result = runner.invoke(app, ["qualify", str(tmp_path), *args, "--lang", "en"])
    assert result.exit_code == 2, result.stderr  # the broken file
    assert len(seen) == len(list(tmp_path.iterdir())) > batch.MIN_PARALLEL
    assert "broken.yaml:2:1: " in result.stderr + result.stdout  # github prints problems on stdout
