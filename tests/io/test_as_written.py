"""Text fields keep the text as written: `id: 000001` is "000001", never "1"; an empty gate list is an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kasales.cli.app import app
from kasales.io.loader import parse_profile
from kasales.io.yamlsafe import parse

NUMERIC_FORMS = ["000001", "007", "3.10", "0x1F", "0o17", "1_000_000", "1e3", "1.0", ".5", "+1", "-0", "1.50e+03",
                 ".inf", "-.inf", ".nan", "12", "3.5"]


@pytest.mark.parametrize("written", NUMERIC_FORMS)
@pytest.mark.parametrize("field", ["id", "name", "industry", "owner"])
def test_a_number_in_a_text_field_is_the_text_as_written(field: str, written: str) -> None:
    if field == "id" and not written.replace("_", "").isalnum():
        pytest.skip("an id holds letters, digits, '-' and '_' only")
    profile = parse_profile(f"account: {{{field}: {written}}}\n")
    assert getattr(profile.account, field) == written


numeric = st.from_regex(r"[+-]?(0*[0-9][0-9_]{0,8}|0x[0-9a-fA-F]{1,6}|0o[0-7]{1,6}|[0-9]{0,4}\.[0-9]{1,4}"
                        r"([eE][+-]?[0-9]{1,2})?)", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(written=numeric)
def test_any_number_form_in_any_text_field_round_trips(written: str) -> None:
    text = (f"account: {{name: {written}, industry: {written}}}\n"
            f"stakeholders: [{{name: {written}, title: {written}}}]\n"
            f"competitors: [{{name: {written}, strengths: [{written}]}}]\n"
            f"evaluation: {{credit: {{score: 3, note: {written}}}}}\n")
    profile = parse_profile(text)
    assert profile.account.name == profile.account.industry == written
    assert profile.stakeholders[0].name == profile.stakeholders[0].title == written
    assert profile.competitors[0].strengths == [written]
    assert profile.evaluation.credit.note == written


def test_numbers_stay_numbers() -> None:
    assert parse("a: [007, 0x1F, 3.10]")["a"] == [7, 31, 3.1]
    profile = parse_profile("evaluation: {credit: 04, need_degree: {score: 0x3}}\n")
    assert (profile.evaluation.credit.score, profile.evaluation.need_degree.score) == (4, 3)


def test_stock_codes_as_ids_do_not_collide(runner: Any, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("account: {id: 000001, name: A}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("account: {id: 1, name: B}\n", encoding="utf-8")
    result = runner.invoke(app, ["qualify", str(tmp_path), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    assert {line.split(",")[1] for line in result.stdout.splitlines()[1:]} == {"000001", "1"}


@pytest.mark.parametrize("value", [",", " , ", ",,", ""])
def test_a_gate_list_without_a_value_is_a_usage_error(runner: Any, value: str) -> None:
    from conftest import PROFILES

    result = runner.invoke(app, ["qualify", str(PROFILES / "huadong-metro.yaml"), "--fail-on", value])
    assert result.exit_code == 2
    assert "empty verdict list" in result.stderr
