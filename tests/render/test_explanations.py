"""The sentences that explain a result say what the rules did, in the chosen language."""

from __future__ import annotations

from conftest import TODAY

from kasales.core.scoring import qualify
from kasales.io.loader import parse_profile
from kasales.io.rubrics import default_rubric
from kasales.render.records import result_record

FIVE = "evaluation: {need_degree: 5, need_volume: 5, purchasing_power: 5, decision_authority: 5, credit: 5}\n"


def record(text: str, lang: str = "en") -> dict:  # type: ignore[type-arg]
    rubric = default_rubric()
    return result_record(qualify(parse_profile(text, "a.yaml"), "a.yaml", rubric, TODAY), rubric, lang)


def strategy(rec: dict, key: str) -> dict:  # type: ignore[type-arg]
    return next(s for s in rec["strategies"] if s["key"] == key)


def test_unscored_credit_red_flag_says_it_was_not_assessed() -> None:
    rec = record("evaluation: {need_degree: 5, need_volume: 5, purchasing_power: 5, decision_authority: 5}\n")
    credit = next(f for f in rec["risk"]["red_flags"] if f["factor"] == "credit")
    assert credit["key"] == "red_flag_credit" and credit["unassessed"] is True
    assert "credit scored 1 (not assessed) (<= 2)" in credit["message"]
    # the score alone says low (80.0); the explanation says why the level is high anyway
    assert rec["risk"]["score"] == 80.0 and rec["risk"]["level"] == "high"
    assert rec["risk"]["explanation"] == ("score 80.0 -> low risk (low >= 70, medium >= 50); red flags raise the "
                                          "level to high; unassessed, counted as 1: credit")


def test_process_advice_depends_on_where_we_stand() -> None:
    ahead = record(FIVE + "procurement_step: shortlist\nprocess_step: influence_criteria\n")
    assert ahead["next_process_step"] == "bid"
    assert "catch up" not in strategy(ahead, "process")["advice"]
    assert strategy(ahead, "process")["advice"].endswith("next: 'prepare documents, bid'")

    behind = record(FIVE + "procurement_step: tender\nprocess_step: relationships\n")
    assert behind["next_process_step"] == "bid"
    assert strategy(behind, "process")["advice"].startswith("catch up to 'prepare documents, bid'")
    assert "we are behind the customer" in strategy(behind, "process")["reason"]

    last = record(FIVE + "procurement_step: implement\nprocess_step: delivery\n")
    assert last["next_process_step"] is None
    assert strategy(last, "process")["reason"] == ("always: we are at the last step of our sales process, "
                                                   "'collect payment, after-sales service'")


def test_decision_maker_attitudes_are_shown_in_the_chosen_language() -> None:
    text = FIVE + "stakeholders: [{name: 陈总, roles: [decision_maker], attitude: unknown}]\n"
    assert "(陈总: unknown)" in strategy(record(text, "en"), "key_person")["reason"]
    assert strategy(record(text, "zh"), "key_person")["reason"] == "没有决策人支持我们 (陈总: 未知)"


def test_an_opposing_decision_maker_with_high_influence_raises_both_flags() -> None:
    rec = record(FIVE + "stakeholders: [{name: 孙总, roles: [decision_maker], attitude: opponent, influence: high}]\n")
    keys = [f["key"] for f in rec["flags"] if f.get("name") == "孙总"]
    assert keys == ["decision_maker_opposed", "opponent_high_influence"]
