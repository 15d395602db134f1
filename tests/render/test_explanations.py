"""The sentences that explain a result say what the rules did, in the chosen language."""

from __future__ import annotations

from conftest import TODAY

from kasales.core.scoring import qualify
from kasales.io.loader import parse_profile
from kasales.io.rubrics import default_rubric
from kasales.render.records import result_record

MAN = "man: {money: 'yes', authority: 'yes', need: 'yes'}\n"
FIVE = "evaluation: {need_degree: 5, need_volume: 5, purchasing_power: 5, decision_authority: 5, credit: 5}\n"


def record(text: str, lang: str = "en") -> dict:  # type: ignore[type-arg]
    rubric = default_rubric()
    return result_record(qualify(parse_profile(text, "a.yaml"), "a.yaml", rubric, TODAY), rubric, lang)


def strategy(rec: dict, key: str) -> dict:  # type: ignore[type-arg]
    return next(s for s in rec["strategies"] if s["key"] == key)


def test_unscored_credit_is_to_assess_not_a_red_flag() -> None:
    rec = record("evaluation: {need_degree: 5, need_volume: 5, purchasing_power: 5, decision_authority: 5}\n")
    assert rec["risk"]["red_flags"] == [] and rec["risk"]["unassessed"] == ["credit"]
    # the score alone says low (80.0, a floor); nobody checked the credit, so the level is at best medium
    assert rec["risk"]["score"] == 80.0 and rec["risk"]["level"] == "medium"
    assert rec["risk"]["explanation"] == ("score 80.0 -> low risk (low >= 70, medium >= 50); to assess, counted as 1 "
                                          "for now: credit; while a factor is unassessed the risk is at best medium")
    assert rec["risk"]["summary"] == "score ≥ 80.0 · medium risk · 1 to assess"
    assert record("man: {money: 是}\n", "zh")["risk"]["summary"] == "尚无评估得分 · 风险待评估 · 5 项待评估"


def test_a_scored_credit_of_2_is_a_red_flag_with_the_courses_action() -> None:
    rec = record(FIVE.replace("credit: 5", "credit: 2"), "zh")
    credit = rec["risk"]["red_flags"][0]
    assert credit["key"] == "red_flag_credit" and rec["risk"]["level"] == "high"
    assert "调查其业务状况、信用条件" in credit["message"] and "付款条件" in credit["message"]
    assert rec["risk"]["summary"] == "评估得分 85.0 · 高风险"


def test_process_advice_depends_on_how_far_behind_we_are() -> None:
    ahead = record(FIVE + "procurement_step: shortlist\nprocess_step: influence_criteria\n")
    assert ahead["next_process_step"] == "bid"
    assert "catch up" not in strategy(ahead, "process")["advice"]
    assert strategy(ahead, "process")["advice"].endswith("next: 'prepare documents, bid'")

    one = record(FIVE + "procurement_step: set_criteria\nprocess_step: relationships\n")
    assert strategy(one, "process")["advice"].startswith("catch up to 'technical exchange, influence the criteria'")
    assert "we are 1 step(s) behind the customer" in strategy(one, "process")["reason"]

    # we never bid: "catch up to negotiate and sign" would be wrong; 2.8's disadvantage advice instead
    far = record(FIVE + MAN + "procurement_step: negotiate\nprocess_step: relationships\n", "zh")
    assert far["next_process_step"] == "influence_criteria"
    assert strategy(far, "process")["advice"] == ("要控制节奏,设法延长客户做出决定的时间,以争取机会提升自己的位置;"
                                                  "跳过阻碍自己的人,设法拜访和打动客户高层")
    assert strategy(far, "process")["source"] == "2.8"
    assert far["verdict"] == "develop" and "落后客户采购进程 3 步" in " ".join(far["verdict_reasons"])

    last = record(FIVE + "procurement_step: implement\nprocess_step: delivery\n")
    assert last["next_process_step"] is None
    assert strategy(last, "process")["reason"] == ("always: we are at the last step of our sales process, "
                                                   "'collect payment, after-sales service'")


def test_decision_maker_attitudes_are_shown_in_the_chosen_language() -> None:
    text = FIVE + "stakeholders: [{name: 陈总, roles: [decision_maker], attitude: unknown}]\n"
    assert "(陈总: unknown)" in strategy(record(text, "en"), "key_person")["reason"]
    zh = strategy(record(text, "zh"), "key_person")
    assert zh["reason"] == "决策人态度未知 (陈总: 未知)"
    assert zh["advice"] == "弄清 陈总 的态度, 以及其角色关注"  # about that person, not "identify the key person"


def test_an_opposing_decision_maker_with_high_influence_is_one_line_and_caps_pursue() -> None:
    people = "stakeholders: [{name: 孙总, roles: [decision_maker], attitude: opponent, influence: high}]\n"
    rec = record(FIVE + MAN + people)
    flags = [f for f in rec["flags"] if f.get("name") == "孙总"]
    assert [f["key"] for f in flags] == ["decision_maker_opposed"]
    assert flags[0]["message"] == "decision maker 孙总 is an opponent (influence: high)"
    assert rec["verdict"] == "develop"
    assert any("capped at develop: decision maker 孙总" in r for r in rec["verdict_reasons"])
    advice = strategy(rec, "key_person")["advice_parts"]
    assert [(p["source"]) for p in advice] == ["2.8", "2.6"]


def test_uncovered_roles_say_what_the_role_does_and_its_power() -> None:
    rec = record(FIVE, "en")
    technical = next(f for f in rec["flags"] if f.get("role") == "technical")
    assert technical["message"] == ("technical evaluator uncovered - sets the purchasing criteria and picks products; "
                                    "measures the product; can say no, not yes")
