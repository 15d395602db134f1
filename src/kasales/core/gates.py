"""CI gates: conditions a user asks for that fail the build (exit 1) when an account trips them."""

from __future__ import annotations

from dataclasses import dataclass, field

from kasales.core.errors import Msg, MsgError
from kasales.core.results import Result
from kasales.core.scales import LEVELS
from kasales.core.verdict import ALL_VERDICTS

__all__ = ["LEVELS", "Gates", "parse_verdicts"]  # LEVELS: the --fail-on-risk choices, for the CLI


@dataclass(frozen=True)
class Gates:
    """The gates a user asked for; an empty Gates never fails."""

    fail_on: frozenset[str] = field(default_factory=frozenset)
    fail_on_risk: str | None = None  # this level or worse fails
    min_score: float | None = None
    fail_on_overdue: int | None = None  # a milestone overdue longer than this many days fails (SPEC §12)

    def check(self, result: Result) -> list[Msg]:
        """Why ``result`` trips gates, one message each (empty when it passes)."""
        tripped = []
        if result.verdict in self.fail_on:
            tripped.append(Msg("gate_verdict", verdict=result.verdict, gate=",".join(sorted(self.fail_on))))
        # `unassessed` is not on the low-high scale: nobody knows the risk yet (--fail-on verify catches it)
        level = result.risk.level
        if self.fail_on_risk and level in LEVELS and LEVELS.index(level) >= LEVELS.index(self.fail_on_risk):
            tripped.append(Msg("gate_risk", level=level, gate=self.fail_on_risk))
        if self.min_score is not None:
            if result.risk.score is None:  # no score cannot be at least N
                tripped.append(Msg("gate_no_score", gate=f"{self.min_score:g}"))
            elif result.risk.score < self.min_score:
                tripped.append(Msg("gate_score", score=result.risk.score, gate=f"{self.min_score:g}"))
        overdue = result.receivables.overdue_days_max if result.receivables else 0
        if self.fail_on_overdue is not None and overdue > self.fail_on_overdue:
            tripped.append(Msg("gate_overdue", days=overdue, amount=f"{result.receivables.overdue:,.2f}",
                               currency=result.receivables.currency, gate=self.fail_on_overdue))
        return tripped


def parse_verdicts(text: str | None) -> frozenset[str]:
    """``disqualify,nurture`` -> the set; raise MsgError for an empty list or an unknown verdict."""
    if text is None:
        return frozenset()
    chosen = {part.strip() for part in text.split(",") if part.strip()}
    if not chosen:  # `--fail-on "$A,$B"` with both unset must not switch the gate off silently
        raise MsgError("gate_empty", choices=", ".join(ALL_VERDICTS))
    unknown = sorted(chosen - set(ALL_VERDICTS))
    if unknown:
        raise MsgError("gate_unknown", found=", ".join(unknown), choices=", ".join(ALL_VERDICTS))
    return frozenset(chosen)
