"""The scoring engine: a profile and a rubric in, an explained Result out (SPEC §2-§8). Pure."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from kasales.core.models import Profile, account_id
from kasales.core.results import (
    AccountInfo,
    BuyingCenterResult,
    CategoryResult,
    FactorResult,
    Finding,
    IntelResult,
    ItemResult,
    ManDimensionResult,
    ManResult,
    Person,
    Result,
    RiskResult,
    StrategyResult,
)
from kasales.core.rubric import CATEGORIES, FACTORS, Rubric
from kasales.core.vocab import ManStatus, ProcessStep, ProcurementStep, Role, position_of

MAN_KEYS = ("money", "authority", "need")
ACTIONS = {"MAN": "pursue", "MAn": "develop_need", "MaN": "find_authority", "mAN": "check_credit",
           "Man": "nurture", "mAn": "nurture", "maN": "nurture", "man": "disqualify"}
VERDICT_ORDER = ("pursue", "develop", "nurture", "disqualify")
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def score_man(profile: Profile) -> ManResult:
    """The MAN code and action; only `yes` counts as having a dimension (SPEC §3)."""
    dims = []
    code = ""
    for key in MAN_KEYS:
        dim = getattr(profile.man, key)
        present = dim.status == ManStatus.yes
        code += key[0].upper() if present else key[0]
        dims.append(ManDimensionResult(key, dim.status.value, dim.evidence, present,
                                       dim.status == ManStatus.unknown))
    return ManResult(code, ACTIONS[code], tuple(dims))


def _round1(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def score_risk(profile: Profile, rubric: Rubric) -> RiskResult:
    """Weighted five-factor score, level, and red flags; an unscored factor counts as 1 (SPEC §4)."""
    rules = rubric.risk
    factors = []
    total = Decimal(0)
    for key in FACTORS:
        factor = getattr(profile.evaluation, key)
        used = factor.score if factor.score is not None else 1
        # Decimal keeps boundary scores exact: 0.15 x 3/4 x 100 is 11.25, not 11.249999...
        points = Decimal(str(rules.weights[key])) * (used - 1) * 25
        total += points
        factors.append(FactorResult(key, factor.score, used, rules.weights[key], float(points), factor.note))
    score = _round1(total)
    score_level = "low" if score >= rules.low_at_least else "medium" if score >= rules.medium_at_least else "high"
    red = []
    for f in factors:
        if f.key == "credit" and f.used <= rules.credit_red_flag_at_most:
            red.append(Finding("red_flag_credit", {"factor": f.key, "score": f.used, "unassessed": f.score is None,
                                                   "limit": rules.credit_red_flag_at_most}, "high"))
        elif f.used <= rules.factor_red_flag_at_most:
            red.append(Finding("red_flag_factor", {"factor": f.key, "score": f.used,
                                                   "unassessed": f.score is None}, "high"))
    level = "high" if red else score_level
    return RiskResult(score, level, score_level, tuple(factors), tuple(red))


def score_intel(profile: Profile, rubric: Rubric) -> IntelResult:
    """Completeness per category = (done + 0.5 x partial) / items; overall = weighted mean (SPEC §5)."""
    categories = []
    for key in CATEGORIES:
        block = profile.intel.category(key)
        items = tuple(ItemResult(f"{key}.{name}", item.status.value, item.note, item.source)
                      for name, item in ((n, getattr(block, n)) for n in type(block).model_fields))
        done = sum(1 for i in items if i.status == "done") + 0.5 * sum(1 for i in items if i.status == "partial")
        categories.append(CategoryResult(key, done / len(items), rubric.intel_weights[key], items))
    weight_sum = sum(c.weight for c in categories)
    overall = sum(c.completeness * c.weight for c in categories) / weight_sum
    return IntelResult(overall, tuple(categories))


def score_buying_center(profile: Profile) -> BuyingCenterResult:
    """Which of the five roles are covered, and what is wrong with the buying center (SPEC §6)."""
    people = tuple(Person(s.name, s.title, tuple(r.value for r in s.roles), s.attitude.value,
                          s.influence.value if s.influence else None, s.coach, s.key_person)
                   for s in profile.stakeholders)
    covered = tuple(r.value for r in Role if any(r.value in p.roles for p in people))
    missing = tuple(r.value for r in Role if r.value not in covered)
    deciders = [p for p in people if "decision_maker" in p.roles]
    flags: list[Finding] = []
    for p in deciders:
        if p.attitude == "opponent":
            flags.append(Finding("decision_maker_opposed", {"name": p.name}, "high"))
    for p in people:
        if p.attitude == "opponent" and p.influence == "high":  # decision makers too: SPEC §6 lists both
            flags.append(Finding("opponent_high_influence", {"name": p.name}, "high"))
    if not deciders:
        flags.append(Finding("no_decision_maker", {}, "medium"))
    for p in deciders:
        if p.attitude == "unknown":
            flags.append(Finding("decision_maker_unknown", {"name": p.name}, "medium"))
    coach = any(p.coach for p in people)
    if not coach:
        flags.append(Finding("no_coach", {}, "medium"))
    flags.extend(Finding("role_uncovered", {"role": r}, "low") for r in missing)
    return BuyingCenterResult(covered, missing, coach, tuple(p.name for p in deciders), people, tuple(flags))


def process_flags(profile: Profile) -> list[Finding]:
    """Late when our process step is behind the customer's procurement step, index against index (SPEC §2)."""
    ours, theirs = profile.process_step, profile.procurement_step
    if theirs is None:
        return []
    if ours is None:
        return [Finding("process_unknown", {"customer": theirs.value}, "low")]
    if position_of(ours) < position_of(theirs):
        return [Finding("process_lag", {"customer": theirs.value, "ours": ours.value}, "high")]
    return []


def staleness_flags(profile: Profile, rubric: Rubric, today: dt.date) -> list[Finding]:
    """A profile not reviewed within the rubric's ``stale_after_days``, or never dated, is flagged."""
    updated = profile.account.updated
    if updated is None:
        return [Finding("never_reviewed", {}, "medium")]
    days = (today - updated).days
    if days > rubric.stale_after_days:
        return [Finding("stale", {"updated": updated.isoformat(), "days": days,
                                  "limit": rubric.stale_after_days}, "medium")]
    return []


def next_process_step(profile: Profile) -> ProcessStep | None:
    """Our next process step: the customer's step when we lag, else the one after ours (None after the last)."""
    steps = list(ProcessStep)
    if profile.process_step is None:
        return steps[0]
    here = position_of(profile.process_step)
    if profile.procurement_step is not None and here < position_of(profile.procurement_step):
        return steps[position_of(profile.procurement_step)]  # catch up with the customer first
    return steps[here + 1] if here + 1 < len(steps) else None


def _process_strategy(profile: Profile, nxt: ProcessStep | None, lag: list[Finding]) -> StrategyResult:
    """Always recommended: where we are in the six steps, and what comes next (SPEC §2, §7)."""
    if nxt is None:
        ours = profile.process_step.value if profile.process_step else ""
        return StrategyResult("process", (Finding("reason_last", {"ours": ours}),), Finding("advice_last"))
    reasons = [Finding("reason", {"next": nxt.value})]
    if lag and lag[0].key == "process_lag":
        reasons.append(Finding("reason_lag", lag[0].params, "high"))
        return StrategyResult("process", tuple(reasons), Finding("advice_lag", {"target": nxt.value}))
    return StrategyResult("process", tuple(reasons), Finding("advice", {"target": nxt.value}))


def choose_strategies(profile: Profile, man: ManResult, risk: RiskResult, center: BuyingCenterResult,
                      nxt: ProcessStep | None, lag: list[Finding]) -> tuple[StrategyResult, ...]:
    """The strategies whose trigger holds, each with its reasons and advice, in SPEC §7 order."""
    chosen: list[StrategyResult] = [_process_strategy(profile, nxt, lag)]
    if not center.coach:
        chosen.append(StrategyResult("insider", (Finding("reason"),), Finding("advice")))
    deciders = [p for p in center.people if "decision_maker" in p.roles]
    if not deciders:
        chosen.append(StrategyResult("key_person", (Finding("reason_none"),), Finding("advice")))
    elif not any(p.attitude == "supporter" for p in deciders):
        people = [[p.name, p.attitude] for p in deciders]  # labelled per language when explained
        chosen.append(StrategyResult("key_person", (Finding("reason_not_supporter", {"people": people}),),
                                     Finding("advice")))
    if profile.standing is not None and profile.standing.value == "looked_down":
        chosen.append(StrategyResult("momentum", (Finding("reason"),), Finding("advice")))
    step = profile.procurement_step
    if step in (ProcurementStep.confirm_need, ProcurementStep.shortlist, ProcurementStep.set_criteria):
        chosen.append(StrategyResult("technical_barrier", (Finding("reason", {"step": step.value}),),
                                     Finding("advice")))
    team = []
    if len(center.covered) >= 3:
        team.append(Finding("reason_roles", {"count": len(center.covered)}))
    if risk.level == "high":
        team.append(Finding("reason_risk"))
    if team:
        chosen.append(StrategyResult("team", tuple(team), Finding("advice")))
    need = next(d for d in man.dimensions if d.key == "need")
    if not need.present:
        chosen.append(StrategyResult("solution", (Finding("reason", {"status": need.status}),), Finding("advice")))
    end = []
    if step in (ProcurementStep.tender, ProcurementStep.negotiate, ProcurementStep.implement):
        end.append(Finding("reason_step", {"step": step.value}))
    if profile.stage is not None and profile.stage.value == "close":
        end.append(Finding("reason_stage"))
    if end:
        position = profile.position.value
        advice = {"advantage": "advice_advantage", "disadvantage": "advice_disadvantage"}.get(position,
                                                                                            "advice_unclear")
        chosen.append(StrategyResult("endgame", tuple(end), Finding(advice, {"position": position})))
    return tuple(chosen)


def decide_verdict(man: ManResult, risk: RiskResult) -> tuple[str, tuple[Finding, ...]]:
    """The verdict from the MAN action and the risk level, with the reason (SPEC §8)."""
    params = {"code": man.code, "action": man.action, "level": risk.level}
    if man.code == "MAN":
        if risk.level == "high":
            return "develop", (Finding("verdict_develop_risk", params),)
        return "pursue", (Finding("verdict_pursue", params),)
    if man.code in ("MAn", "MaN", "mAN"):
        return "develop", (Finding("verdict_develop", params),)
    if man.code == "man":
        return "disqualify", (Finding("verdict_disqualify", params),)
    return "nurture", (Finding("verdict_nurture", params),)


def qualify(profile: Profile, path: str | Path, rubric: Rubric, today: dt.date) -> Result:
    """Score one profile with a rubric as of ``today`` (both resolved by the caller, never guessed here)."""
    man = score_man(profile)
    risk = score_risk(profile, rubric)
    intel = score_intel(profile, rubric)
    center = score_buying_center(profile)
    verdict, why = decide_verdict(man, risk)
    lag = process_flags(profile)
    nxt = next_process_step(profile)
    flags = [*risk.red_flags, *lag, *center.flags, *staleness_flags(profile, rubric, today)]
    flags.sort(key=lambda f: SEVERITY_ORDER[f.severity])  # stable: keeps rule order within a severity
    account = profile.account
    key = account_id(profile, str(path))
    info = AccountInfo(key, account.name or key, account.industry, account.owner, account.updated)
    return Result(
        file=str(path), account=info,
        stage=profile.stage.value if profile.stage else None,
        procurement_step=profile.procurement_step.value if profile.procurement_step else None,
        process_step=profile.process_step.value if profile.process_step else None,
        next_process_step=nxt.value if nxt else None,
        position=profile.position.value, standing=profile.standing.value if profile.standing else None,
        man=man, risk=risk, intel=intel, stakeholders=center, flags=tuple(flags),
        strategies=choose_strategies(profile, man, risk, center, nxt, lag), verdict=verdict, verdict_reasons=why,
        open_objections=sum(1 for o in profile.objections if o.status.value == "open"),
    )
