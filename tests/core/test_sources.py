"""Where each text comes from (SPEC §13): every rubric text says it; a text marked as the course's is its wording."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kasales.cli.app import app
from kasales.core.bilingual import KASALES
from kasales.io.rubrics import default_rubric, load_rubric

PHRASES = Path(__file__).resolve().parent.parent / "cases" / "course_phrases.txt"
CJK = re.compile(r"[\u4e00-\u9fff]+")  # a run of Chinese characters: the course's words are Chinese


def _course_text() -> str:
    """The course phrases with whitespace removed, one per line (lines in the file are never joined)."""
    lines = (line.split("#", 1)[0] for line in PHRASES.read_text(encoding="utf-8").splitlines())
    return "\n".join(re.sub(r"\s+", "", line) for line in lines if line.strip())


def test_every_text_of_the_default_rubric_has_a_source() -> None:
    missing = [key for key, text in default_rubric().all_texts() if text.source is None]
    assert missing == []


@pytest.mark.parametrize("key", [k for k, t in default_rubric().all_texts() if t.from_course])
def test_a_text_marked_as_the_courses_uses_the_courses_wording(key: str) -> None:
    text = dict(default_rubric().all_texts())[key]
    course = _course_text()
    words = CJK.findall(re.sub(r"\{\w+\}", " ", text.zh))
    assert words, f"{key} is marked as the course's ({text.source}) but has no Chinese wording to check"
    assert [w for w in words if w not in course] == [], f"{key} ({text.source}): {text.zh}"


def test_kasales_completions_are_not_called_the_courses() -> None:
    # SPEC §3 and §13: the last four MAN cells, 平视/仰视, the momentum means and the personal items are kasales's
    rubric = default_rubric()
    for section, key in [("labels.action", "nurture"), ("labels.action", "disqualify"), ("labels.standing", "level"),
                         ("labels.standing", "looked_up"), ("strategies.momentum", "advice_means"),
                         ("labels.intel_item", "personal.career"), ("labels.approach_tool_use", "samples")]:
        assert rubric.source(section, key) == KASALES, (section, key)
    for section, key in [("labels.action", "pursue"), ("strategies.endgame", "advice_advantage"),
                         ("strategies.key_person", "advice_none"), ("labels.role_does", "technical")]:
        assert rubric.source(section, key) not in (None, KASALES), (section, key)


def test_a_user_rewording_drops_the_courses_source_unless_it_names_one(tmp_path: Path) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text('extends: default\nlabels:\n  action:\n    pursue: {en: "go", zh: "冲"}\n'
                    '    develop_need: {en: "develop", zh: "培育", source: kasales}\n', encoding="utf-8")
    rubric = load_rubric(path)
    assert rubric.source("labels.action", "pursue") is None  # new words are the user's, not the course's
    assert rubric.source("labels.action", "develop_need") == KASALES
    assert rubric.source("labels.action", "find_authority") == "3.1"  # untouched texts keep theirs


def test_a_source_that_is_neither_a_section_nor_kasales_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text('extends: default\nlabels:\n  action:\n    pursue: {en: "go", zh: "冲", source: "the course"}\n',
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["rubric", "--rubric", str(path)])
    assert result.exit_code == 2 and f"{path}:4:" in result.stderr
    assert "source must be a course section" in result.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kasales_rubric_shows_each_texts_source(lang: str) -> None:
    table = CliRunner().invoke(app, ["rubric", "--format", "table", "--lang", lang])
    assert table.exit_code == 0
    row = next(line for line in table.stdout.splitlines() if line.strip().startswith("labels.action.disqualify"))
    assert ("kasales†" if lang == "en" else "工具补充†") in row
    row = next(line for line in table.stdout.splitlines() if line.strip().startswith("labels.action.pursue"))
    assert ("course 3.1" if lang == "en" else "课程 3.1") in row
    import json

    texts = {t["key"]: t for t in json.loads(CliRunner().invoke(app, ["rubric", "-f", "json"]).stdout)["texts"]}
    assert texts["strategies.endgame.advice_disadvantage"]["source"] == "2.8"
    assert texts["flags.authority_without_decision_maker"]["source"] == KASALES
    assert "source: '2.8'" in CliRunner().invoke(app, ["rubric"]).stdout  # the YAML carries it too
