"""The rubric: weights, thresholds and texts behind every result, shipped as YAML and replaceable."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kasales.core import rubric_texts as contract
from kasales.core.bilingual import Text
from kasales.core.checklist_model import Checklists

FACTORS = ("need_degree", "need_volume", "purchasing_power", "decision_authority", "credit")
CATEGORIES = ("background", "competitor", "project", "personal")


class FlagText(Text):
    """A flag's text and how much it matters."""

    severity: Literal["high", "medium", "low"] = "medium"
    short: Text | None = None  # a few words for one-line summaries


class Risk(BaseModel):
    """Five-factor risk rules (SPEC §4)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    weights: dict[Literal[FACTORS], Annotated[float, Field(ge=0, le=1)]]  # type: ignore[valid-type]
    low_at_least: Annotated[float, Field(ge=0, le=100)]
    medium_at_least: Annotated[float, Field(ge=0, le=100)]
    credit_red_flag_at_most: Annotated[int, Field(ge=0, le=5)]
    factor_red_flag_at_most: Annotated[int, Field(ge=0, le=5)]

    @model_validator(mode="after")
    def _consistent(self) -> Risk:
        if set(self.weights) != set(FACTORS):
            raise ValueError(f"weights must name all five factors: {', '.join(FACTORS)}")
        total = sum(Decimal(str(w)) for w in self.weights.values())
        if total != 1:
            raise ValueError(f"weights must sum to 1 (they sum to {total})")
        if self.medium_at_least > self.low_at_least:
            raise ValueError("medium_at_least must not exceed low_at_least")
        return self


class VerdictRules(BaseModel):
    """The caps on an open deal's verdict and the process-lag threshold (SPEC §7, §8, r2)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    # lag = the customer's procurement step minus our process step (index against index); from this lag
    # on it is a high flag, counts as a disadvantage for the endgame, and (with the cap on) caps pursue
    process_lag_high_at_least: Annotated[int, Field(ge=1, le=5)]
    cap_on_process_lag: bool
    cap_on_opposed_decision_maker: bool  # a decision maker who opposes us with high influence


class Rubric(BaseModel):
    """Everything the engine and renderers need besides the profile itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    extends: str | None = None
    rubric_version: Literal[1] = 1
    name: Text
    risk: Risk
    intel_weights: dict[Literal[CATEGORIES], Annotated[float, Field(ge=0, allow_inf_nan=False, le=1e6)]]  # type: ignore[valid-type]
    stale_after_days: Annotated[int, Field(ge=0)]
    # an unpaid milestone more than this many days past due is a high flag (SPEC §12, r2)
    overdue_high_after_days: Annotated[int, Field(ge=0, le=36_500)] = 30
    verdict: VerdictRules
    labels: dict[str, dict[str, Text]]
    texts: dict[str, Text]
    flags: dict[str, FlagText]
    strategies: dict[str, dict[str, Text]]
    checklists: Checklists = Checklists()

    @model_validator(mode="after")
    def _weights(self) -> Rubric:
        if set(self.intel_weights) != set(CATEGORIES) or sum(self.intel_weights.values()) <= 0:
            raise ValueError(f"intel_weights must name {', '.join(CATEGORIES)} with a positive total")
        return self

    @field_validator("texts")
    @classmethod
    def _texts(cls, texts: dict[str, Text]) -> dict[str, Text]:
        return _checked("", texts, contract.TEXTS)

    @field_validator("flags")
    @classmethod
    def _flags(cls, flags: dict[str, FlagText]) -> dict[str, FlagText]:
        problems = contract.missing_and_misused("", flags, contract.FLAGS)
        for key, flag in flags.items():
            if flag.short is not None and key in contract.FLAGS:
                problems += contract.placeholder_problems(f"{key}.short", flag.short, contract.FLAGS[key])
        if problems:
            raise ValueError("; ".join(problems))
        return flags

    @field_validator("strategies")
    @classmethod
    def _strategies(cls, strategies: dict[str, dict[str, Text]]) -> dict[str, dict[str, Text]]:
        problems = [f"missing '{key}'" for key in contract.STRATEGIES if key not in strategies]
        for key, texts in strategies.items():
            if key in contract.STRATEGIES:
                problems += contract.missing_and_misused(key, texts, contract.STRATEGIES[key])
        if problems:
            raise ValueError("; ".join(problems))
        return strategies

    def label(self, section: str, key: str, lang: str = "en") -> str:
        """The label of ``key`` in a label section; the key itself when the rubric has none."""
        text = self.labels.get(section, {}).get(str(key))
        return text.get(lang) if text else str(key)

    def text(self, key: str, lang: str = "en", **params: object) -> str:
        """A sentence of the ``texts`` section, filled in."""
        return self.texts[key].get(lang).format(**params)

    def flag(self, key: str, lang: str = "en", **params: object) -> str:
        """A flag's sentence, filled in."""
        return self.flags[key].get(lang).format(**params)

    def short_flag(self, key: str, lang: str = "en", **params: object) -> str:
        """A flag's few-word form for summaries (its full sentence when it has none)."""
        short = self.flags[key].short
        return short.get(lang).format(**params) if short else self.flag(key, lang, **params)

    def strategy_text(self, strategy: str, key: str, lang: str = "en", **params: object) -> str:
        """A strategy's reason or advice sentence, filled in."""
        return self.strategies[strategy][key].get(lang).format(**params)

    def source(self, section: str, key: str) -> str | None:
        """Where a text comes from (SPEC §13): ``source("flags", "no_coach")``, ``source("labels.role", "user")``,
        ``source("strategies.endgame", "advice_advantage")``; None when a user's rubric wrote it."""
        return _lookup(self, section, key).source

    def all_texts(self) -> list[tuple[str, Text]]:
        """Every text of the rubric with its dotted key, in file order (for `kasales rubric`)."""
        out: list[tuple[str, Text]] = []
        for section, texts in self.labels.items():
            out += [(f"labels.{section}.{key}", text) for key, text in texts.items()]
        out += [(f"texts.{key}", text) for key, text in self.texts.items()]
        out += [(f"flags.{key}", text) for key, text in self.flags.items()]
        for strategy, texts in self.strategies.items():
            out += [(f"strategies.{strategy}.{key}", text) for key, text in texts.items()]
        out += [(f"checklists.categories.{key}", text) for key, text in self.checklists.categories.items()]
        for stage, checklist in self.checklists.stages.items():
            out += [(f"checklists.stages.{stage}.items.{key}", item.label) for key, item in checklist.items.items()]
            out += [(f"checklists.stages.{stage}.reminders.{key}", text) for key, text in checklist.reminders.items()]
        return out


def _lookup(rubric: Rubric, section: str, key: str) -> Text:
    head, _, rest = section.partition(".")
    if head == "labels":
        return rubric.labels[rest][key]
    if head == "strategies":
        return rubric.strategies[rest][key]
    table: dict[str, Text] = {"texts": rubric.texts, "flags": rubric.flags}[head]  # type: ignore[assignment]
    return table[key]


def _checked(section: str, texts: dict[str, Text], needed: dict[str, frozenset[str]]) -> dict[str, Text]:
    problems = contract.missing_and_misused(section, texts, needed)
    if problems:
        raise ValueError("; ".join(problems))
    return texts
