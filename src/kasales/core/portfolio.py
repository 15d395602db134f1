"""The portfolio at a glance: counts and capped lists over many accounts (counted by core/tally.py). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kasales.core.receivables import CurrencyTotal
from kasales.core.results import Finding, Result
from kasales.core.scales import LEVELS
from kasales.core.scoring import ACTIONS

if TYPE_CHECKING:
    from kasales.core.tally import AccountRow, ScoreIntel

MAN_CELLS = tuple(ACTIONS)  # MAN, MAn, MaN, mAN, Man, mAn, maN, man: the course's order

# Flags that ask a person to do something now. Left out on purpose: `role_uncovered` (low severity, nearly
# every account has one, so listing it would bury the rest) and `process_unknown` (a missing field, not a risk).
ATTENTION_FLAGS = ("red_flag_credit", "red_flag_factor", "decision_maker_opposed", "opponent_high_influence",
                   "process_far_behind", "process_lag", "no_decision_maker", "decision_maker_unknown", "no_coach",
                   "authority_without_decision_maker", "decision_authority_without_ally", "stale", "never_reviewed",
                   "payment_overdue_high", "payment_overdue", "acceptance_failed", "lost_no_reason")
RISK_LEVELS = (*LEVELS, "unassessed")  # the report counts accounts nobody has scored yet apart


def score_key(result: Result) -> float:
    """The risk score for sorting, best first when negated; an account with no score sorts after every score."""
    return result.risk.score if result.risk.score is not None else -1.0


@dataclass(frozen=True)
class Attention:
    """One account that needs attention, with the flags that put it on the list (most severe first)."""

    account: AccountRow
    reasons: tuple[Finding, ...]

    @property
    def high(self) -> int:
        """How many of the reasons are high-severity."""
        return sum(1 for f in self.reasons if f.severity == "high")


@dataclass(frozen=True)
class Portfolio:
    """Counts and lists that summarise many accounts; every count is over scored accounts only.

    The pipeline's counts (``accounts`` ... ``mean_intel``) are over open deals; won and lost deals are kept
    apart (SPEC §12), with the receivables of the won ones. The attention list covers every account. Each
    list holds at most the report's ``--top`` accounts (core/tally.py); its ``*_count`` counts them all.
    """

    accounts: int  # open deals: the pipeline
    man_cells: tuple[tuple[str, int], ...]  # (code, accounts) for all eight cells, in MAN_CELLS order
    risk_levels: tuple[tuple[str, int], ...]  # (level, accounts), low -> high, then unassessed
    verdicts: tuple[tuple[str, int], ...]  # (verdict, accounts), pursue -> disqualify
    stage_verdict: tuple[tuple[str | None, tuple[int, ...]], ...]  # (stage or None, counts in VERDICT_ORDER)
    role_coverage: tuple[tuple[str, int], ...]  # (role, accounts with someone named in it)
    coached: int  # accounts with a coach (内线)
    pursue_now: tuple[AccountRow, ...]  # best risk score first
    attention: tuple[Attention, ...]
    mean_intel: float  # mean overall intel completeness, 0-1 (0 when there are no accounts)
    pursue_count: int = 0
    attention_count: int = 0
    won: tuple[AccountRow, ...] = ()  # most recent outcome first
    lost: tuple[AccountRow, ...] = ()
    won_count: int = 0
    lost_count: int = 0
    receivables: tuple[AccountRow, ...] = ()  # accounts with a contract, the oldest overdue first
    receivables_count: int = 0
    currency_totals: tuple[CurrencyTotal, ...] = ()  # one per currency: different currencies are never summed
    scatter: ScoreIntel | None = None  # the score x intel chart's points or grid, and medians per verdict
    table: tuple[AccountRow, ...] = ()  # the HTML page's account table, best verdict and score first
    table_count: int = 0  # accounts the table could list (every scored account)

    def level(self, level: str) -> int:
        """Accounts at one risk level."""
        return dict(self.risk_levels)[level]


def attention_reasons(result: Result) -> tuple[Finding, ...]:
    """The flags of ``result`` that put it on the attention list (already most severe first)."""
    return tuple(f for f in result.flags if f.key in ATTENTION_FLAGS)


def summarize(results: list[Result], top: int = 0) -> Portfolio:
    """Aggregate scored accounts (core/tally.py counts their compact rows); lists complete unless ``top``."""
    from kasales.core.tally import summarize as tally_results  # the tally builds on this module's types

    return tally_results(results, top)
