"""The default rubric's prepared form (data/default.json) is exactly its YAML, and a stale one is never used."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from kasales.io import rubrics
from kasales.io.yamlsafe import parse


def test_shipped_prepared_form_is_the_yaml_parsed() -> None:
    shipped = resources.files("kasales").joinpath("data", rubrics.PREPARED).read_text(encoding="utf-8")
    assert json.loads(shipped)["rubric"] == parse(rubrics._default_text()), (
        "data/*.yaml changed: run python -c 'from kasales.io.rubrics import write_prepared; write_prepared()'")
    assert shipped == rubrics.prepared_text()


def test_default_rubric_from_the_prepared_form_equals_the_yaml_validated() -> None:
    from kasales.core.rubric import Rubric

    assert rubrics.default_rubric() == Rubric.model_validate(parse(rubrics._default_text()))


def test_a_stale_prepared_form_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    """An edited YAML wins over a prepared form made from the old one."""
    edited = rubrics._default_text().replace("low_at_least: 70", "low_at_least: 71", 1)
    assert edited != rubrics._default_text()
    data = rubrics._default_data(edited)
    assert data == parse(edited)
    assert data != parse(rubrics._default_text())
