"""Which texts a rubric must provide, and the placeholders each may use: the engine's side of the contract.

A user rubric that misses a text the engine emits, or uses a placeholder the engine does not fill,
is rejected when it is loaded (exit 2, located) instead of failing in the middle of an output.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from kasales.core.bilingual import Text

_VERDICT = frozenset({"code", "action", "level"})
_NONE: frozenset[str] = frozenset()

TEXTS: dict[str, frozenset[str]] = {
    "unverified": frozenset({"dimensions"}),
    "man_closed": _NONE,  # a won or lost deal: the MAN cell's "pursue now" / "stop" no longer applies (SPEC §12)
    # the score's name and the level's (SPEC §4, r2): "score 95.0 · low risk", never "risk 95.0"
    "risk_summary": frozenset({"score", "level"}),
    "risk_summary_floor": frozenset({"score", "level", "count"}),
    "risk_summary_none": frozenset({"count"}),
    "risk_level": frozenset({"score", "level", "low", "medium"}),
    "unassessed": frozenset({"factors"}),
    "at_best_medium": _NONE,
    "red_flag_override": _NONE,
    "verdict_pursue": _VERDICT,
    "verdict_develop": _VERDICT,
    "verdict_develop_risk": _VERDICT,
    "verdict_nurture": _VERDICT,
    "verdict_disqualify": _VERDICT,
    "verdict_verify": frozenset({"worst", "best", "items"}),
    "cap_opposed": frozenset({"name"}),
    "cap_lag": frozenset({"lag"}),
    "next_verify": frozenset({"items"}),
    "next_disqualify": _NONE,
    "next_process": frozenset({"target"}),
    "next_last": _NONE,
    "verdict_serve": _NONE,
    "verdict_lost": _NONE,
    "next_serve": frozenset({"service"}),
    "next_serve_done": _NONE,
    "next_lost": _NONE,
}

_LAG = frozenset({"customer", "ours", "lag"})
FLAGS: dict[str, frozenset[str]] = {
    "red_flag_credit": frozenset({"factor", "score", "limit"}),
    "red_flag_factor": frozenset({"factor", "score"}),
    "decision_maker_opposed": frozenset({"name", "influence"}),
    "opponent_high_influence": frozenset({"name"}),
    "process_far_behind": _LAG,
    "process_lag": _LAG,
    "no_decision_maker": _NONE,
    "decision_maker_unknown": frozenset({"name"}),
    "no_coach": _NONE,
    "authority_without_decision_maker": _NONE,
    "decision_authority_without_ally": frozenset({"score"}),
    "stale": frozenset({"updated", "days", "limit"}),
    "never_reviewed": _NONE,
    "process_unknown": frozenset({"customer"}),
    "role_uncovered": frozenset({"role", "does", "power"}),
    "payment_overdue": frozenset({"due", "days", "amount", "currency", "limit"}),
    "payment_overdue_high": frozenset({"due", "days", "amount", "currency", "limit"}),
    "acceptance_failed": _NONE,
    "lost_no_reason": _NONE,
}

_PEOPLE = frozenset({"people"})
_NAME = frozenset({"name"})
STRATEGIES: dict[str, dict[str, frozenset[str]]] = {
    "process": {"reason": frozenset({"next"}), "reason_lag": _LAG, "reason_last": frozenset({"ours"}),
                "advice": frozenset({"target"}), "advice_lag": frozenset({"target"}), "advice_far_behind": _NONE,
                "advice_last": _NONE},
    "insider": {"reason": _NONE, "advice": _NONE},
    "key_person": {"reason_none": _NONE, "reason_unknown": _PEOPLE, "reason_neutral": _PEOPLE,
                   "reason_opponent": _PEOPLE, "advice_none": _NONE, "advice_unknown": _NAME,
                   "advice_unknown_coach": _NAME, "advice_neutral": _NAME, "advice_opponent": _NONE,
                   "advice_opponent_team": _NONE},
    "momentum": {"reason": _NONE, "advice": _NONE, "advice_means": _NONE},
    "technical_barrier": {"reason": frozenset({"step"}), "advice": _NONE},
    "team": {"reason_roles": frozenset({"count"}), "reason_risk": _NONE, "advice": _NONE},
    "solution": {"reason": frozenset({"status"}), "advice": _NONE},
    "endgame": {"reason_step": frozenset({"step"}), "reason_stage": _NONE, "reason_lag": frozenset({"lag"}),
                "advice_advantage": _NONE, "advice_disadvantage": _NONE, "advice_unclear": frozenset({"position"})},
}


def placeholder_problems(where: str, text: Text, allowed: frozenset[str]) -> list[str]:
    """What is wrong with the ``{placeholders}`` of one bilingual text (empty when nothing is)."""
    problems = []
    choice = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none"
    for lang in ("en", "zh"):
        try:
            fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(getattr(text, lang))
                      if name is not None]
        except ValueError as err:  # a stray brace
            problems.append(f"{where}.{lang}: {err} (write a literal brace as {{{{ or }}}})")
            continue
        for name, spec, conv in fields:
            if name not in allowed:
                problems.append(f"{where}.{lang}: unknown placeholder {{{name}}}; this text may use {choice}")
            elif spec or conv:  # the engine passes ready-made text: a format spec would fail at run time
                shown = "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
                problems.append(f"{where}.{lang}: write {{{name}}}, not {shown}: values arrive already formatted")
    return problems


def missing_and_misused(section: str, texts: Mapping[str, Text], contract: Mapping[str, frozenset[str]]) -> list[str]:
    """Texts the engine needs but the rubric lacks, and placeholders it cannot fill (``section`` prefixes keys)."""
    prefix = f"{section}." if section else ""
    problems = [f"missing '{prefix}{key}'" for key in contract if key not in texts]
    for key, text in texts.items():
        if key in contract:
            problems += placeholder_problems(f"{prefix}{key}", text, contract[key])
    return problems
