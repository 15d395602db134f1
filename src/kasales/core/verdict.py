"""The verdict of an open deal (SPEC §8, r2): base rule, caps, and a pessimistic and an optimistic reading. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from kasales.core.results import BuyingCenterResult, Finding, ManResult

ACTIONS = {"MAN": "pursue", "MAn": "develop_need", "MaN": "find_authority", "mAN": "check_credit",
           "Man": "nurture", "mAn": "nurture", "maN": "nurture", "man": "disqualify"}
# best first (SPEC §8); `verify` sits where research could move it either way
VERDICT_ORDER = ("pursue", "develop", "verify", "nurture", "disqualify")
CLOSED_VERDICTS = ("serve", "lost")  # won and lost deals (SPEC §12)
ALL_VERDICTS = VERDICT_ORDER + CLOSED_VERDICTS


@dataclass(frozen=True)
class Reading:
    """One reading of the account: its MAN code and risk level, as they are or as research may find them."""

    code: str
    level: str


@dataclass(frozen=True)
class Decision:
    """The verdict with its reasons and, for `verify`, the range and what to verify first."""

    verdict: str
    reasons: tuple[Finding, ...]
    verdict_range: tuple[str, str] | None
    verify_first: tuple[str, ...]


def base_verdict(reading: Reading) -> tuple[str, Finding]:
    """SPEC §8's base rule: the MAN code's cell, with MAN at high risk only `develop`."""
    params = {"code": reading.code, "action": ACTIONS[reading.code], "level": reading.level}
    if reading.code == "MAN":
        if reading.level == "high":
            return "develop", Finding("verdict_develop_risk", params)
        return "pursue", Finding("verdict_pursue", params)
    if reading.code in ("MAn", "MaN", "mAN"):
        return "develop", Finding("verdict_develop", params)
    if reading.code == "man":
        return "disqualify", Finding("verdict_disqualify", params)
    return "nurture", Finding("verdict_nurture", params)


def caps(center: BuyingCenterResult, lag: int | None, lag_high: int, on_opposed: bool,
         on_lag: bool) -> tuple[Finding, ...]:
    """Why `pursue` must wait (SPEC §8 step 1): a decision maker against us with high influence, or far behind."""
    found = []
    opposed = [p.name for p in center.people
               if "decision_maker" in p.roles and p.attitude == "opponent" and p.influence == "high"]
    if on_opposed and opposed:
        found.append(Finding("cap_opposed", {"name": ", ".join(opposed)}, "high"))
    if on_lag and lag is not None and lag >= lag_high:
        found.append(Finding("cap_lag", {"lag": lag}, "high"))
    return tuple(found)


def _capped(reading: Reading, applied: tuple[Finding, ...]) -> tuple[str, list[Finding]]:
    """The base verdict, `pursue` capped at `develop` when a cap applies; the caps are among the reasons then."""
    verdict, why = base_verdict(reading)
    if verdict == "pursue" and applied:
        return "develop", [why, *applied]
    return verdict, [why]


def optimistic_code(man: ManResult) -> str:
    """The MAN code with every unverified dimension taken as `yes`."""
    return "".join(d.key[0].upper() if d.present or d.unverified else d.key[0] for d in man.dimensions)


def decide(man: ManResult, pessimistic_level: str, optimistic_level: str, unassessed: tuple[str, ...],
           applied: tuple[Finding, ...]) -> Decision:
    """Both readings through the capped base rule; when they differ, research could change it: `verify`."""
    low, low_why = _capped(Reading(man.code, pessimistic_level), applied)
    high, high_why = _capped(Reading(optimistic_code(man), optimistic_level), applied)
    if low == high:
        return Decision(low, tuple(low_why), None, ())
    first = (*man.unverified, *unassessed)
    reason = Finding("verdict_verify", {"worst": low, "best": high, "items": list(first)})
    return Decision("verify", (reason, *high_why[1:]), (low, high), first)  # and the caps that held the best back
