"""The portfolio at a glance: a Batch of Results aggregated into counts and lists. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kasales.core.receivables import AccountReceivables, CurrencyTotal, receivables_view
from kasales.core.results import Finding, Result
from kasales.core.scales import LEVELS, STAGES
from kasales.core.scoring import ACTIONS, SEVERITY_ORDER, VERDICT_ORDER
from kasales.core.vocab import Role

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

    result: Result
    reasons: tuple[Finding, ...]

    @property
    def high(self) -> int:
        """How many of the reasons are high-severity."""
        return sum(1 for f in self.reasons if f.severity == "high")


@dataclass(frozen=True)
class Portfolio:
    """Counts and lists that summarise many accounts; every count is over scored accounts only.

    The pipeline's counts (``accounts`` ... ``mean_intel``) are over open deals; won and lost deals are kept
    apart (SPEC §12), with the receivables of the won ones. The attention list covers every account.
    """

    accounts: int  # open deals: the pipeline
    man_cells: tuple[tuple[str, int], ...]  # (code, accounts) for all eight cells, in MAN_CELLS order
    risk_levels: tuple[tuple[str, int], ...]  # (level, accounts), low -> high, then unassessed
    verdicts: tuple[tuple[str, int], ...]  # (verdict, accounts), pursue -> disqualify
    stage_verdict: tuple[tuple[str | None, tuple[int, ...]], ...]  # (stage or None, counts in VERDICT_ORDER)
    role_coverage: tuple[tuple[str, int], ...]  # (role, accounts with someone named in it)
    coached: int  # accounts with a coach (内线)
    pursue_now: tuple[Result, ...]
    attention: tuple[Attention, ...]
    mean_intel: float  # mean overall intel completeness, 0-1 (0 when there are no accounts)
    won: tuple[Result, ...] = ()  # most recent outcome first
    lost: tuple[Result, ...] = ()
    receivables: tuple[AccountReceivables, ...] = ()  # the oldest overdue first
    currency_totals: tuple[CurrencyTotal, ...] = ()  # one per currency: different currencies are never summed

    def level(self, level: str) -> int:
        """Accounts at one risk level."""
        return dict(self.risk_levels)[level]


def _count(values: Iterable[str], keys: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    tally = dict.fromkeys(keys, 0)
    for value in values:
        tally[value] += 1
    return tuple(tally.items())


def attention_reasons(result: Result) -> tuple[Finding, ...]:
    """The flags of ``result`` that put it on the attention list (already most severe first)."""
    return tuple(f for f in result.flags if f.key in ATTENTION_FLAGS)


def _stage_verdict(results: list[Result]) -> tuple[tuple[str | None, tuple[int, ...]], ...]:
    rows: list[tuple[str | None, tuple[int, ...]]] = []
    # every stage is shown, even when empty: a gap in the pipeline is information too
    for stage in (*STAGES, None):
        counts = tuple(sum(1 for r in results if r.stage == stage and r.verdict == v) for v in VERDICT_ORDER)
        if stage is not None or any(counts):  # "no stage recorded" only when some account has none
            rows.append((stage, counts))
    return tuple(rows)


def _closed(results: list[Result], outcome: str) -> tuple[Result, ...]:
    chosen = [r for r in results if r.outcome == outcome]
    chosen.sort(key=lambda r: r.account.id)
    chosen.sort(key=lambda r: r.outcome_date.toordinal() if r.outcome_date else 0, reverse=True)  # latest first
    return tuple(chosen)


def summarize(results: list[Result]) -> Portfolio:
    """Aggregate scored accounts: MAN cells, risk levels, stage x verdict, pursue-now and attention lists
    over the open pipeline; won and lost deals and the receivables apart."""
    every = results
    results = [r for r in every if not r.closed]
    rows, totals = receivables_view(every)
    pursue = sorted((r for r in results if r.verdict == "pursue"),
                    key=lambda r: (-score_key(r), -r.intel.completeness, r.account.id))
    attention = [Attention(r, why) for r in every if (why := attention_reasons(r))]
    # most high-severity flags first, then the most reasons, then the weakest risk score
    attention.sort(key=lambda a: (-a.high, -len(a.reasons), SEVERITY_ORDER[a.reasons[0].severity],
                                  score_key(a.result), a.result.account.id))
    return Portfolio(
        accounts=len(results),
        man_cells=_count((r.man.code for r in results), MAN_CELLS),
        risk_levels=_count((r.risk.level for r in results), RISK_LEVELS),
        verdicts=_count((r.verdict for r in results), VERDICT_ORDER),
        stage_verdict=_stage_verdict(results),
        role_coverage=tuple((role.value, sum(1 for r in results if role.value in r.stakeholders.covered))
                            for role in Role),
        coached=sum(1 for r in results if r.stakeholders.coach),
        pursue_now=tuple(pursue),
        attention=tuple(attention),
        mean_intel=sum(r.intel.completeness for r in results) / len(results) if results else 0.0,
        won=_closed(every, "won"), lost=_closed(every, "lost"), receivables=rows, currency_totals=totals,
    )
