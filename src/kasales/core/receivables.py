"""After the signature (SPEC §12, r2): receivables, overdue milestones and the service checklist. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kasales.core.models import Contract, Profile
from kasales.core.results import Finding, ItemResult

SERVICE_ITEMS = ("implementation", "acceptance_signed", "payment_followup", "satisfaction_review", "reference",
                 "relationships", "next_purchase")


def money(amount: Decimal) -> str:
    """An amount as exact text to the cent, no separators: ``1520000.00`` (the JSON and CSV form)."""
    return f"{amount:.2f}"


def money_shown(amount: Decimal | str) -> str:
    """An amount for people, with thousands separators: ``1,520,000.00`` (still exact to the cent)."""
    return f"{Decimal(amount):,.2f}"


@dataclass(frozen=True)
class Milestone:
    """One payment milestone as of today: paid, overdue by some days, or not due yet."""

    due: dt.date
    amount: Decimal
    paid: dt.date | None
    overdue_days: int | None  # days past due without payment; None when paid or not due yet

    @property
    def status(self) -> str:
        """``paid``, ``overdue`` or ``open`` (not due yet)."""
        return "paid" if self.paid else "overdue" if self.overdue_days is not None else "open"


@dataclass(frozen=True)
class Receivables:
    """What the contract is worth, what came in, what is still owed and what is late (应收账款), in one currency."""

    currency: str
    contracted: Decimal
    received: Decimal
    outstanding: Decimal  # contracted - received: milestones may not (yet) cover the whole value
    overdue: Decimal
    overdue_days_max: int  # 0 when nothing is overdue
    signed: dt.date | None
    acceptance: str
    milestones: tuple[Milestone, ...]

    @property
    def overdue_milestones(self) -> tuple[Milestone, ...]:
        """The overdue milestones, the oldest first."""
        late = [m for m in self.milestones if m.overdue_days is not None]
        return tuple(sorted(late, key=lambda m: -(m.overdue_days or 0)))


def receivables(contract: Contract, today: dt.date) -> Receivables:
    """The contract's receivables as of ``today``: a milestone due before today and not paid is overdue."""
    milestones = tuple(Milestone(p.due, p.amount, p.paid, (today - p.due).days if p.paid is None and p.due < today
                                 else None) for p in contract.payments)
    received = sum((m.amount for m in milestones if m.paid), Decimal(0))
    overdue = sum((m.amount for m in milestones if m.overdue_days is not None), Decimal(0))
    days = max((m.overdue_days for m in milestones if m.overdue_days is not None), default=0)
    return Receivables(contract.currency, contract.value, received, contract.value - received, overdue, days,
                       contract.signed, contract.acceptance.value, milestones)


def payment_flags(rec: Receivables, high_after_days: int) -> list[Finding]:
    """One flag per overdue milestone, the oldest first; more than ``high_after_days`` late is high."""
    flags = []
    for m in rec.overdue_milestones:
        days = m.overdue_days or 0
        params = {"due": m.due.isoformat(), "days": days, "amount": money(m.amount), "currency": rec.currency,
                  "limit": high_after_days}
        if days > high_after_days:
            flags.append(Finding("payment_overdue_high", params, "high"))
        else:
            flags.append(Finding("payment_overdue", params, "medium"))
    if rec.acceptance == "failed":  # nothing more will be paid until the delivery passes acceptance
        flags.append(Finding("acceptance_failed", {}, "high"))
    return flags


def service_items(profile: Profile) -> tuple[ItemResult, ...]:
    """The service checklist's items with their status (``service.implementation`` ...)."""
    return tuple(ItemResult(f"service.{key}", item.status.value, item.note, item.source)
                 for key, item in ((k, getattr(profile.service, k)) for k in SERVICE_ITEMS))


@dataclass(frozen=True)
class CurrencyTotal:
    """The receivables of every account in one currency: amounts in different currencies are never added."""

    currency: str
    accounts: int
    contracted: Decimal
    received: Decimal
    outstanding: Decimal
    overdue: Decimal
    overdue_days_max: int
