"""Hypothesis strategies for valid profile dicts (SPEC §10), and their Chinese-valued twins (SPEC §11)."""

from __future__ import annotations

import copy
import datetime as dt
from enum import StrEnum
from typing import Any

from hypothesis import strategies as st

from kasales.core.vocab import (
    CHINESE,
    ApproachTool,
    Attitude,
    Influence,
    IntelStatus,
    ManStatus,
    ObjectionStatus,
    Position,
    ProcessStep,
    ProcurementStep,
    Role,
    Stage,
    Standing,
)

MAN_KEYS = ("money", "authority", "need")
FACTOR_KEYS = ("need_degree", "need_volume", "purchasing_power", "decision_authority", "credit")
INTEL_ITEMS: dict[str, tuple[str, ...]] = {
    "background": ("org_structure", "departments", "people", "similar_products", "business_credit",
                   "industry_outlook"),
    "competitor": ("products", "sales_reps", "satisfaction", "relationships"),
    "project": ("procurement_plan", "objective", "influencers", "timeline", "budget", "process"),
    "personal": ("role_concerns", "contact", "career", "education", "interests", "communication_style"),
}

# Free text: Latin and CJK letters, digits and the punctuation reps really type (quoting is the dumper's job).
_ALPHABET = "abcxyzABC 0123456789华东地铁王强总经理预算万年:,.-#'\"()"
text = st.text(alphabet=_ALPHABET, min_size=1, max_size=30).map(str.strip).filter(bool)
account_ids = st.from_regex(r"[a-z][a-z0-9_-]{0,19}", fullmatch=True)


def _values(enum: type[StrEnum]) -> st.SearchStrategy[str]:
    return st.sampled_from([m.value for m in enum])


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value or nothing (the key is then left out of the dict)."""
    return st.none() | strategy


def _drop_none(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


@st.composite
def man_dimension(draw: st.DrawFn) -> Any:
    """Short form `yes` or long form `{status: yes, evidence: ...}`."""
    status = draw(st.sampled_from([m.value for m in ManStatus]) | st.just(ManStatus.yes.value))  # reach MAN
    if draw(st.booleans()):
        return status
    return _drop_none(status=status, evidence=draw(_maybe(text)))


@st.composite
def factor(draw: st.DrawFn) -> Any:
    """Short form `4` or long form `{score: 4, note: ...}`."""
    score = draw(st.integers(1, 5) | st.integers(3, 5))  # good scores often enough for low and medium risk
    if draw(st.booleans()):
        return score
    return _drop_none(score=score, note=draw(_maybe(text)))


@st.composite
def intel_item(draw: st.DrawFn) -> Any:
    """Short form `done` or long form `{status: done, note: ..., source: ...}`."""
    status = draw(_values(IntelStatus))
    if draw(st.booleans()):
        return status
    return _drop_none(status=status, note=draw(_maybe(text)), source=draw(_maybe(text)))


@st.composite
def stakeholder(draw: st.DrawFn) -> dict[str, Any]:
    """A buying-center member; roles as a list or a single value."""
    roles = draw(st.lists(_values(Role), max_size=3, unique=True))
    person: dict[str, Any] = {"name": draw(text)}
    if roles or draw(st.booleans()):
        person["roles"] = roles[0] if len(roles) == 1 and draw(st.booleans()) else roles
    person.update(_drop_none(title=draw(_maybe(text)), attitude=draw(_maybe(_values(Attitude))),
                             influence=draw(_maybe(_values(Influence))), coach=draw(_maybe(st.booleans())),
                             key_person=draw(_maybe(st.booleans()))))
    return person


def _block(keys: tuple[str, ...], value: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping holding any subset of ``keys``."""
    return st.fixed_dictionaries({}, optional={k: value for k in keys})


def _full_or_partial(keys: tuple[str, ...], value: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Every key of ``keys`` half of the time (a filled-in block), any subset otherwise."""
    return st.fixed_dictionaries({k: value for k in keys}) | _block(keys, value)


intel_block = st.fixed_dictionaries(
    {}, optional={cat: _block(items, intel_item()) for cat, items in INTEL_ITEMS.items()})

account_block = st.fixed_dictionaries({}, optional={
    "id": account_ids, "name": text, "industry": text, "owner": text,
    "updated": st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31)),
})

objection = st.fixed_dictionaries({"text": text}, optional={
    "raised_by": text, "status": _values(ObjectionStatus), "response": text})

competitor = st.fixed_dictionaries({"name": text}, optional={
    "strengths": st.lists(text, max_size=3), "weaknesses": st.lists(text, max_size=3)})


def _mostly(key: str, block: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """``{key: block}`` three times in four, else nothing: left to chance, most profiles would be `man`."""
    present = block.map(lambda value: {key: value})
    return present | present | present | st.just({})


def _merge(*parts: dict[str, Any]) -> dict[str, Any]:
    return {k: v for part in parts for k, v in part.items()}


def profiles() -> st.SearchStrategy[dict[str, Any]]:
    """Valid profile dicts with English values; every block may be left out."""
    rest = st.fixed_dictionaries({}, optional={
        "schema_version": st.just(1),
        "account": account_block,
        "stage": _values(Stage),
        "procurement_step": _values(ProcurementStep),
        "process_step": _values(ProcessStep),
        "position": _values(Position),
        "standing": _values(Standing),
        "stakeholders": st.lists(stakeholder(), max_size=6),
        "competitors": st.lists(competitor, max_size=2),
        "intel": intel_block,
        "approach_tools": st.lists(_values(ApproachTool), max_size=4, unique=True),
        "objections": st.lists(objection, max_size=2),
    })
    return st.builds(_merge, rest, _mostly("man", _full_or_partial(MAN_KEYS, man_dimension())),
                     _mostly("evaluation", _full_or_partial(FACTOR_KEYS, factor())))


def _zh(enum: type[StrEnum], value: str) -> str:
    """The canonical (first) Chinese term of an English value."""
    return CHINESE[enum][value][0]


def _status_zh(enum: type[StrEnum], raw: Any) -> Any:
    """A short-form value or a long-form mapping with its `status` in Chinese."""
    if isinstance(raw, dict):
        return {**raw, "status": _zh(enum, raw["status"])} if "status" in raw else dict(raw)
    return _zh(enum, raw)


def to_chinese(profile: dict[str, Any]) -> dict[str, Any]:
    """The same profile with every enumerated value written as its canonical Chinese term."""
    twin = copy.deepcopy(profile)
    for key, enum in (("stage", Stage), ("procurement_step", ProcurementStep), ("process_step", ProcessStep),
                      ("position", Position), ("standing", Standing)):
        if key in twin:
            twin[key] = _zh(enum, twin[key])
    for key, raw in twin.get("man", {}).items():
        twin["man"][key] = _status_zh(ManStatus, raw)
    for items in twin.get("intel", {}).values():
        for key, raw in items.items():
            items[key] = _status_zh(IntelStatus, raw)
    for person in twin.get("stakeholders", []):
        if isinstance(person.get("roles"), str):
            person["roles"] = _zh(Role, person["roles"])
        elif "roles" in person:
            person["roles"] = [_zh(Role, r) for r in person["roles"]]
        if "attitude" in person:
            person["attitude"] = _zh(Attitude, person["attitude"])
        if "influence" in person:
            person["influence"] = _zh(Influence, person["influence"])
    if "approach_tools" in twin:
        twin["approach_tools"] = [_zh(ApproachTool, t) for t in twin["approach_tools"]]
    for item in twin.get("objections", []):
        if "status" in item:
            item["status"] = _zh(ObjectionStatus, item["status"])
    return twin
