"""Which texts a rubric must provide, and the placeholders each may use: the engine's side of the contract.

A user rubric that misses a text the engine emits, or uses a placeholder the engine does not fill,
is rejected when it is loaded (exit 2, located) instead of failing in the middle of an output.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from kasales.core.bilingual import Text

_VERDICT = frozenset({"code", "action", "level"})

TEXTS: dict[str, frozenset[str]] = {
    "unverified": frozenset({"dimensions"}),
    "risk_level": frozenset({"score", "level", "low", "medium"}),
    "unassessed": frozenset({"factors"}),
    "not_assessed": frozenset(),
    "red_flag_override": frozenset(),
    "verdict_pursue": _VERDICT,
    "verdict_develop": _VERDICT,
    "verdict_develop_risk": _VERDICT,
    "verdict_nurture": _VERDICT,
    "verdict_disqualify": _VERDICT,
}

FLAGS: dict[str, frozenset[str]] = {
    "red_flag_credit": frozenset({"factor", "score", "limit", "unassessed"}),
    "red_flag_factor": frozenset({"factor", "score", "unassessed"}),
    "decision_maker_opposed": frozenset({"name"}),
    "opponent_high_influence": frozenset({"name"}),
    "process_lag": frozenset({"customer", "ours"}),
    "no_decision_maker": frozenset(),
    "decision_maker_unknown": frozenset({"name"}),
    "no_coach": frozenset(),
    "stale": frozenset({"updated", "days", "limit"}),
    "never_reviewed": frozenset(),
    "process_unknown": frozenset({"customer"}),
    "role_uncovered": frozenset({"role"}),
}

_NONE: frozenset[str] = frozenset()
STRATEGIES: dict[str, dict[str, frozenset[str]]] = {
    "process": {"reason": frozenset({"next"}), "reason_lag": frozenset({"customer", "ours"}),
                "reason_last": frozenset({"ours"}), "advice": frozenset({"target"}),
                "advice_lag": frozenset({"target"}), "advice_last": _NONE},
    "insider": {"reason": _NONE, "advice": _NONE},
    "key_person": {"reason_none": _NONE, "reason_not_supporter": frozenset({"people"}), "advice": _NONE},
    "momentum": {"reason": _NONE, "advice": _NONE},
    "technical_barrier": {"reason": frozenset({"step"}), "advice": _NONE},
    "team": {"reason_roles": frozenset({"count"}), "reason_risk": _NONE, "advice": _NONE},
    "solution": {"reason": frozenset({"status"}), "advice": _NONE},
    "endgame": {"reason_step": frozenset({"step"}), "reason_stage": _NONE, "advice_advantage": _NONE,
                "advice_disadvantage": _NONE, "advice_unclear": frozenset({"position"})},
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
