"""`kasales checklist`: stage gates as data, item statuses from the profile, formats, --strict and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import PROFILES, TODAY
from rich.cells import cell_len
from ruamel.yaml import YAML

from kasales.cli.app import app
from kasales.core.checklist import checklist_items, evaluate_checklist, item_status, next_stage
from kasales.core.checklist_model import INTEL_ITEMS, KNOWN_ITEMS
from kasales.core.scoring import qualify
from kasales.core.vocab import ApproachTool
from kasales.io.loader import parse_profile
from kasales.io.rubrics import default_rubric

CASES = YAML(typ="safe").load((Path(__file__).parents[1] / "cases/checklist_cases.yaml").read_text("utf-8"))
HUADONG = PROFILES / "huadong-metro.yaml"
CHANGFENG = PROFILES / "changfeng-auto-parts.yaml"
REMINDERS_ZH = ("接近客户的30秒,决定了推销的成败", "迅速打开准客户的“心防”", "客户不是购买商品,而是购买推销商品的人",
                "善用小礼品", "贵在尊重")
# An approach profile whose gate is met: every background and project item done, one tool chosen.
APPROACH_READY = """\
account: {id: ready, name: Ready Co}
stage: approach
intel:
  background: {org_structure: done, departments: done, people: done, similar_products: done,
               business_credit: done, industry_outlook: done}
  project: {procurement_plan: done, objective: done, influencers: done, timeline: done, budget: done, process: done}
approach_tools: [demo]
"""


def _json(runner, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["checklist", *args, "--format", "json", "--lang", "en"])
    return result, json.loads(result.stdout) if result.stdout.strip() else None


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_item_status_rules(case: dict) -> None:
    result = evaluate_checklist(parse_profile(case["profile"]), case["stage"], default_rubric())
    statuses = {i.key: i.status for i in result.items}
    assert {k: statuses[k] for k in case["expect"]} == case["expect"]
    assert result.ready is case["ready"]


def test_next_stage_follows_spec_order() -> None:
    assert [next_stage(s) for s in ("prospect", "evaluate", "approach", "present", "objections", "close")] == \
        ["evaluate", "approach", "present", "objections", "close", None]


def test_stage_approach_lists_all_22_items_tools_and_reminders(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["checklist", "--stage", "approach", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    for key in INTEL_ITEMS:
        assert key in result.stdout
    assert len(INTEL_ITEMS) == 22 and INTEL_ITEMS[0] == "background.org_structure"
    assert "approach_tools" in result.stdout
    for tool in ApproachTool:
        assert tool.value in result.stdout
    assert "seeing is believing" in result.stdout  # what the samples tool is for
    assert "The first 30 seconds of the approach decide the sale" in result.stdout


def test_stage_json_lists_items_without_status(runner) -> None:  # type: ignore[no-untyped-def]
    result, doc = _json(runner, "--stage", "approach")
    assert result.exit_code == 0
    keys = [i["key"] for i in doc["items"]]
    assert keys == [*INTEL_ITEMS, "approach_tools"]  # background, competitor, project, personal, then the tools
    assert all("status" not in i for i in doc["items"])
    required = {i["key"] for i in doc["items"] if i["required"]}
    assert required == {k for k in INTEL_ITEMS if k.split(".")[0] in ("background", "project")} | {"approach_tools"}
    assert [t["key"] for t in doc["approach_tools"]] == [t.value for t in ApproachTool]
    assert len(doc["reminders"]) == 5


def test_lang_zh_uses_the_course_wording(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["checklist", "--stage", "approach", "--lang", "zh"])
    assert result.exit_code == 0
    course = ("客户组织结构及其联系方式", "使用部门、采购部门与支持部门", "电脑演示资料", "必需", "建议")
    for text in (*course, *REMINDERS_ZH):
        assert text in result.stdout, text
    _, doc = _json(runner, "--stage", "approach")
    zh = json.loads(runner.invoke(app, ["checklist", "-s", "准备与接近客户", "-f", "json", "--lang", "zh"]).stdout)
    assert [i["key"] for i in zh["items"]] == [i["key"] for i in doc["items"]]  # keys stay English
    assert zh["items"][0]["label"] == "客户组织结构及其联系方式"
    assert [r["text"] for r in zh["reminders"]][:2] == list(REMINDERS_ZH[:2])


def test_profile_statuses_match_the_profile_exactly(runner) -> None:  # type: ignore[no-untyped-def]
    result, doc = _json(runner, str(HUADONG))
    assert result.exit_code == 0
    raw = YAML(typ="safe").load(HUADONG.read_text("utf-8"))
    for item in doc["items"]:
        if item["key"] in INTEL_ITEMS:
            category, name = item["key"].split(".")
            value = raw["intel"].get(category, {}).get(name, "missing")
            expected = value["status"] if isinstance(value, dict) else value
            assert item["status"] == expected, item["key"]
    assert {k: doc[k] for k in ("stage", "ready", "required_done", "required_total", "stage_source")} == \
        {"stage": "approach", "ready": False, "required_done": 10, "required_total": 13, "stage_source": "profile"}
    # required gaps first (in checklist order), then recommended: missing before partial
    assert doc["get_first"][:3] == ["background.people", "project.influencers", "project.process"]
    assert doc["get_first"][3:6] == ["competitor.relationships", "personal.career", "personal.education"]
    assert next(i for i in doc["items"] if i["key"] == "approach_tools")["detail"] == \
        {"tools": ["demo", "testimonials", "business_cards"]}
    chosen = [t["key"] for t in doc["approach_tools"] if t["chosen"]]
    assert chosen == ["testimonials", "demo", "business_cards"]
    # readiness for the next stage: 4 of 5 roles named, role concerns partial -> 3/5
    nxt = doc["next_stage"]
    assert (nxt["stage"], nxt["ready"], nxt["required_done"], nxt["required_total"]) == ("present", False, 3, 5)
    roles = next(i for i in nxt["items"] if i["key"] == "buying_center.roles")
    assert (roles["status"], roles["detail"]["missing"]) == ("partial", ["finance"])


def test_json_shape_of_one_profile(runner) -> None:  # type: ignore[no-untyped-def]
    _, doc = _json(runner, str(CHANGFENG))
    assert isinstance(doc, dict)
    assert {"stage", "items", "ready", "account", "file", "next_stage", "get_first", "reminders"} <= doc.keys()
    assert all({"key", "label", "status", "required"} <= i.keys() for i in doc["items"])
    assert doc["account"] == {"id": "changfeng-auto-parts", "name": "长风汽车零部件股份有限公司"}
    objections = next(i for i in doc["items"] if i["key"] == "objections.answered")
    assert (objections["status"], objections["detail"]) == ("missing", {"open": 1, "total": 3})
    assert doc["next_stage"]["stage"] == "close"


def test_json_shape_depends_on_the_arguments_not_on_what_is_found(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "accounts"
    folder.mkdir()
    (folder / "ready.yaml").write_text(APPROACH_READY, encoding="utf-8")
    # a folder holding one profile is still a list: adding a second file must not change the shape
    _, doc = _json(runner, str(folder))
    assert isinstance(doc, list) and [d["account"]["id"] for d in doc] == ["ready"]
    # the table follows the same rule: the readiness table (caption "gate met: 1/1"), not one account in full
    table = runner.invoke(app, ["checklist", str(folder), "--lang", "en"]).stdout
    assert "gate met: 1/1" in table and "get first" in table
    (folder / "other.yaml").write_text(APPROACH_READY.replace("id: ready", "id: other"), encoding="utf-8")
    _, doc = _json(runner, str(folder))
    assert isinstance(doc, list) and [d["account"]["id"] for d in doc] == ["other", "ready"]
    # one file named: an object; the same file twice is two paths, so a list (of the one account)
    _, doc = _json(runner, str(folder / "ready.yaml"))
    assert isinstance(doc, dict) and doc["account"]["id"] == "ready"
    _, doc = _json(runner, str(folder / "ready.yaml"), str(folder / "ready.yaml"))
    assert isinstance(doc, list) and [d["account"]["id"] for d in doc] == ["ready"]
    # the items keep one shape whichever wraps them
    listed = _json(runner, str(folder))[1][1]
    assert listed == _json(runner, str(folder / "ready.yaml"))[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_long_chinese_name_wraps_in_the_readiness_table(runner, tmp_path, lang: str) -> None:  # type: ignore[no-untyped-def]
    name = "中华人民共和国某某省某某市轨道交通集团有限责任公司第三分公司东"  # 30 wide characters: 60 cells
    folder = tmp_path / "accounts"
    folder.mkdir()
    (folder / "long.yaml").write_text(APPROACH_READY.replace("id: ready, name: Ready Co", f"id: long, name: {name}")
                                      .replace("approach_tools: [demo]", ""), encoding="utf-8")
    (folder / "short.yaml").write_text("account: {id: short, name: Short Co}\nstage: prospect\n", encoding="utf-8")
    result = runner.invoke(app, ["checklist", str(folder), "--lang", lang])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 100, result.stdout
    # every character of the name, wrapped inside its cell, none cut
    assert name in "".join(re.split(r"\s{2,}", line.strip())[0] for line in lines), result.stdout
    assert "…" not in result.stdout
    # the "get first" column keeps its room: its header and the first gap stay readable, not one letter a line
    assert any(line.rstrip().endswith("get first" if lang == "en" else "优先补齐") for line in lines), result.stdout
    label = next(i for i in checklist_items("approach", default_rubric()) if i.key == "approach_tools").label.get(lang)
    assert any(label[:8] in line for line in lines), result.stdout  # "at least" / "至少选定一种接近"


def test_explicit_stage_has_no_next_stage(runner) -> None:  # type: ignore[no-untyped-def]
    _, doc = _json(runner, str(HUADONG), "--stage", "prospect")
    assert (doc["stage"], doc["stage_source"], doc["ready"], doc["next_stage"]) == ("prospect", "option", True, None)


def test_profile_without_stage_is_checked_as_prospect(runner, write_profile) -> None:  # type: ignore[no-untyped-def]
    path = write_profile("account: {id: bare}\nman: {money: yes}\n")
    result, doc = _json(runner, str(path))
    assert (doc["stage"], doc["stage_source"], doc["get_first"]) == ("prospect", "default",
                                                                      ["man.authority", "man.need"])
    assert doc["next_stage"]["stage"] == "evaluate"
    assert result.exit_code == 0  # a gate not met fails only with --strict


def test_strict_exits_1_exactly_when_a_required_item_is_not_done(runner, write_profile) -> None:  # type: ignore[no-untyped-def]
    ready = write_profile(APPROACH_READY, "ready.yaml")
    assert runner.invoke(app, ["checklist", str(ready), "--strict"]).exit_code == 0
    partial_text = APPROACH_READY.replace("budget: done", "budget: partial")
    # its own id: checklist rejects a duplicate account id, as qualify does
    partial = write_profile(partial_text.replace("{id: ready", "{id: partial"), "partial.yaml")
    missing = write_profile(APPROACH_READY.replace("approach_tools: [demo]", ""), "missing.yaml")
    for path, gap in ((partial, "project.budget"), (missing, "approach_tools")):
        result = runner.invoke(app, ["checklist", str(path), "--strict"])
        assert result.exit_code == 1, path
        assert f"gate not met at stage approach: {gap}" in result.stderr
        assert runner.invoke(app, ["checklist", str(path)]).exit_code == 0  # without --strict: a report only
    # several files: one not ready is enough
    assert runner.invoke(app, ["checklist", str(ready), str(partial), "--strict"]).exit_code == 1


def test_invalid_profile_exits_2_and_valid_ones_are_still_checked(runner, write_profile) -> None:  # type: ignore[no-untyped-def]
    bad = write_profile("account: {id: bad}\nstage: approach\nman:\n  money: maybe\n", "bad.yaml")
    result, doc = _json(runner, str(bad), str(HUADONG), "--strict")
    assert result.exit_code == 2
    assert f"{bad}:4:10: unknown value 'maybe' for man.money.status" in result.stderr
    assert [d["account"]["id"] for d in doc] == ["huadong-metro"]


def test_several_profiles_give_a_json_list_and_a_readiness_table(runner) -> None:  # type: ignore[no-untyped-def]
    _, doc = _json(runner, str(PROFILES))
    assert isinstance(doc, list) and len(doc) == 16
    by_id = {d["account"]["id"]: d for d in doc}
    assert (by_id["contoso-precision"]["stage"], by_id["contoso-precision"]["ready"]) == ("close", True)
    assert by_id["huadong-metro"]["ready"] is False
    table = runner.invoke(app, ["checklist", str(HUADONG), str(CHANGFENG), "--lang", "en"])
    assert table.exit_code == 0
    assert "huadong-metro" in table.stdout and "changfeng-auto-parts" in table.stdout
    assert "✗ 10/13" in table.stdout and "✗ 3/4" in table.stdout  # gates by row
    assert "next stage" in table.stdout and "present ✗ 3/5" in table.stdout


def test_table_of_one_profile_shows_gate_statuses_and_get_first(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["checklist", str(CHANGFENG), "--lang", "en"])
    assert result.exit_code == 0
    out = result.stdout
    assert "gate not met (3/4 required done)" in out
    assert "1 open of 3" in out
    assert "1. no objection left open" in out
    assert "next stage: close" in out


def test_user_text_is_never_read_as_rich_markup(runner, write_profile) -> None:  # type: ignore[no-untyped-def]
    path = write_profile('account: {id: odd, name: "[bold red]Evil[/] Corp"}\nstage: objections\n'
                         'stakeholders:\n  - {name: "[i]Li[/i]", roles: [decision_maker], attitude: neutral}\n')
    result = runner.invoke(app, ["checklist", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert "[bold red]Evil[/] Corp" in result.stdout
    assert "[i]Li[/i]: neutral" in result.stdout


def test_markdown(runner) -> None:  # type: ignore[no-untyped-def]
    stage = runner.invoke(app, ["checklist", "--stage", "close", "-f", "markdown", "--lang", "en"]).stdout
    assert stage.startswith("## kasales checklist: close - lead to the close")
    assert "| no objection left open† | `objections.answered` | required |" in stage  # kasales's item, marked
    one = runner.invoke(app, ["checklist", str(CHANGFENG), "-f", "markdown", "--lang", "en"]).stdout
    assert "**gate not met (3/4 required done)**" in one
    assert "| no objection left open† | `objections.answered` | required | ❌ missing | 1 open of 3 |" in one
    many = runner.invoke(app, ["checklist", str(CHANGFENG), str(HUADONG), "-f", "markdown", "--lang", "en"]).stdout
    assert "| 华东地铁集团 (`huadong-metro`) | approach | ❌ 10/13 | present ❌ 3/5 |" in many


def test_user_rubric_can_override_one_item(runner, tmp_path, write_profile) -> None:  # type: ignore[no-untyped-def]
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("extends: default\nchecklists:\n  stages:\n    approach:\n      items:\n"
                      "        competitor.products: {required: true}\n", encoding="utf-8")
    ready = write_profile(APPROACH_READY)
    _, doc = _json(runner, str(ready), "--rubric", str(rubric))
    assert (doc["ready"], doc["required_total"], doc["get_first"][0]) == (False, 14, "competitor.products")
    labels = {i["key"]: i["label"] for i in doc["items"]}
    assert labels["competitor.products"] == "competitor products: strengths, weaknesses, use"  # merged, not replaced
    rubric.write_text("extends: default\nchecklists:\n  stages:\n    approach:\n      items:\n"
                      "        project.budgett: {required: true}\n", encoding="utf-8")
    bad = runner.invoke(app, ["checklist", "--stage", "approach", "--rubric", str(rubric)])
    assert bad.exit_code == 2
    assert f"{rubric}:6:9:" in bad.stderr and "did you mean 'project.budget'?" in bad.stderr


def test_usage_errors_exit_2(runner) -> None:  # type: ignore[no-untyped-def]
    assert runner.invoke(app, ["checklist"]).exit_code == 2
    assert runner.invoke(app, ["checklist", "--stage", "negotiate"]).exit_code == 2
    missing = runner.invoke(app, ["checklist", "no/such/file.yaml"])
    assert missing.exit_code == 2 and "no/such/file.yaml" in missing.stderr


def test_output_file_needs_force_to_overwrite(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "gate.json"
    first = runner.invoke(app, ["checklist", str(HUADONG), "-f", "json", "-o", str(target)])
    assert first.exit_code == 0 and first.stdout == ""
    assert json.loads(target.read_text("utf-8"))["stage"] == "approach"
    assert runner.invoke(app, ["checklist", str(HUADONG), "-f", "json", "-o", str(target)]).exit_code == 2
    forced = runner.invoke(app, ["checklist", "--stage", "close", "-f", "json", "-o", str(target), "--force"])
    assert forced.exit_code == 0
    assert json.loads(target.read_text("utf-8"))["stage"] == "close"


def test_every_checklist_text_exists_in_both_languages_and_intel_labels_follow_the_course() -> None:
    rubric = default_rubric()
    assert list(rubric.checklists.stages) == ["prospect", "evaluate", "approach", "present", "objections", "close",
                                              "service"]  # SPEC §12: the checklist of a won deal
    for key, item in rubric.checklists.stages["service"].items.items():  # kasales's own, like qualify's labels
        assert item.label.source == "kasales" and item.label.zh == rubric.label("service_item", key[8:], "zh"), key
    for stage, checklist in rubric.checklists.stages.items():
        texts = [*(i.label for i in checklist.items.values()), *checklist.reminders.values()]
        assert all(t.en.strip() and t.zh.strip() for t in texts), stage
        for key, item in checklist.items.items():
            if key in INTEL_ITEMS:  # the same wording as `qualify` shows (SPEC §5, from the slides)
                assert item.label.zh == rubric.label("intel_item", key, "zh"), key
    assert [t.zh for t in rubric.checklists.stages["approach"].reminders.values()][2].endswith(
        "“客户不是购买商品,而是购买推销商品的人”")


def test_every_known_item_key_has_a_rule() -> None:
    empty = parse_profile("schema_version: 1\n")
    statuses = {key: item_status(empty, key)[0] for key in KNOWN_ITEMS}
    # an empty profile has nothing done, except "no open objection", which holds when none was raised
    assert {k for k, v in statuses.items() if v != "missing"} == {"objections.answered"}


TWO_DECISION_MAKERS = """\
account: {id: two-dm}
stakeholders:
  - {name: 陈总, roles: [decision_maker, user], attitude: supporter, coach: true}
  - {name: 刘董, roles: [decision_maker]}
"""


@pytest.mark.parametrize("text", [*(p.read_text("utf-8") for p in sorted(PROFILES.glob("*.yaml"))),
                                  TWO_DECISION_MAKERS])
def test_buying_center_items_agree_with_qualify(text: str) -> None:
    """The checklist and `qualify` read one buying center: same roles, coach, and unknown decision makers."""
    profile = parse_profile(text)
    center = qualify(profile, "p.yaml", default_rubric(), TODAY).stakeholders
    _, roles = item_status(profile, "buying_center.roles")
    assert (roles["covered"], roles["missing"]) == (list(center.covered), list(center.missing))
    assert (item_status(profile, "buying_center.coach")[0] == "done") is center.coach
    flagged = {f.key for f in center.flags} & {"no_decision_maker", "decision_maker_unknown"}
    known = item_status(profile, "buying_center.decision_maker_attitude")[0] == "done"
    assert known == (not flagged)


def test_one_unknown_decision_maker_is_named_in_the_checklist(runner, write_profile) -> None:  # type: ignore[no-untyped-def]
    path = write_profile(TWO_DECISION_MAKERS.replace("account: {id: two-dm}", "account: {id: two-dm}\nstage: close"))
    out = runner.invoke(app, ["checklist", str(path), "--stage", "objections", "--lang", "en"]).stdout
    assert "陈总: supporter; 刘董: unknown" in out
    item = next(i for i in _json(runner, str(path), "--stage", "objections")[1]["items"]
                if i["key"] == "buying_center.decision_maker_attitude")
    assert item["status"] == "partial"
