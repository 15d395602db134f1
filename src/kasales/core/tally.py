"""The portfolio counted on the fly: one compact row per account in, the report's aggregates out. Pure.

`kasales report` never holds every Result: a worker turns each Result into an :class:`AccountRow` (a few
strings and numbers, only what the report shows), and a :class:`PortfolioTally` adds the rows up as they
arrive - counts per verdict, MAN cell, risk level, stage and role, the score x intel grid, exact totals
per currency - and keeps only the first ``top`` accounts of each list (pursue now, needs attention, won,
lost, receivables) with the count of all. Memory stays the same for 1,000 or 100,000 profiles.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple

from kasales.core.portfolio import MAN_CELLS, RISK_LEVELS, Attention, Portfolio, attention_reasons
from kasales.core.receivables import CurrencyTotal, money
from kasales.core.results import Finding, Result
from kasales.core.scales import STAGES
from kasales.core.scoring import SEVERITY_ORDER, VERDICT_ORDER
from kasales.core.vocab import Role

SCATTER_LIMIT = 400  # above this many scored accounts the score x intel chart becomes a grid of counts
BINS = 10  # grid cells per axis of that grid (10 points of score or intel each)


class Money(NamedTuple):
    """A won account's receivables as exact decimal strings to the cent (``"1520000.00"``) and the days late."""

    currency: str
    contracted: str
    received: str
    outstanding: str
    overdue: str
    overdue_days_max: int


class AccountRow(NamedTuple):
    """What the report keeps of one account: plain data, cheap to send from a worker. No personal data."""

    id: str
    name: str
    file: str
    verdict: str
    man: str  # the MAN code (``MaN``)
    level: str
    score: float | None
    floor: bool  # the score is a floor (``≥62.5``)
    stage: str | None
    intel: float  # overall intel completeness, 0-1
    covered: tuple[str, ...]  # roles with someone named in them
    coach: bool
    next_process_step: str | None
    outcome: str  # open, won or lost (SPEC §12)
    outcome_date: str | None  # ISO date
    lost_reason: str | None
    reasons: tuple[tuple[str, dict[str, Any], str], ...]  # attention flags as (key, params, severity)
    money: Money | None  # the receivables of a contract
    extra: Any = None  # what one format adds (the HTML page's table row and details), opaque here

    @property
    def closed(self) -> bool:
        """Whether the deal is won or lost (then it is apart from the pipeline)."""
        return self.outcome != "open"

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The attention reasons as Findings (most severe first)."""
        return tuple(Finding(key, dict(params), severity) for key, params, severity in self.reasons)


def account_row(result: Result, extra: Any = None) -> AccountRow:
    """The compact row of ``result`` (with a format's ``extra``)."""
    rec = result.receivables
    cash = None if rec is None else Money(rec.currency, money(rec.contracted), money(rec.received),
                                          money(rec.outstanding), money(rec.overdue), rec.overdue_days_max)
    return AccountRow(
        result.account.id, result.account.name, result.file, result.verdict, result.man.code, result.risk.level,
        result.risk.score, result.risk.floor, result.stage, result.intel.completeness,
        tuple(result.stakeholders.covered), bool(result.stakeholders.coach), result.next_process_step,
        result.outcome, result.outcome_date.isoformat() if result.outcome_date else None, result.lost_reason,
        tuple((f.key, dict(f.params), f.severity) for f in attention_reasons(result)), cash, extra)


class TopN:
    """The ``limit`` items with the smallest keys (every item when ``limit`` is None), holding at most about
    1.25 x ``limit`` at a time; ``count`` is how many were offered. Keys must differ (they end with the id)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.count = 0
        self._items: list[tuple[Any, Any]] = []
        self._room = None if limit is None else limit + max(limit // 4, 16)

    def add(self, key: Any, item: Any) -> None:
        """Offer one item."""
        self.count += 1
        self._items.append((key, item))
        if self._room is not None and len(self._items) > self._room:
            self._items.sort(key=itemgetter(0))
            del self._items[self.limit:]

    def items(self) -> tuple[Any, ...]:
        """The kept items, smallest key first."""
        self._items.sort(key=itemgetter(0))
        return tuple(item for _, item in self._items[:self.limit])


def score_key(row: AccountRow) -> float:
    """The risk score for sorting; an account with no score sorts after every score."""
    return row.score if row.score is not None else -1.0


def _attention_key(row: AccountRow) -> tuple[Any, ...]:
    # most high-severity flags first, then the most reasons, then the weakest risk score
    high = sum(1 for _, _, severity in row.reasons if severity == "high")
    return -high, -len(row.reasons), SEVERITY_ORDER[row.reasons[0][2]], score_key(row), row.id


def _closed_key(row: AccountRow) -> tuple[int, str]:
    day = dt.date.fromisoformat(row.outcome_date).toordinal() if row.outcome_date else 0
    return -day, row.id  # the latest outcome first


def _money_key(row: AccountRow) -> tuple[Any, ...]:
    cash = row.money
    assert cash is not None
    # the oldest overdue first, then the largest overdue and outstanding amounts
    return -cash.overdue_days_max, -Decimal(cash.overdue), -Decimal(cash.outstanding), row.id


def table_key(row: AccountRow) -> tuple[int, float, str]:
    """The HTML table's order: best verdict first, then the highest score."""
    rank = VERDICT_ORDER.index(row.verdict) if row.verdict in VERDICT_ORDER else len(VERDICT_ORDER)
    return rank, -score_key(row), row.id


def median(values: Counter[float]) -> float | None:
    """The median of the counted values (as statistics.median computes it); None when there are none."""
    n = sum(values.values())
    if not n:
        return None
    wanted = [(n - 1) // 2, n // 2]  # the middle position(s), 0-based
    found: list[float] = []
    seen = 0
    for value in sorted(values):
        seen += values[value]
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
    return found[0] if n % 2 else (found[0] + found[1]) / 2


@dataclass
class ScoreIntel:
    """The score x intel chart's data: every point while there are few, else a grid of counts; medians."""

    points: list[tuple[float, float, str, str, str]] | None = field(default_factory=list)  # intel 0-1, score,
    bins: Counter[tuple[int, int]] = field(default_factory=Counter)  # verdict, name, id; (intel, score bin) -> n
    scores: dict[str, Counter[float]] = field(default_factory=dict)  # verdict -> score -> accounts
    intels: dict[str, Counter[float]] = field(default_factory=dict)  # verdict -> intel % -> accounts
    scored: int = 0
    unscored: int = 0

    def add(self, row: AccountRow) -> None:
        """Count one open account."""
        if row.score is None:
            self.unscored += 1
            return
        self.scored += 1
        if self.points is not None:
            self.points.append((row.intel, row.score, row.verdict, row.name, row.id))
            if len(self.points) > SCATTER_LIMIT:
                self.points = None  # too many to draw one by one: the grid is drawn instead
        self.bins[min(int(row.intel * BINS), BINS - 1), min(int(row.score / 100 * BINS), BINS - 1)] += 1
        # the values repeat (factor scores and intel items are few), so these stay small
        self.scores.setdefault(row.verdict, Counter())[row.score] += 1
        self.intels.setdefault(row.verdict, Counter())[row.intel * 100] += 1


class PortfolioTally:
    """Adds up AccountRows as they arrive; ``portfolio()`` gives the report's aggregates.

    ``top`` caps every list (0: keep all, as ``--top 0`` asks); ``table`` (0: all) keeps that many rows
    in the HTML table's order, for a page of bounded size.
    """

    def __init__(self, top: int = 0, table: int | None = None) -> None:
        limit = top if top > 0 else None
        self.pursue, self.attention = TopN(limit), TopN(limit)
        self.won, self.lost, self.money = TopN(limit), TopN(limit), TopN(limit)
        self.table = None if table is None else TopN(table if table > 0 else None)
        self.accounts = 0
        self.counts: dict[str, Counter[Hashable]] = {name: Counter() for name in ("man", "level", "verdict", "role")}
        self.stage_verdict: Counter[tuple[str | None, str]] = Counter()
        self.coached = 0
        self.intel = 0.0
        self.scatter = ScoreIntel()
        # currency -> [accounts, contracted, received, outstanding, overdue, most days late]
        self.totals: dict[str, list[Any]] = {}

    def add(self, row: AccountRow) -> None:
        """Count one account: its list places, and the pipeline's counts when its deal is open."""
        if self.table is not None:
            self.table.add(table_key(row), row)
        if row.reasons:
            self.attention.add(_attention_key(row), row)
        if row.money is not None:
            self.money.add(_money_key(row), row)
            self._total(row.money)
        if row.outcome in ("won", "lost"):
            (self.won if row.outcome == "won" else self.lost).add(_closed_key(row), row)
        if row.closed:
            return  # won and lost deals are apart from the pipeline's counts (SPEC §12)
        self.accounts += 1
        self.counts["man"][row.man] += 1
        self.counts["level"][row.level] += 1
        self.counts["verdict"][row.verdict] += 1
        self.counts["role"].update(set(row.covered))
        self.stage_verdict[row.stage, row.verdict] += 1
        self.coached += row.coach
        self.intel += row.intel
        self.scatter.add(row)
        if row.verdict == "pursue":
            self.pursue.add((-score_key(row), -row.intel, row.id), row)

    def _total(self, cash: Money) -> None:
        total = self.totals.setdefault(cash.currency, [0, Decimal(0), Decimal(0), Decimal(0), Decimal(0), 0])
        total[0] += 1
        for i, amount in enumerate((cash.contracted, cash.received, cash.outstanding, cash.overdue), 1):
            total[i] += Decimal(amount)
        total[5] = max(total[5], cash.overdue_days_max)

    def _count(self, name: str, keys: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
        counted = self.counts[name]
        unknown = set(counted) - set(keys)
        if unknown:  # a value outside the vocabulary is a bug upstream, never silently dropped
            raise KeyError(sorted(map(str, unknown))[0])
        return tuple((key, counted[key]) for key in keys)

    def _stages(self) -> tuple[tuple[str | None, tuple[int, ...]], ...]:
        rows: list[tuple[str | None, tuple[int, ...]]] = []
        # every stage is shown, even when empty: a gap in the pipeline is information too
        for stage in (*STAGES, None):
            counts = tuple(self.stage_verdict[stage, v] for v in VERDICT_ORDER)
            if stage is not None or any(counts):  # "no stage recorded" only when some account has none
                rows.append((stage, counts))
        return tuple(rows)

    def portfolio(self) -> Portfolio:
        """The aggregates so far."""
        attention = tuple(Attention(row, row.findings) for row in self.attention.items())
        totals = tuple(CurrencyTotal(currency, *self.totals[currency]) for currency in sorted(self.totals))
        return Portfolio(
            accounts=self.accounts,
            man_cells=self._count("man", MAN_CELLS),
            risk_levels=self._count("level", RISK_LEVELS),
            verdicts=self._count("verdict", VERDICT_ORDER),
            stage_verdict=self._stages(),
            role_coverage=tuple((role.value, self.counts["role"][role.value]) for role in Role),
            coached=self.coached,
            pursue_now=self.pursue.items(), pursue_count=self.pursue.count,
            attention=attention, attention_count=self.attention.count,
            mean_intel=self.intel / self.accounts if self.accounts else 0.0,
            won=self.won.items(), won_count=self.won.count, lost=self.lost.items(), lost_count=self.lost.count,
            receivables=self.money.items(), receivables_count=self.money.count, currency_totals=totals,
            scatter=self.scatter,
            table=self.table.items() if self.table is not None else (),
            table_count=self.table.count if self.table is not None else 0,
        )


def summarize(results: list[Result], top: int = 0) -> Portfolio:
    """The aggregates of ``results`` (every list complete unless ``top`` caps it): the tally of their rows."""
    tally = PortfolioTally(top)
    for result in results:
        tally.add(account_row(result))
    return tally.portfolio()
