"""The pure half of editing: paths, assignments, resolving against data, applying; review questions."""

from __future__ import annotations

import datetime as dt

import pytest

from kasales.core import vocab
from kasales.core.edits import EditError, Segment, apply, parse_assignment, parse_path, resolve
from kasales.core.models import Profile
from kasales.core.review import Question, questions
from kasales.io.rubrics import default_rubric


def test_paths_and_selectors() -> None:
    assert parse_path("stakeholders[name=陈总].attitude") == (Segment("stakeholders", ("name", "陈总")),
                                                             Segment("attitude"))
    assert parse_path("stakeholders[0].roles") == (Segment("stakeholders", (None, "0")), Segment("roles"))
    assert parse_path('objections[text="a]b"].status')[0].selector == ("text", "a]b")  # quoted ] is text
    for bad in ("", "man.", ".man", "man..money", "man[", "man[]", "9man", "man money"):
        with pytest.raises(EditError):
            parse_path(bad)


def test_assignment_splits_at_the_first_equals_outside_brackets() -> None:
    got = parse_assignment("stakeholders[name=a=b].title=CEO = boss")
    assert got.text == "stakeholders[name=a=b].title" and got.raw == "CEO = boss" and not got.append
    assert parse_assignment("approach_tools+=demo").append


def _edit(text: str, data: dict) -> tuple[object, dict]:
    edit = resolve(parse_assignment(text), data)
    apply(data, edit)
    return edit, data


def test_values_get_the_field_type_and_short_forms_grow() -> None:
    _, data = _edit("evaluation.credit=4", {})
    assert data == {"evaluation": {"credit": 4}}
    _, data = _edit("man.money.evidence=budget", {"man": {"money": "yes"}})
    assert data == {"man": {"money": {"status": "yes", "evidence": "budget"}}}
    _, data = _edit("account.updated=2026-11-20", {})
    assert data["account"]["updated"] == dt.date(2026, 11, 20)
    _, data = _edit("stakeholders[0].coach=是", {"stakeholders": [{"name": "王强"}]})
    assert data["stakeholders"][0]["coach"] is True
    _, data = _edit("account.name=2026", {})
    assert data["account"]["name"] == "2026"  # free text stays text
    _, data = _edit("stakeholders[陈总].roles=决策人，技术人", {"stakeholders": [{"name": "陈总"}]})
    assert data["stakeholders"][0]["roles"] == ["决策人", "技术人"]
    _, data = _edit("evaluation.credit=four", {})
    assert data["evaluation"]["credit"] == "four"  # left for the loader to reject in its own words


def test_review_asks_about_unknowns_only_and_checks_answers() -> None:
    profile = Profile.model_validate({"stage": "prospect", "man": {"money": "yes"},
                                      "evaluation": {"credit": 4},
                                      "stakeholders": [{"name": "A", "attitude": "supporter"}, {"name": "B"}]})
    asked = questions(profile, default_rubric())
    paths = [q.path for q in asked]
    assert paths[:6] == ["man.authority", "man.need", "evaluation.need_degree", "evaluation.need_volume",
                         "evaluation.purchasing_power", "evaluation.decision_authority"]
    assert paths[-1] == "stakeholders[1].attitude" and "man.money" not in paths and "evaluation.credit" not in paths
    assert all(p.startswith("intel.") for p in paths[6:-1]) and len(paths) > 7  # the evaluate stage's intel
    man = Question("man.money", "man", "money", enum=vocab.ManStatus)
    assert [man.check(a) for a in ("YES", " 是 ", "maybe", "")] == ["yes", "是", None, None]
    score = Question("evaluation.credit", "factor", "credit", score=True)
    assert [score.check(a) for a in ("1", "5", "0", "6", "4.0")] == ["1", "5", None, None, None]
