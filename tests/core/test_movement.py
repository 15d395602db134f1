"""core.movement: matching accounts by id, up/down by SPEC §8's verdict order then score, flags raised and cleared."""

from __future__ import annotations

import pytest
from conftest import TODAY

from kasales.core.movement import Snapshot, Standing, compare, direction, group, verdict_rank
from kasales.core.scoring import VERDICT_ORDER, qualify
from kasales.io.loader import parse_profile
from kasales.io.rubrics import default_rubric


def snap(verdict: str, score: float | None = 50.0) -> Snapshot:
    return Snapshot("a.yaml", verdict, "MAN", score, "medium", None, "open", 0.5)


def test_verdict_rank_follows_the_cores_order() -> None:
    ranks = [verdict_rank(v) for v in VERDICT_ORDER if v not in ("serve", "lost")]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)
    # a won deal is above every open verdict, a lost one below every verdict
    assert verdict_rank("serve") < verdict_rank(VERDICT_ORDER[0])
    assert verdict_rank("lost") > max(verdict_rank(v) for v in VERDICT_ORDER if v != "lost")


@pytest.mark.parametrize(("before", "after", "moved"), [
    (snap("develop"), snap("pursue"), "up"),
    (snap("pursue", 90.0), snap("develop", 95.0), "down"),  # the verdict decides before the score
    (snap("nurture", 40.0), snap("nurture", 47.5), "up"),
    (snap("nurture", 47.5), snap("nurture", 40.0), "down"),
    (snap("nurture"), snap("nurture"), "same"),
    (snap("nurture", None), snap("nurture", 10.0), "up"),  # nothing assessed counts as the floor, 0
    (snap("pursue"), snap("serve"), "up"),  # a won deal never reads as a downgrade
    (snap("disqualify"), snap("lost"), "down"),
])
def test_direction(before: Snapshot, after: Snapshot, moved: str) -> None:
    assert direction(before, after) == moved


def _result(text: str, path: str = "a.yaml") -> Standing:
    return Standing.of(qualify(parse_profile(text, path), path, default_rubric(), TODAY))


BASE = "account: {id: a, name: A}\nman: {money: yes, authority: yes, need: yes}\n" \
       "evaluation: {need_degree: 4, need_volume: 4, purchasing_power: 4, decision_authority: 4, credit: 5}\n"


def test_compare_matches_by_id_and_reports_flags() -> None:
    a = _result(BASE)
    worse = _result(BASE.replace("credit: 5", "credit: 2"), "renamed.yaml")
    other = _result("account: {id: b}\n", "b.yaml")
    changes = {c.id: c for c in compare({"a": a, "b": other}, {"a": worse, "c": _result("account: {id: c}\n")})}
    assert {k: c.status for k, c in changes.items()} == {"a": "changed", "b": "removed", "c": "added"}
    change = changes["a"]
    assert change.moved == "down" and change.renamed and change.downgrade
    assert [f.key for f in change.flags_added] == ["red_flag_credit"] and change.flags_cleared == ()
    back = compare({"a": worse}, {"a": a})[0]
    assert back.moved == "up" and [f.key for f in back.flags_cleared] == ["red_flag_credit"] and not back.downgrade
    assert group(change) == "down" and group(changes["b"]) == "removed" and group(back) == "up"


def test_unchanged_only_when_everything_compared_is_equal() -> None:
    a = _result(BASE)
    same = compare({"a": a}, {"a": _result(BASE)})[0]
    assert same.status == "unchanged" and same.moved == "same" and group(same) is None
    restaged = _result(BASE + "stage: present\n")
    other = compare({"a": a}, {"a": restaged})[0]
    assert (other.status, other.moved, group(other)) == ("changed", "same", "other")



def test_a_standing_travels_as_plain_data_and_comes_back_equal() -> None:
    import pickle

    standing = _result(BASE.replace("credit: 5", "credit: 2"))
    data = standing.data()
    assert Standing.from_data(data) == standing and standing.findings()[0].key == "red_flag_credit"
    # what a worker pickles is tuples, strings, numbers and bytes: no kasales class travels with it
    assert b"kasales" not in pickle.dumps(data)
    moved = standing.at("renamed.yaml")
    assert moved.snapshot.file == "renamed.yaml" and moved.snapshot.figures() == standing.snapshot.figures()
    assert standing.at("a.yaml") is standing
