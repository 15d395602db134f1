"""`kasales set`: fields change in place, everything else stays byte for byte, bad assignments change nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, TODAY
from ruamel.yaml import YAML

from kasales.cli.app import app
from kasales.core import vocab

DEMO = sorted(PROFILES.glob("*.yaml"))
ENUMS = {"stage": vocab.Stage, "process_step": vocab.ProcessStep, "position": vocab.Position,
         "man.authority": vocab.ManStatus, "man.money": vocab.ManStatus, "intel.background.org_structure":
         vocab.IntelStatus, "stakeholders[0].attitude": vocab.Attitude}


def _value(data: Any, path: str) -> Any:
    """The value a path names in plain data (short forms read through), or None."""
    node = data
    for part in path.replace("[0]", ".0").split("."):
        if isinstance(node, list):
            node = node[int(part)] if node else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    if isinstance(node, dict):
        node = node.get("score", node.get("status"))
    return node


def _other(path: str, value: Any) -> str:
    """A valid value different from ``value`` for the field at ``path``."""
    if path == "evaluation.credit":
        return "1" if value != 1 else "2"
    if path in ENUMS:
        current = vocab.normalize(ENUMS[path], value)
        return next(v.value for v in ENUMS[path] if v.value != current)
    if path == "approach_tools":
        return "[samples]"
    return "changed by a test, 改动"


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return str(value)


FIELDS = ["stage", "process_step", "position", "man.money", "man.authority", "man.need.evidence",
          "evaluation.credit", "stakeholders[0].attitude", "stakeholders[0].title", "intel.background.org_structure",
          "account.owner", "approach_tools"]


@pytest.mark.parametrize("profile", DEMO, ids=lambda p: p.stem)
def test_set_and_set_back_leaves_every_demo_profile_byte_identical(runner: Any, tmp_path: Path,
                                                                   profile: Path) -> None:
    target = tmp_path / profile.name
    shutil.copy(profile, target)
    original = profile.read_bytes()
    data = YAML(typ="safe").load(original)
    updated = data["account"].get("updated")  # without one, --keep-date keeps it out
    keep = [] if updated else ["--keep-date"]
    tried = 0
    for path in FIELDS:
        value = _value(data, path)
        if value is None:
            continue
        tried += 1
        first = runner.invoke(app, ["set", str(target), f"{path}={_other(path, value)}", *keep])
        assert first.exit_code == 0, (path, first.output)
        assert target.read_bytes() != original
        if updated:  # the profile was just reviewed
            assert f"  updated: {TODAY.isoformat()}" in target.read_text("utf-8")
        back = runner.invoke(app, ["set", str(target), f"{path}={_text(value)}",
                                   *([f"account.updated={updated}"] if updated else keep)])
        assert back.exit_code == 0, (path, back.output)
        assert target.read_bytes() == original, path
    assert tried >= 8


def test_keep_date_and_the_issue_example(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "huadong-metro.yaml"
    shutil.copy(PROFILES / "huadong-metro.yaml", target)
    before = target.read_text("utf-8").splitlines()
    result = runner.invoke(app, ["set", str(target), "man.authority=yes",
                                 "man.authority.evidence=board minutes 2026-11-20", "evaluation.credit=4",
                                 "stakeholders[name=陈总].attitude=supporter", "--keep-date", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        f"{target}: develop (MAN MaN, score 77.5 · low risk) → pursue (MAN MAN, score 72.5 · low risk)")
    after = target.read_text("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [('    status: partial', '    status: yes'),
                       ('    evidence: "信息中心主任推荐, 最终由总经理办公会决定; 尚未接触总经理"',
                        '    evidence: "board minutes 2026-11-20"'),  # still double-quoted
                       ('  credit: 5', '  credit: 4'),
                       ('    attitude: unknown', '    attitude: supporter')]


def test_chinese_values_are_written_as_typed_and_score_like_english(runner: Any, tmp_path: Path) -> None:
    zh, en = tmp_path / "zh.yaml", tmp_path / "en.yaml"
    for target in (zh, en):
        shutil.copy(PROFILES / "huadong-metro.yaml", target)
    assert runner.invoke(app, ["set", str(zh), "stakeholders[name=陈总].attitude=支持", "man.authority=是",
                               "stage=讲解与示范", "stakeholders[陈总].roles=决策人、技术人"]).exit_code == 0
    assert runner.invoke(app, ["set", str(en), "stakeholders[name=陈总].attitude=supporter", "man.authority=yes",
                               "stage=present", "stakeholders[陈总].roles=decision_maker,technical"]).exit_code == 0
    text = zh.read_text("utf-8")
    assert "attitude: 支持" in text and "authority:\n    status: 是" in text and "stage: 讲解与示范" in text
    assert "roles: [决策人, 技术人]" in text
    outputs = [runner.invoke(app, ["qualify", str(p), "--format", "json"]).stdout.replace(str(p), "F")
               for p in (zh, en)]
    assert outputs[0] == outputs[1]


def test_short_forms_grow_and_new_keys_land_in_order(runner: Any, write_profile: Any) -> None:
    target = write_profile("account:\n  id: acme\n  name: Acme  # the customer\n\n# MAN below\nman:\n  money: yes\n"
                           "  need: no   # checked by phone\n")
    result = runner.invoke(app, ["set", str(target), "man.money.evidence=budget approved", "account.owner=刘洋",
                                 "intel.project.budget=done"])
    assert result.exit_code == 0, result.output
    assert target.read_text("utf-8") == (
        "account:\n  id: acme\n  name: Acme  # the customer\n  owner: 刘洋\n"
        f"  updated: {TODAY.isoformat()}\n\n# MAN below\nman:\n  money:\n    status: yes\n"
        "    evidence: budget approved\n  need: no   # checked by phone\nintel:\n  project:\n    budget: done\n")


def test_append_to_a_list(runner: Any, write_profile: Any) -> None:
    target = write_profile("approach_tools: [demo]\n")
    assert runner.invoke(app, ["set", str(target), "approach_tools+=letters,demo", "--keep-date"]).exit_code == 0
    assert target.read_text("utf-8") == "approach_tools: [demo, letters]\n"


def test_dry_run_writes_nothing(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    shutil.copy(PROFILES / "beifang-steel.yaml", target)
    result = runner.invoke(app, ["set", str(target), "evaluation.credit=5", "--dry-run"])
    assert result.exit_code == 0 and "→" in result.stdout
    assert target.read_bytes() == (PROFILES / "beifang-steel.yaml").read_bytes()


def test_setting_what_is_already_there_changes_nothing(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    shutil.copy(PROFILES / "beifang-steel.yaml", target)
    result = runner.invoke(app, ["set", str(target), "stage=evaluate", "--lang", "en"])
    assert result.exit_code == 0 and "nothing to change" in result.stderr
    assert target.read_bytes() == (PROFILES / "beifang-steel.yaml").read_bytes()  # not even the date


def test_crlf_and_bom_are_kept(runner: Any, write_profile: Any) -> None:
    target = write_profile(b"\xef\xbb\xbfaccount:\r\n  id: acme   # ours\r\nstage: prospect\r\n")
    assert runner.invoke(app, ["set", str(target), "stage=evaluate", "--keep-date"]).exit_code == 0
    assert target.read_bytes() == b"\xef\xbb\xbfaccount:\r\n  id: acme   # ours\r\nstage: evaluate\r\n"


def test_today_follows_kasales_today(runner: Any, write_profile: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("KASALES_TODAY", "2027-01-15")
    target = write_profile("account:\n  id: acme\n  updated: 2026-01-01\n")
    assert runner.invoke(app, ["set", str(target), "stage=evaluate"]).exit_code == 0
    assert "updated: 2027-01-15" in target.read_text("utf-8")
    assert isinstance(YAML(typ="safe").load(target.read_text("utf-8"))["account"]["updated"], dt.date)


REFUSALS = [
    ("evaluation.credt=4", "unknown field 'evaluation.credt' (did you mean 'credit'?)"),
    ("evaluation.credit=9", "score must be an integer from 1 to 5 (found 9); nothing was changed"),
    ("evaluation.credit=four", "score must be an integer from 1 to 5 (found the string 'four')"),
    ("stage=closing", "unknown value 'closing' for stage (did you mean 'close'?); expected one of: prospect 寻找客户"),
    ("stakeholders[name=Nobody].attitude=supporter", "no such item (there are: 王强, 陈总"),
    ("stakeholders[7].attitude=supporter", "stakeholders[7]: there are 3 items, counted from 0"),
    ("stakeholders.attitude=supporter", "stakeholders is a list: pick one item"),
    ("man=yes", "man is a block: name one of its fields (money, authority, need)"),
    ("stage+=approach", "stage is not a list: use = instead of +="),
    ("stage", "'stage' is not an assignment; write PATH=VALUE"),
    ("man..money=yes", "'man..money' is not a field path"),
    ("stage.name=x", "stage: a value has no fields inside it"),
    ("man[0].money=yes", "man[0]: only lists take [...]"),
    ("account.id=has space", "account id 'has space' may contain only letters, digits, '-' and '_'"),
    ("account.updated=yesterday", "expected a date like 2026-11-20 (found yesterday)"),
    ("stakeholders[0].coach=maybe", "unknown value 'maybe' for stakeholders[0].coach; expected one of: true, yes"),
]


@pytest.mark.parametrize(("assignment", "message"), REFUSALS, ids=[a for a, _ in REFUSALS])
def test_invalid_assignments_change_nothing(runner: Any, tmp_path: Path, assignment: str, message: str) -> None:
    target = tmp_path / "huadong-metro.yaml"
    shutil.copy(PROFILES / "huadong-metro.yaml", target)
    result = runner.invoke(app, ["set", str(target), "stage=present", assignment, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""
    assert target.read_bytes() == (PROFILES / "huadong-metro.yaml").read_bytes()


def test_ambiguous_selector(runner: Any, write_profile: Any) -> None:
    target = write_profile("stakeholders:\n  - name: Li\n  - name: Li\n")
    result = runner.invoke(app, ["set", str(target), "stakeholders[name=Li].attitude=supporter", "--lang", "en"])
    assert result.exit_code == 2
    assert "2 items match; pick one by its position, e.g. stakeholders[0]" in result.stderr


@pytest.mark.parametrize(("text", "message"), [
    ("account:\n  owner: ~\n", "cannot edit this file without changing other lines"),
    ("account: {id: [unclosed\n", "YAML syntax error"),
    ("stage: prospect\r\nman: {}\rx: 1\n", "cannot edit this file"),
], ids=["tilde-null", "broken-yaml", "lone-cr"])
def test_files_the_round_trip_cannot_keep_are_refused(runner: Any, write_profile: Any, text: str,
                                                      message: str) -> None:
    target = write_profile(text)
    result = runner.invoke(app, ["set", str(target), "stage=evaluate", "--lang", "en"])
    assert result.exit_code == 2
    assert message in result.stderr and str(target) in result.stderr
    assert target.read_text("utf-8", errors="replace") == text or target.read_bytes() == text.encode()


def test_unreadable_inputs(runner: Any, tmp_path: Path, write_profile: Any) -> None:
    missing = runner.invoke(app, ["set", str(tmp_path / "nope.yaml"), "stage=evaluate", "--lang", "en"])
    assert missing.exit_code == 2 and "no such file or folder" in missing.stderr
    gbk = write_profile("account:\n  name: 华东\n".encode("gbk"))
    result = runner.invoke(app, ["set", str(gbk), "stage=evaluate", "--lang", "en"])
    assert result.exit_code == 2 and "not UTF-8" in result.stderr and ":2:" in result.stderr


def test_an_invalid_file_is_reported_where_it_is_wrong(runner: Any, write_profile: Any) -> None:
    target = write_profile("account:\n  id: acme\nposition: sideways\n")
    result = runner.invoke(app, ["set", str(target), "stage=evaluate", "--lang", "en"])
    assert result.exit_code == 2
    assert f"{target}:3:11: unknown value 'sideways' for position" in result.stderr
    fixed = runner.invoke(app, ["set", str(target), "position=even", "--lang", "en"])  # set can repair it
    assert fixed.exit_code == 0, fixed.output
    assert "invalid → " in fixed.stdout
