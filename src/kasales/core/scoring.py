"""The scoring engine: a profile and a rubric in, an explained Result out (SPEC §2-§8). Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from kasales.core.models import Profile, account_id
from kasales.core.receivables import Receivables, payment_flags, receivables, service_items
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
)
from kasales.core.rubric import CATEGORIES, FACTORS, Risk, Rubric
from kasales.core.strategies import choose_strategies, far_behind, next_process_step
from kasales.core.verdict import ACTIONS, ALL_VERDICTS, VERDICT_ORDER, Decision, caps, decide
from kasales.core.vocab import ManStatus, ProcessStep, Role, position_of

__all__ = ["ACTIONS", "ALL_VERDICTS", "SEVERITY_ORDER", "VERDICT_ORDER", "qualify"]

MAN_KEYS = ("money", "authority", "need")
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
ROLES = tuple(r.value for r in Role)  # the five roles of SPEC §6, in their order


def score_man(profile: Profile) -> ManResult:
    """The MAN code and action; only `yes` counts as having a dimension (SPEC §3)."""
    dims = []
    code = ""
    for key in MAN_KEYS:
        dim = getattr(profile.man, key)
        status = dim.status.value
        present = status == "yes"
        code += key[0].upper() if present else key[0]
        dims.append(ManDimensionResult(key, status, dim.evidence, present, status == "unknown"))
    return ManResult(code, ACTIONS[code], tuple(dims))


def _round1(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@cache
def _points(weight: float, steps: int) -> Decimal:
    """A factor's points, weight x steps x 25 (steps = score - 1), exact: Decimal of the weight as written keeps
    boundary scores exact (0.15 x 3/4 x 100 is 11.25, not 11.249999...). Few weights and scores: kept."""
    return Decimal(str(weight)) * steps * 25


def _level(score: float, rules: Risk) -> str:
    return "low" if score >= rules.low_at_least else "medium" if score >= rules.medium_at_least else "high"


def score_risk(profile: Profile, rubric: Rubric, fill: int | None = None) -> RiskResult:
    """Weighted five-factor score, level and red flags (SPEC §4, r2).

    As assessed (``fill`` None): an unscored factor counts as 1 in the score, raises no red flag, and keeps
    the level at best `medium`; with nothing scored the score is None and the level `unassessed`. With
    ``fill`` (the verdict's pessimistic 1 or optimistic 5), unscored factors are read as scored ``fill``.
    """
    rules = rubric.risk
    factors = []
    total = Decimal(0)
    for key in FACTORS:
        factor = getattr(profile.evaluation, key)
        used = factor.score if factor.score is not None else fill or 1
        points = _points(rules.weights[key], used - 1)
        total += points
        scored = factor.score if fill is None else used
        factors.append(FactorResult(key, scored, used, rules.weights[key], float(points), factor.note))
    assessed = [f for f in factors if f.score is not None]
    if not assessed:
        return RiskResult(None, "unassessed", "unassessed", tuple(factors), ())
    score = _round1(total)
    score_level = _level(score, rules)
    red = []
    for f in assessed:  # only a factor somebody scored can be a red flag
        if f.key == "credit" and f.used <= rules.credit_red_flag_at_most:
            red.append(Finding("red_flag_credit", {"factor": f.key, "score": f.used,
                                                   "limit": rules.credit_red_flag_at_most}, "high"))
        elif f.used <= rules.factor_red_flag_at_most:
            red.append(Finding("red_flag_factor", {"factor": f.key, "score": f.used}, "high"))
    level = "high" if red else score_level
    if level == "low" and len(assessed) < len(factors):
        level = "medium"  # nobody checked, say, the credit: not low-risk yet
    return RiskResult(score, level, score_level, tuple(factors), tuple(red))


def score_intel(profile: Profile, rubric: Rubric) -> IntelResult:
    """Completeness per category = (done + 0.5 x partial) / items; overall = weighted mean (SPEC §5)."""
    categories = []
    for key in CATEGORIES:
        block = profile.intel.category(key)
        items = []
        for name, item_key in _item_keys(key, type(block)):
            item = getattr(block, name)
            items.append(ItemResult(item_key, item.status.value, item.note, item.source))
        statuses = [i.status for i in items]
        done = statuses.count("done") + 0.5 * statuses.count("partial")
        categories.append(CategoryResult(key, done / len(items), rubric.intel_weights[key], tuple(items)))
    weight_sum = sum(c.weight for c in categories)
    overall = sum(c.completeness * c.weight for c in categories) / weight_sum
    return IntelResult(overall, tuple(categories))


@cache
def _item_keys(category: str, block: type[Any]) -> tuple[tuple[str, str], ...]:
    """Each item of an intel category block: its field name and its key (``category.item``), in field order."""
    return tuple((name, f"{category}.{name}") for name in block.model_fields)


def score_buying_center(profile: Profile) -> BuyingCenterResult:
    """Which of the five roles are covered, and what is wrong with the buying center (SPEC §6)."""
    people = tuple(Person(s.name, s.title, tuple(r.value for r in s.roles), s.attitude.value,
                          s.influence.value if s.influence else None, s.coach, s.key_person)
                   for s in profile.stakeholders)
    held = {role for p in people for role in p.roles}
    covered = tuple(r for r in ROLES if r in held)
    missing = tuple(r for r in ROLES if r not in held)
    deciders = [p for p in people if "decision_maker" in p.roles]
    flags: list[Finding] = []
    for p in people:  # one line per person, naming everything about them (r2)
        decider = "decision_maker" in p.roles
        if decider and p.attitude == "opponent":
            flags.append(Finding("decision_maker_opposed", {"name": p.name, "influence": p.influence or "unknown"},
                                 "high"))
        elif p.attitude == "opponent" and p.influence == "high":
            flags.append(Finding("opponent_high_influence", {"name": p.name}, "high"))
        elif decider and p.attitude == "unknown":
            flags.append(Finding("decision_maker_unknown", {"name": p.name}, "medium"))
    if not deciders:
        flags.append(Finding("no_decision_maker", {}, "medium"))
    coach = any(p.coach for p in people)
    if not coach:
        flags.append(Finding("no_coach", {}, "medium"))
    flags.extend(consistency_flags(profile, deciders))
    flags.extend(Finding("role_uncovered", {"role": r}, "low") for r in missing)
    return BuyingCenterResult(covered, missing, coach, tuple(p.name for p in deciders), people, tuple(flags))


def consistency_flags(profile: Profile, deciders: list[Person]) -> list[Finding]:
    """Warnings where the profile contradicts itself (SPEC §6, r2)."""
    flags = []
    if profile.man.authority.status == ManStatus.yes and not deciders:
        flags.append(Finding("authority_without_decision_maker", {}, "medium"))  # "说了算" - but who is it?
    score = profile.evaluation.decision_authority.score
    if score is not None and score >= 4 and not any(p.attitude in ("supporter", "neutral") for p in deciders):
        flags.append(Finding("decision_authority_without_ally", {"score": score}, "medium"))
    return flags


def process_lag(profile: Profile) -> int | None:
    """The customer's procurement step minus our process step, index against index (SPEC §2, §7)."""
    if profile.procurement_step is None or profile.process_step is None:
        return None
    return position_of(profile.procurement_step) - position_of(profile.process_step)


def process_flags(profile: Profile, lag: int | None, rubric: Rubric) -> list[Finding]:
    """Late when our step is behind the customer's: a warning one step behind, high from the rubric's threshold."""
    theirs = profile.procurement_step
    if theirs is None:
        return []
    if profile.process_step is None:
        return [Finding("process_unknown", {"customer": theirs.value}, "low")]
    if lag is None or lag < 1:
        return []
    params = {"customer": theirs.value, "ours": profile.process_step.value, "lag": lag}
    if far_behind(lag, rubric):
        return [Finding("process_far_behind", params, "high")]
    return [Finding("process_lag", params, "medium")]


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


def next_step(decision: Decision, nxt: ProcessStep | None) -> Finding:
    """What to do next: verify what could change the verdict, stop and record why, or our next process step."""
    if decision.verdict == "verify":
        return Finding("next_verify", {"items": list(decision.verify_first)})
    if decision.verdict == "disqualify":
        return Finding("next_disqualify")
    return Finding("next_process", {"target": nxt.value}) if nxt else Finding("next_last")


@dataclass(frozen=True)
class Closed:
    """What SPEC §12 decides for a won or lost deal."""

    verdict: str
    reason: Finding
    next_step: Finding
    flags: tuple[Finding, ...]
    receivables: Receivables | None
    service: tuple[ItemResult, ...]


def closed_deal(profile: Profile, rubric: Rubric, today: dt.date) -> Closed:
    """A won (`serve`) or lost (`lost`) deal: its verdict, reasons, next step and flags, without open-deal advice.

    `serve`: the service checklist's missing items are the next steps, and overdue milestones are flagged;
    `lost`: record why and keep in touch for the next procurement plan, flagged when no reason is recorded.
    The risk's red flags and staleness still count (an account that may not pay, a profile nobody reviews);
    the buying-center and process flags are about winning the deal and are left out (SPEC §12).
    """
    contract = profile.contract
    rec = receivables(contract, today) if contract is not None else None
    flags: list[Finding] = payment_flags(rec, rubric.overdue_high_after_days) if rec else []
    service = service_items(profile)
    if profile.outcome.value == "won":
        missing = [i.key.split(".", 1)[1] for i in service if i.status == "missing"]
        verdict, why = "serve", Finding("verdict_serve")
        nxt = Finding("next_serve", {"service": missing}) if missing else Finding("next_serve_done")
    else:
        verdict, why = "lost", Finding("verdict_lost")
        nxt = Finding("next_lost")
        if not (profile.lost_reason and profile.lost_reason.strip()):
            flags.append(Finding("lost_no_reason", {}, "medium"))
    return Closed(verdict, why, nxt, tuple(flags), rec, service if verdict == "serve" else ())


def qualify(profile: Profile, path: str | Path, rubric: Rubric, today: dt.date) -> Result:
    """Score one profile with a rubric as of ``today`` (both resolved by the caller, never guessed here)."""
    if profile.outcome.value != "open":
        return _closed_result(profile, path, rubric, today)
    man = score_man(profile)
    risk = score_risk(profile, rubric)
    intel = score_intel(profile, rubric)
    center = score_buying_center(profile)
    lag = process_lag(profile)
    rules = rubric.verdict
    applied = caps(center, lag, rules.process_lag_high_at_least, rules.cap_on_opposed_decision_maker,
                   rules.cap_on_process_lag)
    if risk.unassessed:  # research may find the unscored factors anywhere from 1 to 5
        worst, best = score_risk(profile, rubric, fill=1).level, score_risk(profile, rubric, fill=5).level
    else:  # every factor scored: both readings are the risk as assessed
        worst = best = risk.level
    decision = decide(man, worst, best, risk.unassessed, applied)
    nxt = next_process_step(profile)
    flags = [*risk.red_flags, *process_flags(profile, lag, rubric), *center.flags,
             *staleness_flags(profile, rubric, today)]
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
        strategies=choose_strategies(profile, man, risk, center, lag, decision.verdict, rubric),
        verdict=decision.verdict, verdict_reasons=decision.reasons,
        open_objections=sum(1 for o in profile.objections if o.status.value == "open"),
        verdict_range=decision.verdict_range, verify_first=decision.verify_first,
        next_step=next_step(decision, nxt), process_lag=lag,
    )



def _closed_result(profile: Profile, path: str | Path, rubric: Rubric, today: dt.date) -> Result:
    """The Result of a won or lost deal: MAN, risk and intel as recorded, §12's verdict and advice."""
    closed = closed_deal(profile, rubric, today)
    risk = score_risk(profile, rubric)
    flags = [*closed.flags, *risk.red_flags, *staleness_flags(profile, rubric, today)]
    flags.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    account = profile.account
    key = account_id(profile, str(path))
    return Result(
        file=str(path), account=AccountInfo(key, account.name or key, account.industry, account.owner, account.updated),
        stage=profile.stage.value if profile.stage else None,
        procurement_step=profile.procurement_step.value if profile.procurement_step else None,
        process_step=profile.process_step.value if profile.process_step else None,
        next_process_step=None, position=profile.position.value,
        standing=profile.standing.value if profile.standing else None,
        man=score_man(profile), risk=risk, intel=score_intel(profile, rubric),
        stakeholders=score_buying_center(profile), flags=tuple(flags), strategies=(),
        verdict=closed.verdict, verdict_reasons=(closed.reason,),
        open_objections=sum(1 for o in profile.objections if o.status.value == "open"),
        next_step=closed.next_step, process_lag=process_lag(profile),
        outcome=profile.outcome.value, outcome_date=profile.outcome_date, lost_reason=profile.lost_reason,
        receivables=closed.receivables, service=closed.service,
    )
