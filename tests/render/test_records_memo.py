"""The memo of explained sentences: the same text as made afresh, its own per rubric, and bounded."""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY

from kasales.core.results import Finding, Result
from kasales.core.rubric import Rubric
from kasales.core.scoring import qualify
from kasales.io.loader import parse_profile
from kasales.io.rubrics import default_rubric
from kasales.render import memo
from kasales.render.json_format import record_text
from kasales.render.records import explain, result_record

PROFILES = sorted((Path(__file__).parents[2] / "profiles").glob("*.yaml"))


def prefixed(prefix: str) -> Rubric:
    """The default rubric with ``prefix`` before every English flag, text, strategy text and label."""
    data = default_rubric().model_dump()

    def mark(texts: dict[str, Any]) -> None:
        for text in texts.values():
            text["en"] = prefix + text["en"]

    mark(data["flags"])
    mark(data["texts"])
    for section in (*data["strategies"].values(), *data["labels"].values()):
        mark(section)
    return Rubric.model_validate(data)


def results(rubric: Rubric) -> list[Result]:
    return [qualify(parse_profile(p.read_text(encoding="utf-8"), p.name), p.name, rubric, TODAY) for p in PROFILES]


def sentences(record: dict[str, Any]) -> list[str]:
    """Every sentence of a record that the memo may have answered."""
    flags = record["flags"] + record["stakeholders"]["flags"] + record["risk"]["red_flags"]
    return [record["man"]["action_text"], record["risk"]["summary"], *(f["message"] for f in flags),
            *record["verdict_reasons"], *([record["next_step"]["message"]] if record["next_step"] else []),
            *(s[part] for s in record["strategies"] for part in ("name", "reason", "advice"))]


def test_records_are_the_same_with_the_memo_warm_as_cold() -> None:
    rubric = default_rubric()
    scored = results(rubric)
    memo.memo_of(rubric).clear()
    for lang in ("en", "zh"):
        cold = [record_text(r, (), rubric, lang, True) for r in scored]
        assert [record_text(r, (), rubric, lang, True) for r in scored] == cold


def test_the_memo_never_answers_for_another_rubric() -> None:
    default = default_rubric()
    scored = results(default)
    before = [json.dumps(result_record(r, default)) for r in scored]
    # one rubric after another in one process, each dropped after use (so a new one may get its id), and
    # more of them than the memo keeps: every record has its own rubric's words
    for i in range(memo.RUBRICS + 3):
        custom = prefixed(f"R{i}: ")
        for result in scored:
            words = [s for s in sentences(result_record(result, custom)) if s]
            assert words and all(f"R{i}: " in s for s in words), words
        del custom
        gc.collect()
    # and the default rubric's records are what they were
    assert [json.dumps(result_record(r, default)) for r in scored] == before
    assert all("R0: " not in text for text in before)


def test_the_memo_stays_bounded() -> None:
    rubric = default_rubric()
    kept = memo.memo_of(rubric)
    for i in range(3 * memo.ENTRIES):  # distinct parameters, as a hostile folder would give
        assert explain(Finding("risk_summary", {"score": i, "level": "low"}), rubric, "en") == f"score {i} · low risk"
        assert len(kept) <= memo.ENTRIES
    kept.clear()
    long = "x" * (memo.LONGEST + 1)  # a long parameter is explained afresh, not kept
    assert explain(Finding("risk_summary", {"score": long, "level": "low"}), rubric, "en") == f"score {long} · low risk"
    people = [["a" * 100, "b"] for _ in range(memo.MOST_ITEMS + 1)]
    assert memo.frozen({"people": people}) is None and memo.frozen({"items": [long]}) is None
    assert not kept
    for i in range(2 * memo.RUBRICS):
        memo.memo_of(prefixed(f"{i}"))
    assert len(memo._MEMOS) <= memo.RUBRICS


@pytest.mark.parametrize(("one", "other"), [(1, True), (1, 1.0), ("1", 1), (["a"], "a"), ([["a", "b"]], ["a", "b"])])
def test_equal_parameters_of_other_types_are_other_keys(one: object, other: object) -> None:
    assert memo.frozen({"score": one}) != memo.frozen({"score": other})
    rubric = default_rubric()
    for value in (one, other, one):
        assert explain(Finding("risk_summary", {"score": value, "level": "low"}), rubric, "en") == \
            f"score {value} · low risk"


def test_a_strategy_record_is_a_fresh_copy() -> None:
    rubric = default_rubric()
    result = next(r for r in results(rubric) if r.strategies)
    first = result_record(result, rubric)
    first["strategies"][0]["advice_parts"][0]["text"] = "changed"
    first["strategies"][0]["advice"] = "changed"
    assert "changed" not in json.dumps(result_record(result, rubric))
