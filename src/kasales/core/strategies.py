"""The eight strategies of the course (SPEC §7): which apply, why, and advice that fits the situation. Pure."""

from __future__ import annotations

from kasales.core.models import Profile
from kasales.core.results import BuyingCenterResult, Finding, ManResult, Person, RiskResult, StrategyResult
from kasales.core.rubric import Rubric
from kasales.core.vocab import ProcessStep, ProcurementStep, position_of

_CRITERIA_OPEN = (ProcurementStep.confirm_need, ProcurementStep.shortlist, ProcurementStep.set_criteria)
_ENDGAME_STEPS = (ProcurementStep.tender, ProcurementStep.negotiate)
_STEPS = tuple(ProcessStep)  # the seller's six steps, in order


def next_process_step(profile: Profile) -> ProcessStep | None:
    """The step after ours in the seller's process (the first when ours is unknown; None after the last).

    A seller behind the customer still cannot skip a step: one step behind, the next step is the
    customer's own (catch up); further behind, the endgame's disadvantage advice applies instead.
    """
    steps = _STEPS
    if profile.process_step is None:
        return steps[0]
    here = position_of(profile.process_step)
    return steps[here + 1] if here + 1 < len(steps) else None


def far_behind(lag: int | None, rubric: Rubric) -> bool:
    """True when the lag behind the customer reaches the rubric's high threshold (SPEC §7, r2)."""
    return lag is not None and lag >= rubric.verdict.process_lag_high_at_least


def _process(profile: Profile, nxt: ProcessStep | None, lag: int | None, rubric: Rubric) -> StrategyResult:
    """Always recommended: where we are in the six steps, what comes next, and how far behind we are."""
    if nxt is None:
        ours = profile.process_step.value if profile.process_step else ""
        return StrategyResult("process", (Finding("reason_last", {"ours": ours}),), (Finding("advice_last"),))
    reasons = [Finding("reason", {"next": nxt.value})]
    if lag is not None and lag >= 1 and profile.process_step and profile.procurement_step:
        params = {"customer": profile.procurement_step.value, "ours": profile.process_step.value, "lag": lag}
        if far_behind(lag, rubric):  # we never bid: "catch up to negotiate and sign" would be wrong
            reasons.append(Finding("reason_lag", params, "high"))
            return StrategyResult("process", tuple(reasons), (Finding("advice_far_behind"),))
        reasons.append(Finding("reason_lag", params))
        return StrategyResult("process", tuple(reasons), (Finding("advice_lag", {"target": nxt.value}),))
    return StrategyResult("process", tuple(reasons), (Finding("advice", {"target": nxt.value}),))


def _names(people: list[Person]) -> str:
    return ", ".join(p.name for p in people)


def _key_person(center: BuyingCenterResult) -> StrategyResult | None:
    """No decision maker: the course's six steps. One named but not with us: advice about *that person*."""
    deciders = [p for p in center.people if "decision_maker" in p.roles]
    if not deciders:
        return StrategyResult("key_person", (Finding("reason_none"),), (Finding("advice_none"),))
    if any(p.attitude == "supporter" for p in deciders):
        return None
    people = [[p.name, p.attitude] for p in deciders]  # labelled per language when explained
    opponents = [p for p in deciders if p.attitude == "opponent"]
    unknown = [p for p in deciders if p.attitude == "unknown"]
    if opponents:  # 2.8's disadvantage advice: go around the blockers, win their top, bring our management
        return StrategyResult("key_person", (Finding("reason_opponent", {"people": people}),),
                              (Finding("advice_opponent"), Finding("advice_opponent_team")))
    if unknown:
        advice = "advice_unknown_coach" if center.coach else "advice_unknown"
        return StrategyResult("key_person", (Finding("reason_unknown", {"people": people}),),
                              (Finding(advice, {"name": _names(unknown)}),))
    neutral = [p for p in deciders if p.attitude == "neutral"]
    return StrategyResult("key_person", (Finding("reason_neutral", {"people": people}),),
                          (Finding("advice_neutral", {"name": _names(neutral)}),))


def _endgame(profile: Profile, lag: int | None, rubric: Rubric) -> StrategyResult | None:
    """At tender, negotiation or the close stage of an open deal not yet signed: advice by our position."""
    step = profile.procurement_step
    reasons = []
    if step in _ENDGAME_STEPS:
        reasons.append(Finding("reason_step", {"step": step.value}))
    if profile.stage is not None and profile.stage.value == "close":
        reasons.append(Finding("reason_stage"))
    signed = step == ProcurementStep.implement or profile.process_step == ProcessStep.delivery
    if not reasons or signed:
        return None
    position = profile.position.value
    if far_behind(lag, rubric):  # SPEC §7: a lag at the high threshold counts as a disadvantage
        reasons.append(Finding("reason_lag", {"lag": lag}))
        position = "disadvantage"
    advice = {"advantage": "advice_advantage", "disadvantage": "advice_disadvantage"}.get(position, "advice_unclear")
    return StrategyResult("endgame", tuple(reasons), (Finding(advice, {"position": position}),))


def choose_strategies(profile: Profile, man: ManResult, risk: RiskResult, center: BuyingCenterResult,
                      lag: int | None, verdict: str, rubric: Rubric) -> tuple[StrategyResult, ...]:
    """The strategies whose trigger holds, in SPEC §7 order; none for a `disqualify` verdict (r2)."""
    if verdict == "disqualify":  # its only advice is the next step: stop, and record why
        return ()
    chosen: list[StrategyResult] = [_process(profile, next_process_step(profile), lag, rubric)]
    if not center.coach:
        chosen.append(StrategyResult("insider", (Finding("reason"),), (Finding("advice"),)))
    key_person = _key_person(center)
    if key_person:
        chosen.append(key_person)
    if profile.standing is not None and profile.standing.value == "looked_down":
        # the course names the aim (2.4); the means are kasales's addition, a part of their own
        chosen.append(StrategyResult("momentum", (Finding("reason"),), (Finding("advice"), Finding("advice_means"))))
    step = profile.procurement_step
    if step in _CRITERIA_OPEN:
        chosen.append(StrategyResult("technical_barrier", (Finding("reason", {"step": step.value}),),
                                     (Finding("advice"),)))
    team = []
    if len(center.covered) >= 3:
        team.append(Finding("reason_roles", {"count": len(center.covered)}))
    if risk.level == "high":
        team.append(Finding("reason_risk"))
    if team:
        chosen.append(StrategyResult("team", tuple(team), (Finding("advice"),)))
    need = next(d for d in man.dimensions if d.key == "need")
    if not need.present:
        chosen.append(StrategyResult("solution", (Finding("reason", {"status": need.status}),), (Finding("advice"),)))
    endgame = _endgame(profile, lag, rubric)
    if endgame:
        chosen.append(endgame)
    return tuple(chosen)
