"""Pydantic models of an account profile (SPEC §10), with the short forms and Chinese values it allows."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import PurePath
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from kasales.core.vocab import (
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
    normalize,
)

SCHEMA_VERSION = 1


def _enum(enum: type[StrEnum], description: str, default: StrEnum | None = None) -> Any:
    """An enum field that also accepts the Chinese terms of SPEC §11 and reports bad values clearly.

    ``default``: what an explicit null (``position: ~``) means - the same as leaving the key out (SPEC §10).
    The error carries no copy of the bad value: the loader describes it from pydantic's ``input``, and
    leaves it out where it may be personal data.
    """

    def check(raw: object) -> object:
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


def _short(key: str) -> Any:
    """A before-validator turning the short form `field: value` into `{key: value}`."""

    def expand(raw: object) -> object:
        if raw is None:
            return {}
        if isinstance(raw, dict):
            return raw
        return {key: raw}

    return BeforeValidator(expand)


def _as_list(raw: object) -> object:
    """Accept a single value where a list is expected (`roles: decision_maker`)."""
    if raw is None:
        return []
    if isinstance(raw, str | dict):
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
        if value is not None and (not value or not all(c.isascii() and (c.isalnum() or c in "-_") for c in value)):
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


def _score(raw: object) -> object:
    if raw is None or (isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 5):
        return raw
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
    coach: Annotated[bool, Field(description="内线: an insider who guides us")] = False
    key_person: Annotated[bool, Field(description="关键人")] = False


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

    @field_validator("schema_version", mode="before")
    @classmethod
    def _version(cls, value: object) -> object:
        # strictly the integer: "1", 1.0 and true are rejected, so a typo never passes for a version
        if type(value) is not int or value != SCHEMA_VERSION:
            raise PydanticCustomError("kasales_version", "schema_version is not the integer 1")
        return value


def account_id(profile: Profile, path: str) -> str:
    """The account's id; a profile without one is known by its file name."""
    return profile.account.id or PurePath(path).stem
