"""Enumerated values of a profile (SPEC §2-§7) and their Chinese terms (SPEC §11)."""

from __future__ import annotations

from enum import StrEnum
from operator import attrgetter


class Vocabulary(StrEnum):
    """Base of every enumerated value of a profile: a StrEnum whose ``.value`` is cheap to read.

    The stock ``Enum.value`` is a Python-level descriptor (about 0.3 µs a read); scoring one profile reads
    some seventy values, so a C-level property reads the same attribute (``_value_``) at a fifth of the cost.
    """

    value = property(attrgetter("_value_"))  # type: ignore[assignment]


class Stage(Vocabulary):
    """Sales stage of an account (SPEC §2)."""

    prospect = "prospect"
    evaluate = "evaluate"
    approach = "approach"
    present = "present"
    objections = "objections"
    close = "close"


class ProcurementStep(Vocabulary):
    """The customer's procurement step (SPEC §2, 1.2)."""

    confirm_need = "confirm_need"
    shortlist = "shortlist"
    set_criteria = "set_criteria"
    tender = "tender"
    negotiate = "negotiate"
    implement = "implement"


class ProcessStep(Vocabulary):
    """The seller's process step (SPEC §2, 2.1), index-aligned with ProcurementStep."""

    research = "research"
    relationships = "relationships"
    influence_criteria = "influence_criteria"
    bid = "bid"
    contract = "contract"
    delivery = "delivery"


class ManStatus(Vocabulary):
    """Status of one MAN dimension (SPEC §3)."""

    yes = "yes"
    partial = "partial"
    no = "no"
    unknown = "unknown"


class IntelStatus(Vocabulary):
    """Status of one intelligence item (SPEC §5)."""

    done = "done"
    partial = "partial"
    missing = "missing"


class Role(Vocabulary):
    """Buying-center role (SPEC §6)."""

    user = "user"
    technical = "technical"
    purchaser = "purchaser"
    finance = "finance"
    decision_maker = "decision_maker"


class Attitude(Vocabulary):
    """A stakeholder's attitude towards us (SPEC §6)."""

    supporter = "supporter"
    neutral = "neutral"
    opponent = "opponent"
    unknown = "unknown"


class Influence(Vocabulary):
    """A stakeholder's influence on the decision (SPEC §6)."""

    high = "high"
    medium = "medium"
    low = "low"


class Position(Vocabulary):
    """Our position against competitors (SPEC §7)."""

    advantage = "advantage"
    even = "even"
    disadvantage = "disadvantage"
    unknown = "unknown"


class Standing(Vocabulary):
    """How the customer sees us (SPEC §7, 2.4)."""

    looked_down = "looked_down"
    level = "level"
    looked_up = "looked_up"


class ApproachTool(Vocabulary):
    """Approach tools (SPEC §5, 3.3.1)."""

    samples = "samples"
    letters = "letters"
    pictures = "pictures"
    news = "news"
    testimonials = "testimonials"
    demo = "demo"
    business_cards = "business_cards"


class ObjectionStatus(Vocabulary):
    """Whether a customer objection still needs an answer (checklist issue)."""

    open = "open"
    answered = "answered"


class Outcome(Vocabulary):
    """Whether the deal is still open, won or lost (SPEC §12, r2)."""

    open = "open"
    won = "won"
    lost = "lost"


class Acceptance(Vocabulary):
    """The customer's acceptance of a delivered contract (SPEC §12, r2)."""

    pending = "pending"
    passed = "passed"
    failed = "failed"


# Chinese terms accepted in place of each English value (SPEC §11). The first term of a value
# is its canonical Chinese spelling; later ones are the slide's longer wording or the short form reps
# write (演示 for 电脑演示资料, 接近客户 for 准备与接近客户), accepted as well.
CHINESE: dict[type[StrEnum], dict[str, tuple[str, ...]]] = {
    Stage: {
        "prospect": ("寻找客户",),
        "evaluate": ("评估客户",),
        "approach": ("准备与接近客户", "接近客户"),
        "present": ("讲解与示范",),
        "objections": ("处理客户异议",),
        "close": ("诱导成交",),
    },
    ProcurementStep: {
        "confirm_need": ("确认需求",),
        "shortlist": ("供应商初选",),
        "set_criteria": ("制定采购标准",),
        "tender": ("招标评标",),
        "negotiate": ("谈判签约",),
        "implement": ("购买实施",),
    },
    ProcessStep: {
        "research": ("收集信息", "收集信息,评估客户"),
        "relationships": ("建立关系", "理清角色,建立关系"),
        "influence_criteria": ("影响标准", "技术交流,影响标准"),
        "bid": ("参与投标", "准备文件,参与投标"),
        "contract": ("签订合同", "商务谈判,签订合同"),
        "delivery": ("售后服务", "合同收款,售后服务"),
    },
    ManStatus: {"yes": ("是",), "partial": ("部分",), "no": ("否",), "unknown": ("未知",)},
    IntelStatus: {"done": ("已完成",), "partial": ("部分",), "missing": ("缺失",)},
    Role: {
        "user": ("使用人",),
        "technical": ("技术人",),
        "purchaser": ("采购人",),
        "finance": ("财务人",),
        "decision_maker": ("决策人",),
    },
    Attitude: {"supporter": ("支持",), "neutral": ("中立",), "opponent": ("反对",), "unknown": ("未知",)},
    Influence: {"high": ("高",), "medium": ("中",), "low": ("低",)},
    Position: {"advantage": ("优势",), "even": ("均势",), "disadvantage": ("劣势",), "unknown": ("未知",)},
    Standing: {"looked_down": ("俯视",), "level": ("平视",), "looked_up": ("仰视",)},
    ApproachTool: {
        "samples": ("样品",),
        "letters": ("信函",),
        "pictures": ("图片",),
        "news": ("新闻报道", "新闻"),
        "testimonials": ("机构证言", "证言"),
        "demo": ("电脑演示资料", "演示", "电脑演示"),
        "business_cards": ("名片",),
    },
    ObjectionStatus: {"open": ("未解决",), "answered": ("已答复",)},
    Outcome: {"open": ("进行中",), "won": ("赢单",), "lost": ("丢单",)},
    Acceptance: {"pending": ("待验收",), "passed": ("已验收",), "failed": ("未通过",)},
}

# Reverse look-up tables, built once: Chinese term -> English value, per enum.
_FROM_CHINESE: dict[type[StrEnum], dict[str, str]] = {
    enum: {term: value for value, terms in table.items() for term in terms} for enum, table in CHINESE.items()
}


# Surrounding whitespace a value may carry (only a quoted YAML string can): exactly these characters, so
# the schema's patterns (core/schema.py) match what the loader strips.
SPACE = " \t\r\n"

# The spellings of a yes/no flag (`coach`, `key_person`): YAML's booleans, the YAML 1.1 words a YAML 1.2
# reader leaves as text (yes/no, on/off, y/n), 1/0, and SPEC §11's 是/否. English words in any case.
# One list for the loader (core/models.py) and the schema (core/schema.py), so they cannot disagree.
FLAG_WORDS: dict[bool, tuple[str, ...]] = {
    True: ("true", "yes", "y", "on", "1", "是"),
    False: ("false", "no", "n", "off", "0", "否"),
}
_FLAGS = {word: flag for flag, words in FLAG_WORDS.items() for word in words}


def _clean(text: str) -> str:
    """``text`` without surrounding whitespace, and in lower case when it is ASCII (``Yes``, ``YES``).

    Only ASCII is folded: ``str.lower`` also maps signs such as the Kelvin sign to ``k``, which a
    schema's ``[Kk]`` would not match.
    """
    text = text.strip(SPACE)
    return text.lower() if text.isascii() else text


# Per enum, every spelling that is already exact (an English value, a Chinese term as listed) -> the
# English value: what ``normalize`` gives for it, looked up at once (nearly every value in a profile).
EXACT: dict[type[StrEnum], dict[str, str]] = {
    enum: {**{m.value: m.value for m in enum}, **_FROM_CHINESE.get(enum, {})}
    for enum in Vocabulary.__subclasses__()
}


def normalize(enum: type[StrEnum], raw: object) -> object:
    """Map a Chinese term, another case (``Yes``) or surrounding whitespace to the English value; leave the rest."""
    if isinstance(raw, str):
        text = _clean(raw)
        return _FROM_CHINESE[enum].get(text, text)
    return raw


def flag(raw: object) -> bool | None:
    """A yes/no flag as written (``true``, ``yes``, ``On``, ``1``, ``是``), or None when it is not one."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):  # JSON's numbers: 1.0 is 1, as in the schema
        return bool(raw)
    if isinstance(raw, str):
        return _FLAGS.get(_clean(raw))
    return None


def terms(enum: type[StrEnum]) -> list[str]:
    """Every spelling a user may write for ``enum``: the English values, then each Chinese term."""
    return [*(m.value for m in enum), *(t for m in enum for t in CHINESE.get(enum, {}).get(m.value, ()))]


def position_of(value: StrEnum) -> int:
    """0-based index of a value in its ordered sequence (stages and steps are ordered)."""
    positions = _POSITIONS.get(type(value))
    if positions is None:  # once per enum: listing an enum's members costs more than the look-up
        positions = _POSITIONS[type(value)] = {member: i for i, member in enumerate(type(value))}
    return positions[value]


_POSITIONS: dict[type[StrEnum], dict[StrEnum, int]] = {}
