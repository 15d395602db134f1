"""Pydantic models of an account profile (SPEC §10), with the short forms and Chinese values it allows."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import PurePath
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator, model_validator
from pydantic_core import PydanticCustomError

from kasales.core import vocab
from kasales.core.vocab import (
    Acceptance,
    ApproachTool,
    Attitude,
    Influence,
    IntelStatus,
    ManStatus,
    ObjectionStatus,
    Outcome,
    Position,
    ProcessStep,
    ProcurementStep,
    Role,
    Stage,
    Standing,
    flag,
    normalize,
)

SCHEMA_VERSION = 1


def _enum(enum: type[StrEnum], description: str, default: StrEnum | None = None) -> Any:
    """An enum field that also accepts the Chinese terms of SPEC §11 and reports bad values clearly.

    ``default``: what an explicit null (``position: ~``) means - the same as leaving the key out (SPEC §10).
    The error carries no copy of the bad value: the loader describes it from pydantic's ``input``, and
    leaves it out where it may be personal data.
    """

    exact = vocab.EXACT.get(enum, {})

    def check(raw: object) -> object:
        if type(raw) is str:  # nearly every value: already an English value or a listed Chinese term
            value = exact.get(raw)
            if value is not None:
                return value
        if raw is None and default is not None:
            return default
        if enum is ManStatus and isinstance(raw, bool):
            raw = "yes" if raw else "no"  # a YAML 1.1 reader or a `true` typed by hand
        value = normalize(enum, raw)
        if isinstance(value, str) and value in enum._value2member_map_:
            return value
        if isinstance(raw, list | dict):  # a structure, not a misspelt value: say so, as other fields do
            raise PydanticCustomError("string_type", "expected a string")
        raise PydanticCustomError("kasales_enum", "unknown {enum} value", {"enum": enum.__name__})

    return Annotated[enum, BeforeValidator(check), Field(description=description)]


def _flag(description: str) -> Any:
    """A yes/no field: every spelling of vocab.FLAG_WORDS (``true``, ``yes``, ``on``, ``1``, ``是``), nothing else.

    pydantic's own bool parsing also takes ``t``/``f`` and has no 是/否; the schema lists exactly these.
    """

    def check(raw: object) -> object:
        value = flag(raw)
        if value is None:
            raise PydanticCustomError("kasales_flag", "not a yes/no value")
        return value

    return Annotated[bool, BeforeValidator(check), Field(description=description)]


def _short(key: str) -> Any:
    """A before-validator turning the short form `field: value` into `{key: value}`."""

    def expand(raw: object) -> object:
        if raw is None:
            return {}
        if isinstance(raw, dict):
            return raw
        return {key: raw}

    return BeforeValidator(expand)


_ONE_VALUE = (str, dict, int, float)  # a tuple, not `str | dict | ...`: that union would be built per call


def _as_list(raw: object) -> object:
    """Accept a single value where a list is expected (`roles: decision_maker`)."""
    if raw is None:
        return []
    if isinstance(raw, _ONE_VALUE) and not isinstance(raw, bool):  # `strengths: 1`, as the schema
        return [raw]
    return raw


def _as_values(raw: object) -> object:
    """A list of enumerated values: one value alone is a list of one, and an empty item (`- ~`) is left out."""
    values = _as_list(raw)
    return [v for v in values if v is not None] if isinstance(values, list) else values


class _Model(BaseModel):
    """Base of every profile block: immutable, unknown keys are errors, numbers accepted as text."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


Text = Annotated[str, Field(max_length=10_000)]


_ID = re.compile(r"[A-Za-z0-9_-]+")  # ASCII letters and digits, '-' and '_'; at least one


class Account(_Model):
    """Who the account is (SPEC §10 `account`)."""

    id: Annotated[str | None, Field(description="Unique within a folder; letters, digits, '-' and '_'.")] = None
    name: Annotated[Text | None, Field(description="Customer name.")] = None
    industry: Text | None = None
    owner: Annotated[Text | None, Field(description="The rep who owns the account.")] = None
    updated: Annotated[dt.date | None, Field(description="When the profile was last reviewed.")] = None

    @field_validator("id")
    @classmethod
    def _id_chars(cls, value: str | None) -> str | None:
        if value is not None and not _ID.fullmatch(value):
            raise PydanticCustomError("kasales_id", "account id with characters other than letters, digits, - and _")
        return value


class ManDimension(_Model):
    """One MAN dimension with its status and evidence (SPEC §3)."""

    status: _enum(ManStatus, "yes / partial / no / unknown (是 / 部分 / 否 / 未知)",
                  ManStatus.unknown) = ManStatus.unknown
    evidence: Text | None = None


ManField = Annotated[ManDimension, _short("status")]


class Man(_Model):
    """MAN qualification: money, authority, need (SPEC §3)."""

    money: Annotated[ManField, Field(description="M 买得起: can afford")] = ManDimension()
    authority: Annotated[ManField, Field(description="A 说了算: has the decision power")] = ManDimension()
    need: Annotated[ManField, Field(description="N 用得着: needs it")] = ManDimension()


def _whole(raw: object) -> int | None:
    """A whole number as JSON Schema sees one (``4``, ``4.0``, ``0x04``), else None; never a boolean.

    A JSON Schema validator cannot tell ``4.0`` from ``4``, so kasales does not either (one truth, core/schema.py).
    """
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    if isinstance(raw, float) and not raw.is_integer():
        return None
    return int(raw)


def _score(raw: object) -> object:
    whole = _whole(raw)
    if raw is None or (whole is not None and 1 <= whole <= 5):
        return whole
    raise PydanticCustomError("kasales_score", "score outside 1-5")  # the loader describes the input


class Factor(_Model):
    """One evaluation factor scored 1 (worst) to 5 (best), with an optional note (SPEC §4)."""

    # the bounds sit on the int alone: on `int | None` pydantic applies them to None too (`score: ~` crashed)
    score: Annotated[Annotated[int, Field(ge=1, le=5)] | None, BeforeValidator(_score)] = None
    note: Text | None = None


FactorField = Annotated[Factor, _short("score")]


class Evaluation(_Model):
    """Five-factor customer evaluation (SPEC §4); an unscored factor counts as 1."""

    need_degree: Annotated[FactorField, Field(description="需求度: how strongly they need it")] = Factor()
    need_volume: Annotated[FactorField, Field(description="需求量: how much they would buy")] = Factor()
    purchasing_power: Annotated[FactorField, Field(description="购买力: ability to pay")] = Factor()
    decision_authority: Annotated[FactorField, Field(description="决策权: our access to the decision")] = Factor()
    credit: Annotated[FactorField, Field(description="信誉度: creditworthiness, payment record")] = Factor()


class Stakeholder(_Model):
    """A person in the customer's buying center (SPEC §6)."""

    name: Text
    title: Text | None = None
    roles: Annotated[
        list[_enum(Role, "user / technical / purchaser / finance / decision_maker")], BeforeValidator(_as_values)
    ] = []
    attitude: _enum(Attitude, "supporter / neutral / opponent / unknown", Attitude.unknown) = Attitude.unknown
    influence: _enum(Influence, "high / medium / low") | None = None
    coach: _flag("内线: an insider who guides us") = False
    key_person: _flag("关键人") = False


class Competitor(_Model):
    """A competitor in the deal."""

    name: Text
    strengths: Annotated[list[Text], BeforeValidator(_as_list)] = []
    weaknesses: Annotated[list[Text], BeforeValidator(_as_list)] = []


class IntelItem(_Model):
    """One pre-approach intelligence item (SPEC §5); absent means missing."""

    status: _enum(IntelStatus, "done / partial / missing (已完成 / 部分 / 缺失)",
                  IntelStatus.missing) = IntelStatus.missing
    note: Text | None = None
    source: Text | None = None


Item = Annotated[IntelItem, _short("status")]


class Background(_Model):
    """客户背景资料."""

    org_structure: Item = IntelItem()
    departments: Item = IntelItem()
    people: Item = IntelItem()
    similar_products: Item = IntelItem()
    business_credit: Item = IntelItem()
    industry_outlook: Item = IntelItem()


class CompetitorIntel(_Model):
    """竞争对手资料."""

    products: Item = IntelItem()
    sales_reps: Item = IntelItem()
    satisfaction: Item = IntelItem()
    relationships: Item = IntelItem()


class ProjectIntel(_Model):
    """项目资料."""

    procurement_plan: Item = IntelItem()
    objective: Item = IntelItem()
    influencers: Item = IntelItem()
    timeline: Item = IntelItem()
    budget: Item = IntelItem()
    process: Item = IntelItem()


class PersonalIntel(_Model):
    """客户个人资料: personal data - its notes and sources stay out of shared output."""

    role_concerns: Item = IntelItem()
    contact: Item = IntelItem()
    career: Item = IntelItem()
    education: Item = IntelItem()
    interests: Item = IntelItem()
    communication_style: Item = IntelItem()


def _empty_mapping(raw: object) -> object:
    return {} if raw is None else raw


class Intel(_Model):
    """The four intelligence categories (SPEC §5)."""

    background: Annotated[Background, BeforeValidator(_empty_mapping)] = Background()
    competitor: Annotated[CompetitorIntel, BeforeValidator(_empty_mapping)] = CompetitorIntel()
    project: Annotated[ProjectIntel, BeforeValidator(_empty_mapping)] = ProjectIntel()
    personal: Annotated[PersonalIntel, BeforeValidator(_empty_mapping)] = PersonalIntel()

    def category(self, key: str) -> BaseModel:
        """One category block by its key."""
        return getattr(self, key)


class Objection(_Model):
    """A customer objection and our answer (3.5 处理客户异议)."""

    text: Text
    raised_by: Text | None = None
    status: _enum(ObjectionStatus, "open / answered (未解决 / 已答复)", ObjectionStatus.open) = ObjectionStatus.open
    response: Text | None = None


MAX_AMOUNT = Decimal(10) ** 15  # far above any contract; keeps sums and their display bounded
_CENT = Decimal("0.01")


def _amount(raw: object) -> object:
    """An exact Decimal from the scalar as written (``0.1`` stays 0.1, never 0.1000000000000000055...).

    The YAML reader keeps the text of a number whose value would print differently (``1140000.10``), and
    ``str`` of a float gives back the shortest text that reads as it, so Decimal(str(raw)) is the text
    in the file. Negative, non-numeric, sub-cent or absurdly large amounts are errors at the value.
    """
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int | float | str) and not isinstance(raw, bool):
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            if not isinstance(raw, int):  # ``0x1F``: an integer the YAML reader read, but not decimal text
                raise PydanticCustomError("kasales_amount", "not a number", {"reason": "number"}) from None
            value = Decimal(int(raw))
    else:
        raise PydanticCustomError("kasales_amount", "not a number", {"reason": "number"})
    if not value.is_finite():
        raise PydanticCustomError("kasales_amount", "not a number", {"reason": "number"})
    if value < 0:
        raise PydanticCustomError("kasales_amount", "negative amount", {"reason": "negative"})
    if value >= MAX_AMOUNT:
        raise PydanticCustomError("kasales_amount", "amount too large", {"reason": "large"})
    if value != value.quantize(_CENT):
        raise PydanticCustomError("kasales_amount", "finer than a cent", {"reason": "cent"})
    return value


_AMOUNT_SCHEMA = {"anyOf": [{"type": "number", "minimum": 0, "exclusiveMaximum": int(MAX_AMOUNT)},
                             {"type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]{1,2})?\s*$"}]}
Amount = Annotated[Decimal, BeforeValidator(_amount), WithJsonSchema(_AMOUNT_SCHEMA),
                   Field(description="An exact amount, at most 2 decimals (to the cent).")]

# currency names a rep may write in Chinese, mapped to their ISO 4217 codes
_CURRENCY_NAMES = {"人民币": "CNY", "元": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD",
                   "日元": "JPY", "英镑": "GBP"}


def _currency(raw: object) -> object:
    if raw is None:
        return "CNY"
    if isinstance(raw, str):
        text = raw.strip()
        code = _CURRENCY_NAMES.get(text, text.upper())
        if len(code) == 3 and code.isascii() and code.isalpha():
            return code
    raise PydanticCustomError("kasales_currency", "not a currency code")


class Payment(_Model):
    """One payment milestone of a contract (付款期限, SPEC §12): when it is due, how much, when it was paid."""

    due: Annotated[dt.date, Field(description="When the milestone is due.")]
    amount: Amount
    paid: Annotated[dt.date | None, Field(description="When it was paid; absent: not paid yet.")] = None


class Contract(_Model):
    """The signed contract of a won deal (合同收款, SPEC §12)."""

    signed: Annotated[dt.date | None, Field(description="When the contract was signed.")] = None
    value: Amount
    currency: Annotated[str, BeforeValidator(_currency), WithJsonSchema({"type": "string"}),
                        Field(description="ISO 4217 code, e.g. CNY (人民币), USD; default CNY.")] = "CNY"
    acceptance: _enum(Acceptance, "pending / passed / failed (待验收 / 已验收 / 未通过)",
                      Acceptance.pending) = Acceptance.pending
    payments: Annotated[list[Payment], BeforeValidator(_as_list)] = []


class Service(_Model):
    """The service checklist of a won deal (SPEC §12): kasales's own items, grounded in 2.1, 2.3, 3.3.1, 3.3.2."""

    implementation: Annotated[Item, Field(description="实施交付: delivered and implemented")] = IntelItem()
    acceptance_signed: Annotated[Item, Field(description="验收签字: acceptance signed")] = IntelItem()
    payment_followup: Annotated[Item, Field(description="合同收款: every milestone tracked with finance")] = IntelItem()
    satisfaction_review: Annotated[Item, Field(description="满意度回访: satisfaction review")] = IntelItem()
    reference: Annotated[Item, Field(description="机构证言: the customer agrees to be a reference")] = IntelItem()
    relationships: Annotated[Item, Field(description="与所有人保持良好关系: relations kept")] = IntelItem()
    next_purchase: Annotated[Item, Field(description="最新采购计划: their next procurement known")] = IntelItem()


def contract_problems(outcome: Outcome, contract: Contract | None) -> list[dict[str, Any]]:
    """What is wrong between the outcome, the contract and its payments, each at the value to fix (SPEC §12).

    Each problem is ``{"loc": path in the profile, "key": point at the key, "msg": catalogue key, **params}``.
    """
    if contract is None:
        return []
    if outcome == Outcome.open:  # a signed contract means the deal is won (or was lost after all)
        return [{"loc": ("contract",), "key": True, "msg": "contract_on_open_deal"}]
    problems: list[dict[str, Any]] = []
    running = Decimal(0)
    over: int | None = None  # the milestone that takes the running sum over the value: where to fix it
    for i, payment in enumerate(contract.payments):
        if contract.signed and payment.paid and payment.paid < contract.signed:
            problems.append({"loc": ("contract", "payments", i, "paid"), "key": False, "msg": "paid_before_signed",
                             "paid": payment.paid.isoformat(), "signed": contract.signed.isoformat()})
        running += payment.amount
        if over is None and running > contract.value:
            over = i
    if over is not None:
        problems.append({"loc": ("contract", "payments", over, "amount"), "key": False,
                         "msg": "payments_above_value", "total": f"{running:.2f}",
                         "value": f"{contract.value:.2f}", "currency": contract.currency})
    return problems


class Profile(_Model):
    """One account profile, the whole YAML file (SPEC §10)."""

    schema_version: Annotated[int, Field(description="Profile format version; only 1 exists.")] = SCHEMA_VERSION
    account: Annotated[Account, BeforeValidator(_empty_mapping)] = Account()
    stage: _enum(Stage, "Sales stage (SPEC §2)") | None = None
    procurement_step: _enum(ProcurementStep, "The customer's procurement step") | None = None
    process_step: _enum(ProcessStep, "The seller's process step") | None = None
    position: _enum(Position, "Position against competitors", Position.unknown) = Position.unknown
    standing: _enum(Standing, "How the customer sees us (位势)") | None = None
    man: Annotated[Man, BeforeValidator(_empty_mapping)] = Man()
    evaluation: Annotated[Evaluation, BeforeValidator(_empty_mapping)] = Evaluation()
    stakeholders: Annotated[list[Stakeholder], BeforeValidator(_as_list)] = []
    competitors: Annotated[list[Competitor], BeforeValidator(_as_list)] = []
    intel: Annotated[Intel, BeforeValidator(_empty_mapping)] = Intel()
    approach_tools: Annotated[list[_enum(ApproachTool, "样品 信函 图片 新闻报道 机构证言 电脑演示资料 名片")],
                              BeforeValidator(_as_values)] = []
    objections: Annotated[list[Objection], BeforeValidator(_as_list)] = []
    outcome: _enum(Outcome, "open / won / lost (进行中 / 赢单 / 丢单)", Outcome.open) = Outcome.open
    outcome_date: Annotated[dt.date | None, Field(description="When the deal was won or lost.")] = None
    lost_reason: Annotated[Text | None, Field(description="Why the deal was lost.")] = None
    contract: Annotated[Contract | None, Field(description="The signed contract of a won deal.")] = None
    service: Annotated[Service, BeforeValidator(_empty_mapping)] = Service()

    @model_validator(mode="after")
    def _contract(self) -> Profile:
        problems = contract_problems(self.outcome, self.contract)
        if problems:  # the loader places each one at its value; positions are not known here
            raise PydanticCustomError("kasales_rules", "contract problems", {"problems": problems})
        return self

    @field_validator("schema_version", mode="before")
    @classmethod
    def _version(cls, value: object) -> object:
        # the number 1 (also written 1.0 or 0x1, which JSON Schema cannot tell apart); "1" and true are rejected
        if _whole(value) != SCHEMA_VERSION:
            raise PydanticCustomError("kasales_version", "schema_version is not the integer 1")
        return SCHEMA_VERSION


def account_id(profile: Profile, path: str) -> str:
    """The account's id; a profile without one is known by its file name."""
    return profile.account.id or PurePath(path).stem
