"""`kasales validate` and the loader: every bad input is a located `path:line:column: message`, never a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, REPO
from ruamel.yaml import YAML

from kasales.cli.app import app
from kasales.core.errors import KasalesError
from kasales.io.loader import load_profile, parse_profile

CASES: list[dict[str, Any]] = YAML(typ="safe").load(
    (Path(__file__).parents[1] / "cases" / "bad_inputs.yaml").read_text("utf-8"))
ENV = {**os.environ, "KASALES_LANG": "en", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}


def _content(case: dict[str, Any]) -> bytes:
    text = case["content"] if "content" in case else "".join(piece * times for piece, times in case["pieces"])
    return text.encode(case.get("encoding", "utf-8"))


def _validate(path: Path, runner: Any, in_subprocess: bool) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `kasales validate PATH`."""
    if in_subprocess:
        # timeout: a hang or a segfault (exit -11) fails the test instead of stalling the suite
        done = subprocess.run([sys.executable, "-m", "kasales", "validate", str(path)], capture_output=True,
                              timeout=10, env=ENV, cwd=REPO, check=False)
        return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    result = runner.invoke(app, ["validate", str(path), "--lang", "en"], env={"KASALES_LANG": "en"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_is_reported_with_its_position(case: dict[str, Any], runner: Any, tmp_path: Path) -> None:
    path = tmp_path / f"{case['name']}.yaml"
    path.write_bytes(_content(case))
    code, out, err = _validate(path, runner, case.get("subprocess", False))
    assert code == case.get("exit", 2), out + err
    assert "Traceback" not in out + err
    lines = out.splitlines()
    expected = case["problems"]
    assert len(lines) == len(expected), f"expected {len(expected)} problem lines, got:\n{out}"
    for line, (row, column, fragment) in zip(lines, expected, strict=True):
        prefix = f"{path}:{row}:{column}: "
        assert line.startswith(prefix), f"{line!r} does not start with {prefix!r}"
        assert fragment in line[len(prefix):], f"{fragment!r} not in {line!r}"
    assert "1 invalid" in err


def test_case_names_are_unique() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))


def test_utf8_with_bom_is_valid(runner: Any, write_profile: Any) -> None:
    path = write_profile("\ufeffaccount:\n  id: bom-account\n  name: 华东地铁集团\nstage: approach\n".encode())
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    profile = load_profile(path)
    assert profile.account.id == "bom-account"  # the BOM did not become part of the first key


TRICKY_COMMENTS = """\
# a header comment
schema_version: 1   # trailing comment
account:
  # a comment before the first key of a block
  id: tricky-comments
  name: "Tricky #1 Ltd"          # '#' inside quotes is text
  industry: C#-tools             # '#' without a space before it is text too
    # an over-indented comment is still only a comment
  owner: 刘洋
stage: approach
man:
  money: yes   # short form
  # authority left out on purpose
  need: {status: partial,   # a comment inside a flow mapping that spans lines
         evidence: "pilot only"}
evaluation:
  need_degree: 4
#  need_volume: 5   (commented out at column 1)
  credit: 5
stakeholders:
  # comment between a key and its list
  - name: 王强   # 信息中心主任

    # a blank line and a comment between list items
  - name: 陈总
    roles:
      - decision_maker  # 决策人
approach_tools: [demo,   # first
                 samples]
"""


def test_tricky_but_legal_comment_layouts_load(runner: Any, write_profile: Any) -> None:
    path = write_profile(TRICKY_COMMENTS)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    profile = load_profile(path)
    assert profile.account.name == "Tricky #1 Ltd"
    assert profile.account.industry == "C#-tools"
    assert profile.man.money.status == "yes"
    assert profile.man.need.evidence == "pilot only"
    assert profile.evaluation.need_volume.score is None
    assert [s.name for s in profile.stakeholders] == ["王强", "陈总"]
    assert [t.value for t in profile.approach_tools] == ["demo", "samples"]


CHINESE_PROFILE = """\
account: {id: zh-values, name: 华东地铁集团, updated: 2026-11-20}
stage: 准备与接近客户
procurement_step: 制定采购标准
process_step: 建立关系
position: 均势
standing: 平视
man: {money: 是, authority: 部分, need: {status: 是, evidence: 停保}}
stakeholders:
  - {name: 王强, roles: [技术人, 使用人], attitude: 支持, influence: 高, coach: true}
  - {name: 陈总, roles: 决策人, attitude: 未知, influence: 中}
intel:
  background: {org_structure: 已完成, people: 部分, industry_outlook: 缺失}
approach_tools: [电脑演示资料, 机构证言, 名片]
"""


def test_chinese_values_profile_validates(runner: Any, write_profile: Any) -> None:
    path = write_profile(CHINESE_PROFILE)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    profile = load_profile(path)
    assert (profile.stage, profile.procurement_step, profile.process_step) == ("approach", "set_criteria",
                                                                              "relationships")
    assert [r.value for r in profile.stakeholders[0].roles] == ["technical", "user"]
    assert profile.stakeholders[1].roles[0] == "decision_maker"
    assert profile.man.authority.status == "partial"
    assert profile.intel.background.people.status == "partial"


def test_demo_profiles_all_validate(runner: Any) -> None:
    result = runner.invoke(app, ["validate", str(PROFILES)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "16 files, 16 valid, 0 invalid" in result.stderr


def test_validate_json_shape(runner: Any, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("account: {id: good}\nstage: approach\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("account: {id: bad}\nstage: approach\nevaluation:\n  credit: 9\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path), "--format", "json", "--lang", "en"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["valid"] == [str(good)]
    assert doc["errors"] == [{"file": str(bad), "line": 4, "column": 11,
                              "message": "score must be an integer from 1 to 5 (found 9)", "severity": "error"}]
    assert doc["summary"] == {"files": 2, "valid": 1, "invalid": 1}


def test_validate_in_chinese(runner: Any, write_profile: Any) -> None:
    path = write_profile("stagee: approach\nevaluation: {credit: 0}\n")
    result = runner.invoke(app, ["validate", str(path), "--lang", "zh"])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:1:1: 未知的键 'stagee' (是否想写 'stage'?)",
        f"{path}:2:22: 评分必须是 1 到 5 的整数 (实际为 0)",
    ]


def test_enum_error_in_chinese_lists_chinese_terms(runner: Any, write_profile: Any) -> None:
    path = write_profile("stage: 谈判\n")
    result = runner.invoke(app, ["validate", str(path), "--lang", "zh"])
    assert result.exit_code == 2
    assert "准备与接近客户" in result.stdout and "approach" in result.stdout


def test_parse_profile_raises_every_problem_without_a_file() -> None:
    with pytest.raises(KasalesError) as caught:
        parse_profile("stage: nowhere\nposition: ahead\n", "inline.yaml")
    assert [(p.path, p.line, p.column) for p in caught.value.problems] == [("inline.yaml", 1, 8),
                                                                           ("inline.yaml", 2, 11)]
