"""Chinese and English everywhere: rubric texts, messages, Chinese values and --lang output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PROFILES, TODAY
from ruamel.yaml import YAML

from kasales.cli.app import app
from kasales.cli.common import resolve_lang
from kasales.core.scoring import qualify
from kasales.core.vocab import CHINESE
from kasales.io.loader import parse_profile
from kasales.io.rubrics import default_rubric
from kasales.render.records import result_record
from kasales.text import messages


def _walk_texts(node: object, where: str = ""):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        if {"en", "zh"} & node.keys():
            yield where, node
            return
        for key, value in node.items():
            yield from _walk_texts(value, f"{where}.{key}")


def test_every_rubric_text_exists_in_both_languages() -> None:
    raw = YAML(typ="safe").load((Path(__file__).parents[2] / "src/kasales/data/default.yaml").read_text("utf-8"))
    texts = list(_walk_texts({k: raw[k] for k in ("name", "labels", "texts", "flags", "strategies")}))
    assert len(texts) > 150
    blank_on_purpose = {".flags.red_flag_unassessed.short"}  # an empty suffix in both languages
    for where, text in texts:
        if where in blank_on_purpose:
            continue
        assert text.get("en", "").strip(), f"{where}: no English text"
        assert text.get("zh", "").strip(), f"{where}: no Chinese text"
    chinese = [w for w, t in texts if any("\u4e00" <= c <= "\u9fff" for c in t.get("zh", ""))]
    assert len(chinese) >= 0.95 * len(texts), "most Chinese texts should contain Chinese characters"


def test_every_message_exists_in_both_languages() -> None:
    for key, table in messages._CATALOG.items():
        assert set(table) == {"en", "zh"}, key
        assert table["en"] != table["zh"] or "{" in table["en"], key


def test_course_phrases_are_verbatim() -> None:
    rubric = default_rubric()
    assert rubric.label("action", "pursue", "zh") == "有望客户,理想的销售对象"
    # 非客户,停止接触 completes the classic rule: kasales's wording, not the course's (SPEC §3, §13)
    assert rubric.label("action", "disqualify", "zh") == "非客户,停止接触"
    assert rubric.source("labels.action", "disqualify") == "kasales"
    assert rubric.label("stage", "approach", "zh") == "准备与接近客户"
    assert rubric.label("strategy", "technical_barrier", "zh") == "技术壁垒策略"


def _to_chinese(text: str) -> str:
    """Rewrite every enumerated value of an English profile as its Chinese term (SPEC §11)."""
    yaml = YAML(typ="safe")
    data = yaml.load(text)
    enums = {e.__name__: {v: terms[0] for v, terms in table.items()} for e, table in CHINESE.items()}
    for key, enum in (("stage", "Stage"), ("procurement_step", "ProcurementStep"),
                      ("process_step", "ProcessStep"), ("position", "Position"), ("standing", "Standing")):
        if key in data:
            data[key] = enums[enum][data[key]]
    for dim in data.get("man", {}).values():
        dim["status"] = enums["ManStatus"][dim["status"]]
    for person in data.get("stakeholders", []):
        person["roles"] = [enums["Role"][r] for r in person.get("roles", [])]
        for key, enum in (("attitude", "Attitude"), ("influence", "Influence")):
            if key in person:
                person[key] = enums[enum][person[key]]
    for category in data.get("intel", {}).values():
        for item, value in list(category.items()):
            if isinstance(value, str):
                category[item] = enums["IntelStatus"][value]
            else:
                value["status"] = enums["IntelStatus"][value["status"]]
    data["approach_tools"] = [enums["ApproachTool"][t] for t in data.get("approach_tools", [])]
    import io

    out = io.StringIO()
    YAML().dump(data, out)
    return out.getvalue()


ENGLISH = """
account: {id: twin, name: 双胞胎客户, updated: 2026-11-01}
stage: present
procurement_step: tender
process_step: influence_criteria
position: advantage
standing: looked_down
man:
  money: {status: yes, evidence: budget approved}
  authority: {status: unknown}
  need: {status: partial}
evaluation: {need_degree: 4, need_volume: 3, purchasing_power: 5, decision_authority: 2, credit: 3}
stakeholders:
  - {name: 王总, roles: [decision_maker, finance], attitude: opponent, influence: high}
  - {name: 李工, roles: [technical, user], attitude: supporter, influence: medium, coach: true}
intel:
  background: {org_structure: done, people: partial}
  project: {budget: {status: done, note: "3000 万"}}
  personal: {contact: missing}
approach_tools: [demo, samples, testimonials]
"""


def test_chinese_valued_twin_scores_exactly_like_english() -> None:
    chinese = _to_chinese(ENGLISH)
    assert "准备与接近客户" not in chinese and "讲解与示范" in chinese and "决策人" in chinese
    rubric = default_rubric()
    en = result_record(qualify(parse_profile(ENGLISH, "a.yaml"), "a.yaml", rubric, TODAY), rubric)
    zh = result_record(qualify(parse_profile(chinese, "a.yaml"), "a.yaml", rubric, TODAY), rubric)
    assert en == zh
    assert zh["stage"] == "present" and zh["stakeholders"]["covered"] == ["user", "technical", "finance",
                                                                          "decision_maker"]


def test_demo_profiles_written_in_chinese_use_english_values_in_json(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["qualify", str(PROFILES / "zhongyuan-power.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)["results"][0]
    assert record["stage"] in {"prospect", "evaluate", "approach", "present", "objections", "close"}
    for dim in record["man"]["dimensions"].values():
        assert dim["status"] in {"yes", "partial", "no", "unknown"}


def test_qualify_in_chinese_shows_the_course_action(runner, write_profile) -> None:  # type: ignore[no-untyped-def]
    path = write_profile("account: {id: a, name: 好客户}\nman: {money: yes, authority: yes, need: yes}\n"
                         "evaluation: {need_degree: 5, need_volume: 5, purchasing_power: 5, "
                         "decision_authority: 5, credit: 5}\n")
    result = runner.invoke(app, ["qualify", str(path), "--lang", "zh"])
    assert result.exit_code == 0
    assert "有望客户" in result.stdout and "全力推进" in result.stdout
    english = runner.invoke(app, ["qualify", str(path), "--lang", "en"])
    assert "qualified prospect" in english.stdout and "有望客户" not in english.stdout


def test_invalid_value_error_lists_accepted_values_in_chosen_language(runner, write_profile) -> None:  # type: ignore[no-untyped-def]
    path = write_profile("stage: 签约\n")
    zh = runner.invoke(app, ["validate", str(path), "--lang", "zh"])
    assert zh.exit_code == 2
    assert f"{path}:1:8:" in zh.stdout and "寻找客户" in zh.stdout and "可选值" in zh.stdout
    en = runner.invoke(app, ["validate", str(path), "--lang", "en"])
    # both forms in both languages (a rep writing Chinese values reads English messages too), the sentence in en
    assert "expected one of: prospect 寻找客户, evaluate 评估客户" in en.stdout and "可选值" not in en.stdout


@pytest.mark.parametrize(("env", "expected"), [
    ({"KASALES_LANG": "zh"}, "zh"), ({"KASALES_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LANG": "C"}, "en"),
])
def test_language_defaults_to_env_then_locale(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                             expected: str) -> None:
    for var in ("KASALES_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert resolve_lang(None) == expected


def test_init_in_chinese_writes_a_chinese_commented_template(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "new.yaml"
    assert runner.invoke(app, ["init", str(target), "--lang", "zh"]).exit_code == 0
    text = target.read_text("utf-8")
    assert "# " in text and "决策人" in text and "寻找客户" in text
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0
