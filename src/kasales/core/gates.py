"""CI gates: conditions a user asks for that fail the build (exit 1) when an account trips them."""

from __future__ import annotations

from dataclasses import dataclass, field

from kasales.core.results import Result
from kasales.core.scales import LEVELS
from kasales.core.scoring import VERDICT_ORDER
from kasales.text.messages import msg

__all__ = ["LEVELS", "Gates", "parse_verdicts"]  # LEVELS: the --fail-on-risk choices, for the CLI


@dataclass(frozen=True)
class Gates:
    """The gates a user asked for; an empty Gates never fails."""

    fail_on: frozenset[str] = field(default_factory=frozenset)
    fail_on_risk: str | None = None  # this level or worse fails
    min_score: float | None = None

    def check(self, result: Result, lang: str = "en") -> list[str]:
        """Why ``result`` trips gates, one sentence each in ``lang`` (empty when it passes)."""
        tripped = []
        if result.verdict in self.fail_on:
            tripped.append(msg("gate_verdict", lang, verdict=result.verdict, gate=",".join(sorted(self.fail_on))))
        if self.fail_on_risk and LEVELS.index(result.risk.level) >= LEVELS.index(self.fail_on_risk):
            tripped.append(msg("gate_risk", lang, level=result.risk.level, gate=self.fail_on_risk))
        if self.min_score is not None and result.risk.score < self.min_score:
            tripped.append(msg("gate_score", lang, score=result.risk.score, gate=f"{self.min_score:g}"))
        return tripped


def parse_verdicts(text: str | None) -> frozenset[str]:
    """``disqualify,nurture`` -> the set; raise ValueError naming an unknown verdict."""
    if text is None:
        return frozenset()
    if not text.strip():  # `--fail-on "$GATES"` with GATES unset must not switch the gate off silently
        raise ValueError(f"empty verdict list; choose from {', '.join(VERDICT_ORDER)}")
    chosen = {part.strip() for part in text.split(",") if part.strip()}
    unknown = sorted(chosen - set(VERDICT_ORDER))
    if unknown:
        raise ValueError(f"unknown verdict {', '.join(unknown)}; choose from {', '.join(VERDICT_ORDER)}")
    return frozenset(chosen)
