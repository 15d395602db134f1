"""Results of qualifying one account: every number with the inputs and rules behind it.

Nothing changes a result once it is made. The classes are slotted dataclasses rather than frozen ones
because scoring builds some sixty of them per account, and a frozen dataclass costs about five times as
much to build (every field goes through ``object.__setattr__``): a third of the engine's time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kasales.core.receivables import Receivables


@dataclass(slots=True)
class Finding:
    """A flag, reason or advice: a rubric text key, its parameters, and how much it matters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    severity: str = "medium"


@dataclass(slots=True)
class ManDimensionResult:
    """One MAN dimension as scored."""

    key: str
    status: str
    evidence: str | None
    present: bool
    unverified: bool


@dataclass(slots=True)
class ManResult:
    """The MAN code, its action, and the dimensions that made it (SPEC §3)."""

    code: str
    action: str
    dimensions: tuple[ManDimensionResult, ...]

    @property
    def unverified(self) -> tuple[str, ...]:
        """Dimensions whose status is unknown: lower-case for now, but may flip after research."""
        return tuple(d.key for d in self.dimensions if d.unverified)


@dataclass(slots=True)
class FactorResult:
    """One evaluation factor: the score given, the score used, and its share of the total."""

    key: str
    score: int | None
    used: int
    weight: float
    contribution: float  # points of the 0-100 score
    note: str | None


@dataclass(slots=True)
class RiskResult:
    """Five-factor risk (SPEC §4)."""

    score: float | None  # None when no factor is scored at all (SPEC §4, r2)
    level: str  # low, medium, high, or unassessed
    score_level: str  # the level the score alone gives, before red flags and the at-best-medium rule
    factors: tuple[FactorResult, ...]
    red_flags: tuple[Finding, ...]

    @property
    def unassessed(self) -> tuple[str, ...]:
        """Factors nobody scored; each counts as 1, so the score is a floor ("at least")."""
        return tuple(f.key for f in self.factors if f.score is None)

    @property
    def floor(self) -> bool:
        """True when the score is only a lower bound: some factors scored, some still to assess."""
        return self.score is not None and bool(self.unassessed)


@dataclass(slots=True)
class ItemResult:
    """One intelligence item's status (its note stays in the profile; personal notes are private)."""

    key: str  # category.item
    status: str
    note: str | None
    source: str | None

    @property
    def personal(self) -> bool:
        """Personal data of a real person (SPEC §5): its note and source stay out of shared output."""
        return self.key.startswith("personal.")


@dataclass(slots=True)
class CategoryResult:
    """Completeness of one intelligence category (SPEC §5)."""

    key: str
    completeness: float
    weight: float
    items: tuple[ItemResult, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        """Items not gathered at all."""
        return tuple(i.key for i in self.items if i.status == "missing")

    @property
    def partial(self) -> tuple[str, ...]:
        """Items gathered in part."""
        return tuple(i.key for i in self.items if i.status == "partial")


@dataclass(slots=True)
class IntelResult:
    """Pre-approach intelligence completeness."""

    completeness: float
    categories: tuple[CategoryResult, ...]


@dataclass(slots=True)
class Person:
    """A stakeholder as shown in results."""

    name: str
    title: str | None
    roles: tuple[str, ...]
    attitude: str
    influence: str | None
    coach: bool
    key_person: bool


@dataclass(slots=True)
class BuyingCenterResult:
    """Role coverage of the buying center and its flags (SPEC §6)."""

    covered: tuple[str, ...]
    missing: tuple[str, ...]
    coach: bool
    decision_makers: tuple[str, ...]
    people: tuple[Person, ...]
    flags: tuple[Finding, ...]


@dataclass(slots=True)
class StrategyResult:
    """A recommended strategy with the reasons that triggered it and its advice, one text per part (SPEC §7)."""

    key: str
    reasons: tuple[Finding, ...]
    advice: tuple[Finding, ...]  # a part each, so a course text and kasales's addition keep their own source


@dataclass(slots=True)
class AccountInfo:
    """Who the account is."""

    id: str
    name: str
    industry: str | None
    owner: str | None
    updated: dt.date | None


@dataclass(slots=True)
class Result:
    """Everything kasales concludes about one account."""

    file: str
    account: AccountInfo
    stage: str | None
    procurement_step: str | None
    process_step: str | None
    next_process_step: str | None
    position: str
    standing: str | None
    man: ManResult
    risk: RiskResult
    intel: IntelResult
    stakeholders: BuyingCenterResult
    flags: tuple[Finding, ...]  # every flag of the account, most severe first
    strategies: tuple[StrategyResult, ...]
    verdict: str
    verdict_reasons: tuple[Finding, ...]
    open_objections: int = 0
    verdict_range: tuple[str, str] | None = None  # (pessimistic, optimistic) when the verdict is `verify`
    verify_first: tuple[str, ...] = ()  # unverified MAN dimensions, then unassessed factors, for `verify`
    next_step: Finding | None = None  # what to do next: verify, stop and record why, or our next process step
    process_lag: int | None = None  # the customer's procurement step minus ours; None when either is unknown
    outcome: str = "open"  # open, won or lost (SPEC §12)
    outcome_date: dt.date | None = None
    lost_reason: str | None = None
    receivables: Receivables | None = None  # a contract's receivables as of today (won deals)
    service: tuple[ItemResult, ...] = ()  # the service checklist's items (won deals)

    @property
    def closed(self) -> bool:
        """A won or lost deal: open-deal strategies and stage advice no longer apply."""
        return self.outcome != "open"

    @property
    def top_flag(self) -> Finding | None:
        """The most important flag, for one-line summaries."""
        return self.flags[0] if self.flags else None
