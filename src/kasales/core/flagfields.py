"""Which field of a profile each flag is about, so CI annotations point at the line to fix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_PERSON = ("stakeholders[name={name}]", "stakeholders")
_PROCESS = ("process_step", "procurement_step")
_PAYMENT = ("contract.payments[due={due}]", "contract.payments", "contract")
# flag key -> the fields behind it, best first; ``{param}`` is filled from the flag's parameters
FLAG_FIELDS: dict[str, tuple[str, ...]] = {
    "red_flag_credit": ("evaluation.{factor}", "evaluation"),
    "red_flag_factor": ("evaluation.{factor}", "evaluation"),
    "decision_maker_opposed": _PERSON,
    "opponent_high_influence": _PERSON,
    "decision_maker_unknown": _PERSON,
    "no_decision_maker": ("stakeholders",),
    "no_coach": ("stakeholders",),
    "role_uncovered": ("stakeholders",),
    "authority_without_decision_maker": ("man.authority", "man"),
    "decision_authority_without_ally": ("evaluation.decision_authority", "evaluation"),
    "process_unknown": ("procurement_step", "process_step"),  # theirs is known, ours is not written
    "process_far_behind": _PROCESS,
    "process_lag": _PROCESS,
    "never_reviewed": ("account.updated", "account"),
    "stale": ("account.updated", "account"),
    "payment_overdue": _PAYMENT,
    "payment_overdue_high": _PAYMENT,
    "acceptance_failed": ("contract.acceptance", "contract"),
    "lost_no_reason": ("lost_reason", "outcome"),
}
ACCOUNT_FIELDS = ("account.id", "account")  # an account as a whole: a gate, or a flag with no field of its own


def flag_fields(key: str, params: Mapping[str, Any]) -> list[str]:
    """The dotted paths behind flag ``key`` (``evaluation.credit``, ``stakeholders[name=陈总]``), best first,
    ending with the account itself."""
    paths = []
    for pattern in FLAG_FIELDS.get(key, ()):
        path = pattern
        for name, value in params.items():
            # a name list ("陈总, 李总") points at the first one
            text = str(value).split(", ")[0] if name == "name" else str(value)
            path = path.replace("{" + name + "}", text)
        if "{" not in path:
            paths.append(path)
    return [*paths, *ACCOUNT_FIELDS]


def line_of(paths: list[str], lines: Mapping[str, int]) -> int:
    """The 1-based line of the first of ``paths`` found in ``lines`` (a field -> line map), else 1."""
    return next((lines[p] for p in paths if p in lines), 1)
