"""`kasales init` writes a template that validates; `kasales schema` is a JSON Schema editors agree with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, REPO, json_ready
from ruamel.yaml import YAML

from kasales.cli.app import app
from kasales.core.schema import profile_schema

CHECKED_IN = REPO / "schema" / "profile.schema.json"



def _load_yaml(text: str) -> Any:
    return json_ready(YAML(typ="safe").load(text))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_init_writes_a_template_that_validates(runner: Any, tmp_path: Path, lang: str) -> None:
    target = tmp_path / "accounts" / "new-account.yaml"
    target.parent.mkdir()
    result = runner.invoke(app, ["init", str(target), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # the template goes to the file, only the status line to stderr
    text = target.read_text("utf-8")
    assert text.count("\n") > 20 and "#" in text  # a commented template, not a bare skeleton
    checked = runner.invoke(app, ["validate", str(target)])
    assert checked.exit_code == 0, checked.output


def test_chinese_template_is_commented_in_chinese(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "zh.yaml"
    runner.invoke(app, ["init", str(target), "--lang", "zh"])
    comments = [line for line in target.read_text("utf-8").splitlines() if "#" in line]
    assert any(any("\u4e00" <= c <= "\u9fff" for c in line) for line in comments)


def test_init_refuses_to_overwrite(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("account: {id: mine}  # my work\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target), "--lang", "en"])
    assert result.exit_code == 2
    assert str(target) in result.stderr and "--force" in result.stderr
    assert target.read_text("utf-8") == "account: {id: mine}  # my work\n"
    forced = runner.invoke(app, ["init", str(target), "--force", "--lang", "en"])
    assert forced.exit_code == 0
    assert "# my work" not in target.read_text("utf-8")
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_init_template_validates_against_the_json_schema(runner: Any, tmp_path: Path, lang: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    target = tmp_path / "t.yaml"
    runner.invoke(app, ["init", str(target), "--lang", lang])
    jsonschema.validate(_load_yaml(target.read_text("utf-8")), profile_schema())


def test_schema_command_prints_a_valid_json_schema(runner: Any) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert {"account", "man", "evaluation", "stakeholders", "intel"} <= set(schema["properties"])


def test_schema_output_file_refuses_overwrite(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "profile.schema.json"
    assert runner.invoke(app, ["schema", "-o", str(target)]).exit_code == 0
    assert json.loads(target.read_text("utf-8")) == profile_schema()
    target.write_text("{}", encoding="utf-8")
    again = runner.invoke(app, ["schema", "-o", str(target)])
    assert again.exit_code == 2
    assert target.read_text("utf-8") == "{}"


def test_checked_in_schema_matches_the_models() -> None:
    """schema/profile.schema.json is what profiles point editors at; regenerate it when models change:
    `kasales schema -o schema/profile.schema.json --force`."""
    assert json.loads(CHECKED_IN.read_text("utf-8")) == profile_schema()


def test_demo_profiles_point_at_the_checked_in_schema() -> None:
    pointers = [(path, line) for path in sorted(PROFILES.glob("*.yaml"))
                for line in path.read_text("utf-8").splitlines()[:1] if line.startswith("# yaml-language-server:")]
    assert pointers
    for path, line in pointers:
        assert (path.parent / line.split("$schema=")[1].strip()).resolve() == CHECKED_IN


@pytest.mark.parametrize("path", sorted(PROFILES.glob("*.yaml")), ids=lambda p: p.stem)
def test_demo_profiles_validate_against_the_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(CHECKED_IN.read_text("utf-8"))
    jsonschema.validate(_load_yaml(path.read_text("utf-8")), schema, format_checker=jsonschema.FormatChecker())


# Which forms kasales and the schema accept, case by case: tests/cli/test_schema_agreement.py.


def test_schema_lists_chinese_terms_after_english_values() -> None:
    """An editor completes the English values first, then the Chinese terms (SPEC §11), short forms included."""
    defs = profile_schema()["$defs"]
    stage = defs["Stage"]["anyOf"][0]["enum"]
    assert stage[:6] == ["prospect", "evaluate", "approach", "present", "objections", "close"]
    assert "准备与接近客户" in stage and "接近客户" in stage
    assert defs["Role"]["anyOf"][0]["enum"] == ["user", "technical", "purchaser", "finance", "decision_maker",
                                                "使用人", "技术人", "采购人", "财务人", "决策人"]
    assert "演示" in defs["ApproachTool"]["anyOf"][0]["enum"]
