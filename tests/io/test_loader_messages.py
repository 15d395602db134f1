"""Loader messages: every problem has a 1-based position, describes the bad value truthfully, and never echoes
personal data."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from kasales.cli.app import app
from kasales.core.errors import KasalesError, Problem, UsageError
from kasales.core.vocab import Attitude, IntelStatus, ManStatus, ObjectionStatus, Position, Role
from kasales.io import loader
from kasales.io.loader import MAX_BYTES, id_position, parse_profile
from kasales.render.records import problem_record
from kasales.text import messages

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def _problems(text: str, lang: str = "en") -> list[str]:
    """``line:column: message`` of every problem ``text`` has as a profile."""
    with pytest.raises(KasalesError) as caught:
        parse_profile(text, "x.yaml")
    return [f"{p.line}:{p.column}: {messages.words(p.message, lang)}" for p in caught.value.problems]


def _invoke(runner: Any, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args], env={"KASALES_LANG": "en", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


# --- 1. positions: 1-based everywhere, file-level problems at 1:1 ------------------------------

def test_a_problem_without_a_position_is_at_1_1() -> None:
    problem = Problem("a.yaml", 0, 0, "cannot read file: gone")
    assert (problem.line, problem.column) == (1, 1)
    assert str(problem) == "a.yaml:1:1: cannot read file: gone"
    assert problem_record(problem) == {"file": "a.yaml", "line": 1, "column": 1, "message": "cannot read file: gone",
                                   "severity": "error"}


def test_usage_errors_keep_naming_only_the_path() -> None:
    # a path given on the command line is not a place in a file: no 1:1 there
    err = UsageError([Problem("out.json", 0, 0, "already exists; pass --force to overwrite it")])
    assert [str(p) for p in err.problems] == ["out.json: already exists; pass --force to overwrite it"]


def test_missing_path_prints_path_colon_message(runner: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    code, out, err = _invoke(runner, "validate", str(missing))
    assert code == 2 and out == ""
    assert f"{missing}: no such file or folder" in err.splitlines()


def _odd_folder(root: Path) -> dict[str, str]:
    """A folder with one valid profile and file-level problems of every kind; name -> message start."""
    (root / "good.yaml").write_text("account: {id: good}\nstage: approach\n", encoding="utf-8")
    (root / "huge.yaml").write_bytes(b"#" * (MAX_BYTES + 1))
    (root / "folder.yaml").mkdir()
    odd = {"huge.yaml": "file is", "folder.yaml": "is a folder named like a profile"}
    if sys.platform != "win32":
        (root / "dangling.yaml").symlink_to(root / "gone.yaml")
        (root / "sub").mkdir()
        (root / "sub" / "back").symlink_to(root)
        odd.update({"dangling.yaml": "cannot read file", "back": "symbolic link loop"})
    return odd


def test_file_level_problems_print_at_1_1(runner: Any, tmp_path: Path) -> None:
    odd = _odd_folder(tmp_path)
    code, out, _ = _invoke(runner, "validate", str(tmp_path))
    assert code == 2
    lines = out.splitlines()
    assert len(lines) == len(odd)
    for name, start in odd.items():
        assert [line for line in lines if f"{os.sep}{name}:1:1: {start}" in line], (name, out)


@pytest.mark.parametrize("command", ["validate", "qualify"])
def test_json_errors_have_integer_positions(runner: Any, tmp_path: Path, command: str) -> None:
    odd = _odd_folder(tmp_path)
    (tmp_path / "bad.yaml").write_text("account: {id: bad}\nstage: nowhere\n", encoding="utf-8")
    code, out, _ = _invoke(runner, command, str(tmp_path), "--format", "json")
    assert code == 2
    errors = json.loads(out)["errors"]
    assert len(errors) == len(odd) + 1
    positions = {Path(e["file"]).name: (e["line"], e["column"]) for e in errors}
    assert positions == {**{name: (1, 1) for name in odd}, "bad.yaml": (2, 8)}


def test_github_annotations_carry_the_position_of_file_level_problems(runner: Any, tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    code, out, _ = _invoke(runner, "qualify", str(tmp_path), "--format", "github")
    assert code == 2
    annotations = [line for line in out.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 1 and ",line=1,col=1," in annotations[0]


def test_duplicate_id_without_a_written_id_points_at_1_1(runner: Any, tmp_path: Path) -> None:
    # both files are known by their name `acme`; the second has no `account.id` to point at
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "acme.yaml").write_text("stage: approach\n", encoding="utf-8")
    (tmp_path / "b" / "acme.yaml").write_text("\n\n  stage: close\n", encoding="utf-8")
    code, out, _ = _invoke(runner, "validate", str(tmp_path))
    assert code == 2
    assert out.startswith(f"{tmp_path / 'b' / 'acme.yaml'}:3:3: duplicate account id 'acme'")
    assert id_position(str(tmp_path / "a" / "acme.yaml")) == (1, 1)


def test_id_position_of_a_file_that_changed_or_vanished_is_1_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("account: [\n", encoding="utf-8")
    deep = tmp_path / "deep.yaml"
    deep.write_text("account: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert id_position(str(broken)) == (1, 1)
    assert id_position(str(deep)) == (1, 1)
    assert id_position(str(tmp_path / "gone.yaml")) == (1, 1)
    fine = tmp_path / "fine.yaml"
    fine.write_text("stage: close\naccount:\n  id: acme\n", encoding="utf-8")
    assert id_position(str(fine)) == (3, 7)


def test_id_position_does_not_hide_a_bug(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fine = tmp_path / "fine.yaml"
    fine.write_text("account: {id: acme}\n", encoding="utf-8")

    def broken_locate(*_: object, **__: object) -> tuple[int, int]:
        raise RuntimeError("a bug in kasales")

    monkeypatch.setattr(loader, "_locate", broken_locate)
    with pytest.raises(RuntimeError):
        id_position(str(fine))


# --- 2. "found ..." describes what was written, not what a validator made of it ---------------

@pytest.mark.parametrize(("text", "expected"), [
    ("man: {money: [yes]}\n", "1:14: expected a string (found a list)"),
    ("competitors: [{name: x, strengths: {a: 1}}]\n", "1:36: expected a string (found a mapping)"),
    ("account:\n  updated: !!binary aGVsbG8=\n", "2:12: expected a date like 2026-11-20 (found a value)"),
    ("account:\n  name: !!binary /w==\n", "2:9: expected a string (found a value)"),
    ("account:\n  name: true\n", "2:9: expected a string (found true)"),
    ("stakeholders:\n  - name: ~\n", "2:11: expected a string (found nothing (null))"),
    ("true\n", "1:1: the top level of a profile must be a mapping of keys (found true)"),
])
def test_found_names_the_written_value(text: str, expected: str) -> None:
    assert _problems(text) == [expected]


def test_type_name_of_a_value_yaml_tags_can_make() -> None:
    def name(value: object, lang: str) -> str:
        return messages.words(loader._kind(value), lang)

    assert name(b"\x00", "en") == "a value"
    assert name({1, 2}, "zh") == "值"
    assert name(dt.date(2026, 11, 20), "en") == "a date"
    assert name(dt.datetime(2026, 11, 20, 8, 0), "zh") == "日期"


# --- 3. personal data is never echoed -----------------------------------------------------------

MARK = "qzjv王主任周末常去长跑"  # in no message, label or demo profile of kasales

LEAKS = {
    "short-form": f"intel:\n  personal:\n    interests: \"{MARK}\"\n",
    "in-status": f"intel:\n  personal:\n    interests: {{status: \"{MARK}\", note: ok}}\n",
    "chinese-short-form": f"intel:\n  personal: {{contact: {MARK}}}\n",
    "note-as-list": f"intel:\n  personal:\n    career: {{status: done, note: [\"{MARK}\"]}}\n",
    "unknown-key-value": f"intel:\n  personal:\n    interests: {{status: done, hobby: \"{MARK}\"}}\n",
    "personal-as-text": f"intel:\n  personal: \"{MARK}\"\n",
    "multi-line": f"intel:\n  personal:\n    interests: |\n      {MARK}\n      second line\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("args", [("validate",), ("validate", "--format", "json"), ("qualify", "--format", "json"),
                                  ("qualify", "--format", "github"), ("qualify",)],
                         ids=["validate", "validate-json", "qualify-json", "qualify-github", "qualify-table"])
@pytest.mark.parametrize("name", sorted(LEAKS))
def test_personal_note_in_a_bad_place_is_never_echoed(runner: Any, tmp_path: Path, name: str,
                                                      args: tuple[str, ...], lang: str) -> None:
    bad = tmp_path / "leaky.yaml"
    bad.write_text("account: {id: leaky}\n" + LEAKS[name], encoding="utf-8")
    code, out, err = _invoke(runner, args[0], str(bad), *args[1:], "--lang", lang)
    assert code == 2
    assert f"{bad}:" in out + err  # the problem is reported, with its place ...
    assert MARK not in out + err  # ... but not the note
    assert "qzjv" not in out + err and "长跑" not in out + err  # nor a piece of it


def test_personal_status_error_names_the_field_and_the_choices() -> None:
    assert _problems(f"intel:\n  personal:\n    interests: \"{MARK}\"\n") == [
        "3:16: invalid value for intel.personal.interests.status (not shown: personal data); "
        "expected one of: done 已完成, partial 部分, missing 缺失"]
    assert _problems(f"intel:\n  personal: {{contact: {MARK}}}\n", "zh") == [
        "2:23: intel.personal.contact.status 的值无效 (属于个人资料, 不予显示); 可选值: done 已完成, partial 部分, "
        "missing 缺失"]


def test_unknown_key_under_personal_is_not_named_nor_its_value() -> None:
    # a key there may itself be a note written in the wrong place ("wang_golf_sundays: done")
    assert _problems(f"intel:\n  personal:\n    interests: {{status: done, hobby: \"{MARK}\"}}\n") == [
        "3:31: unknown key (not shown: personal data)"]


def test_the_same_value_outside_personal_data_is_quoted() -> None:
    # the contrast that proves the hiding is deliberate: elsewhere a bad value is shown to be fixed
    assert _problems("intel:\n  project:\n    budget: finished\n") == [
        "3:13: unknown value 'finished' for intel.project.budget.status; expected one of: "
        "done 已完成, partial 部分, missing 缺失"]


# --- 4. null means "left out" for every enumerated field; no Python names in messages -----------

def test_null_enumerated_values_mean_left_out() -> None:
    profile = parse_profile(
        "position: null\nstage: ~\nstanding: ~\nprocurement_step: ~\nprocess_step: ~\n"
        "man: {money: {status: ~}, authority: ~}\n"
        "stakeholders:\n  - {name: 王强, attitude: ~, influence: ~, roles: [technical, ~]}\n"
        "objections:\n  - {text: 价格太高, status: ~}\n"
        "intel: {project: {budget: {status: ~}, timeline: ~}}\n"
        "approach_tools: [~, demo]\n", "x.yaml")
    assert profile.position is Position.unknown
    assert (profile.stage, profile.standing, profile.procurement_step, profile.process_step) == (None,) * 4
    assert (profile.man.money.status, profile.man.authority.status) == (ManStatus.unknown, ManStatus.unknown)
    person = profile.stakeholders[0]
    assert (person.attitude, person.influence, person.roles) == (Attitude.unknown, None, [Role.technical])
    assert profile.objections[0].status is ObjectionStatus.open
    assert profile.intel.project.budget.status is IntelStatus.missing
    assert profile.intel.project.timeline.status is IntelStatus.missing
    assert profile.approach_tools == ["demo"]


def test_position_null_validates_on_the_command_line(runner: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("account: {id: p}\nstage: approach\nposition: null\n", encoding="utf-8")
    code, out, _ = _invoke(runner, "qualify", str(path), "--format", "json")
    assert code == 0
    assert json.loads(out)["results"][0]["position"] == "unknown"


@pytest.mark.parametrize(("text", "expected"), [
    ("stage: true\n", "1:8: invalid value for stage (found true); expected one of: prospect 寻找客户,"),
    ("position: 3\n", "1:11: invalid value for position (found 3); expected one of: advantage 优势,"),
    ("stage: 2026-11-20\n", "1:8: invalid value for stage (found a date); expected one of: prospect 寻找客户,"),
    ("standing: !!binary aGVsbG8=\n", "1:11: invalid value for standing (found a value); expected one of:"),
    ("position: {a: 1}\n", "1:11: expected a string (found a mapping)"),
    ("evaluation: {credit: true}\n", "1:22: score must be an integer from 1 to 5 (found true)"),
    ("evaluation: {credit: {score: {a: 1}}}\n", "1:30: score must be an integer from 1 to 5 (found a mapping)"),
    ("evaluation: {credit: [4]}\n", "1:22: score must be an integer from 1 to 5 (found a list)"),
    ("evaluation: {credit: '4'}\n", "1:22: score must be an integer from 1 to 5 (found the string '4')"),
    ("evaluation: {credit: .inf}\n", "1:22: score must be an integer from 1 to 5 (found .inf)"),
    ("evaluation: {credit: 2026-11-20}\n", "1:22: score must be an integer from 1 to 5 (found a date)"),
    ("evaluation: {credit: " + "9" * 40 + "}\n", "1:22: score must be an integer from 1 to 5 (found an integer)"),
])
def test_bad_values_are_described_in_yaml_terms(text: str, expected: str) -> None:
    (problem,) = _problems(text)
    assert problem.startswith(expected), problem
    for python in ("NoneType", "True", "False", "dict", "'list'", "datetime", "bytes", "None"):
        assert python not in problem


def test_chinese_scores_and_values_are_described_too() -> None:
    assert _problems("evaluation: {credit: '4'}\nstage: true\n", "zh") == [
        "1:22: 评分必须是 1 到 5 的整数 (实际为 字符串 '4')",
        "2:8: stage 的值无效 (实际为 true); 可选值: prospect 寻找客户, evaluate 评估客户, "
        "approach 准备与接近客户, present 讲解与示范, objections 处理客户异议, close 诱导成交",
    ]


def test_a_long_bad_value_is_clipped_to_one_short_line() -> None:
    (problem,) = _problems("stage: \"" + "x" * 5000 + "\\nforged\"\n")
    assert problem.startswith("1:8: unknown value 'xxx")
    assert "x" * 79 + "…' for stage" in problem and "x" * 80 not in problem and "forged" not in problem


# --- 5. schema_version --------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "found"), [
    ('"1"', "the string '1'"), ("2", "2"), ("1.5", "1.5"), ("true", "true"), ("~", "nothing (null)"),
    ("[1]", "a list"),
])
def test_schema_version_must_be_the_integer_1(value: str, found: str) -> None:
    assert _problems(f"schema_version: {value}\n") == [f"1:17: schema_version must be the integer 1 (found {found})"]


def test_schema_version_message_in_chinese() -> None:
    assert _problems('schema_version: "1"\n', "zh") == ["1:17: schema_version 必须是整数 1 (实际为 字符串 '1')"]


def test_schema_version_1_and_left_out_are_accepted() -> None:
    assert parse_profile("schema_version: 1\n", "x.yaml").schema_version == 1
    assert parse_profile("stage: close\n", "x.yaml").schema_version == 1
