"""One serializer: Results to plain records (SPEC §9); every machine format is built from these."""

from __future__ import annotations

from typing import Any

from kasales.core.bilingual import KASALES
from kasales.core.errors import Problem
from kasales.core.receivables import Receivables, money, money_shown
from kasales.core.results import Finding, Result, RiskResult, StrategyResult
from kasales.core.rubric import Rubric
from kasales.render.memo import frozen, recalled
from kasales.text.messages import words


def explain(finding: Finding, rubric: Rubric, lang: str, short: bool = False) -> str:
    """The sentence of a flag, verdict reason or next step, with enum values shown as labels in ``lang``."""
    params = frozen(finding.params)
    key = None if params is None else ("explain", finding.key, params, lang, short)
    return recalled(rubric, key, lambda: _explain(finding, rubric, lang, short))


def _explain(finding: Finding, rubric: Rubric, lang: str, short: bool) -> str:
    params = _labelled(finding.params, rubric, lang)
    if finding.key in rubric.flags:
        if short:
            return rubric.short_flag(finding.key, lang, **params)
        return rubric.flag(finding.key, lang, **params)
    return rubric.text(finding.key, lang, **params)


def advice_parts(strategy: StrategyResult, rubric: Rubric, lang: str) -> list[tuple[str, str | None]]:
    """Each advice text of a strategy with its source (a course section, ``kasales``, or None: the user's)."""
    return [(rubric.strategy_text(strategy.key, a.key, lang, **_labelled(a.params, rubric, lang)),
             rubric.source(f"strategies.{strategy.key}", a.key)) for a in strategy.advice]


def explain_strategy(strategy: StrategyResult, rubric: Rubric, lang: str,
                     mark: str = "") -> tuple[list[str], str]:
    """Reasons and advice sentences of one recommended strategy; ``mark`` follows each part not the course's."""
    return _explained(strategy, advice_parts(strategy, rubric, lang), rubric, lang, mark)


def _explained(strategy: StrategyResult, parts: list[tuple[str, str | None]], rubric: Rubric, lang: str,
               mark: str = "") -> tuple[list[str], str]:
    """explain_strategy from the strategy's advice parts made already (a record needs both)."""
    reasons = [rubric.strategy_text(strategy.key, r.key, lang, **_labelled(r.params, rubric, lang))
               for r in strategy.reasons]
    texts = [text + ("" if course_source(source) else mark) for text, source in parts]
    return reasons, (" " if lang != "zh" else "").join(_sentence(p, lang) for p in texts[:-1]) + texts[-1]


def _sentence(text: str, lang: str) -> str:
    """A part followed by another: ends with a full stop of its language."""
    return text.rstrip("。.") + ("。" if lang == "zh" else ".")


def course_source(source: str | None) -> bool:
    """True when ``source`` names a course section (the text is the course's wording)."""
    return source is not None and source != KASALES


_PARAM_SECTIONS = {"customer": "procurement_step", "ours": "process_step", "next": "process_step",
                   "target": "process_step", "step": "procurement_step", "factor": "factor", "role": "role",
                   "position": "position", "status": "man_status", "action": "action", "level": "level",
                   "influence": "influence", "worst": "verdict", "best": "verdict"}
MAN_DIMENSIONS = ("money", "authority", "need")


def item_label(key: str, rubric: Rubric, lang: str) -> str:
    """A MAN dimension or a factor to verify: the key in English (the labels are long), the term in Chinese."""
    if lang != "zh":
        return key
    return rubric.label("man_dimension" if key in MAN_DIMENSIONS else "factor", key, lang)


def _labelled(params: dict[str, Any], rubric: Rubric, lang: str) -> dict[str, Any]:
    if not params:  # most findings have none: nothing to label
        return params
    out = dict(params)
    if "people" in out:  # [[name, attitude], ...] -> "陈总: unknown" with the attitude in ``lang``
        out["people"] = ", ".join(f"{name}: {rubric.label('attitude', attitude, lang)}"
                                  for name, attitude in out["people"])
    if "items" in out:  # what to verify first: MAN dimensions and factors
        out["items"] = (", " if lang != "zh" else "、").join(item_label(k, rubric, lang) for k in out["items"])
    if "service" in out:  # service checklist items still missing (SPEC §12)
        out["service"] = (", " if lang != "zh" else "、").join(
            rubric.label("service_item", k, lang) for k in out["service"])
    if isinstance(out.get("amount"), str):  # exact to the cent, with separators for people: 1,520,000.00
        out["amount"] = money_shown(out["amount"])
    if "role" in out:  # the course's role table (1.1): what the role does and its power
        out["does"] = rubric.label("role_does", out["role"], lang)
        out["power"] = rubric.label("role_power", out["role"], lang)
    for name in params:  # a finding has a few parameters: look each up, rather than every section
        section = _PARAM_SECTIONS.get(name)
        if section is not None and isinstance(out[name], str):
            if section == "factor" and lang == "en":
                continue  # the English factor labels are long; the key reads well in a sentence
            out[name] = rubric.label(section, out[name], lang)
    return out


def risk_summary(risk: RiskResult, rubric: Rubric, lang: str) -> str:
    """``score 95.0 · low risk``, ``score ≥ 62.5 · medium risk · 2 to assess``: never "risk 95.0" (SPEC §4)."""
    unassessed = risk.unassessed
    key = ("risk_summary", risk.score, risk.level, len(unassessed), lang)
    return recalled(rubric, key, lambda: _risk_summary(risk, rubric, lang))


def _risk_summary(risk: RiskResult, rubric: Rubric, lang: str) -> str:
    level = rubric.label("level", risk.level, lang)
    if risk.score is None:
        return rubric.text("risk_summary_none", lang, count=len(risk.unassessed))
    if risk.floor:
        return rubric.text("risk_summary_floor", lang, score=f"{risk.score:.1f}", level=level,
                           count=len(risk.unassessed))
    return rubric.text("risk_summary", lang, score=f"{risk.score:.1f}", level=level)


def risk_cell(risk: RiskResult) -> str:
    """The score in a narrow column: ``95.0``, ``≥62.5`` (a floor), ``-`` (nothing scored)."""
    return score_cell(risk.score, risk.floor)


def score_cell(score: float | None, floor: bool) -> str:
    """``95.0``, ``≥62.5`` (a floor), ``-`` (nothing scored): risk_cell from a score and whether it is a floor."""
    if score is None:
        return "-"
    return ("≥" if floor else "") + f"{score:.1f}"


def risk_explanation(result: Result, rubric: Rubric, lang: str) -> str:
    """``score 77.5 -> low risk (low >= 70, medium >= 50)`` plus overrides and the factors still to assess."""
    risk = result.risk
    key = ("risk_explanation", risk.score, risk.score_level, bool(risk.red_flags), risk.unassessed, lang)
    return recalled(rubric, key, lambda: _risk_explanation(result, rubric, lang))


def _risk_explanation(result: Result, rubric: Rubric, lang: str) -> str:
    risk, rules = result.risk, rubric.risk
    parts = []
    if risk.score is not None:
        level = rubric.label("level", risk.score_level, lang)
        parts.append(rubric.text("risk_level", lang, score=f"{risk.score:.1f}", level=level,
                                 low=f"{rules.low_at_least:g}", medium=f"{rules.medium_at_least:g}"))
    if risk.red_flags:
        parts.append(rubric.text("red_flag_override", lang))
    if risk.unassessed:
        factors = ", ".join(rubric.label("factor", f, lang) if lang == "zh" else f for f in risk.unassessed)
        parts.append(rubric.text("unassessed", lang, factors=factors))
        if risk.score is not None and not risk.red_flags and risk.score_level == "low":
            parts.append(rubric.text("at_best_medium", lang))
    return "; ".join(parts)


def finding_record(finding: Finding, rubric: Rubric, lang: str) -> dict[str, Any]:
    """A flag as a record: stable key, severity, message, and the raw parameters."""
    return {"key": finding.key, "severity": finding.severity, "message": explain(finding, rubric, lang),
            "source": rubric.source("flags", finding.key), **finding.params}


def result_record(result: Result, rubric: Rubric, lang: str = "en", include_personal: bool = False) -> dict[str, Any]:
    """The JSON record of one account (SPEC §9): English keys and values, sentences in ``lang``."""
    risk = result.risk
    intel = result.intel
    # The buying center's flags and the risk's red flags are listed twice (on their own and among all the
    # flags): each is explained once, and each list gets its own copy of the record.
    explained: dict[int, dict[str, Any]] = {}

    def flag_record(finding: Finding) -> dict[str, Any]:
        made = explained.get(id(finding))
        if made is None:  # the first list gets the record made, a later one its own copy
            made = explained[id(finding)] = finding_record(finding, rubric, lang)
            return made
        return dict(made)

    record: dict[str, Any] = {
        "file": result.file,
        "account": {"id": result.account.id, "name": result.account.name, "industry": result.account.industry,
                    "owner": result.account.owner,
                    "updated": result.account.updated.isoformat() if result.account.updated else None},
        "stage": result.stage,
        "procurement_step": result.procurement_step,
        "process_step": result.process_step,
        "next_process_step": result.next_process_step,
        "position": result.position,
        "standing": result.standing,
        "man": {
            "code": result.man.code,
            "action": result.man.action,
            "action_text": action_text(result, rubric, lang),
            "dimensions": {d.key: {"status": d.status, "present": d.present, "evidence": d.evidence}
                           for d in result.man.dimensions},
            "unverified": list(result.man.unverified),
            "display": man_display(result),
        },
        "risk": {
            "score": risk.score,
            "level": risk.level,
            "score_level": risk.score_level,
            "red_flags": [flag_record(f) for f in risk.red_flags],
            "unassessed": list(risk.unassessed),
            "summary": risk_summary(risk, rubric, lang),
            "explanation": risk_explanation(result, rubric, lang),
            "factors": {f.key: {"score": f.score, "used": f.used, "weight": f.weight,
                                "contribution": round(f.contribution, 2), "note": f.note} for f in risk.factors},
        },
        "intel": {
            "completeness": round(intel.completeness, 2),
            "categories": {c.key: round(c.completeness, 2) for c in intel.categories},
            "missing": {c.key: list(c.missing) for c in intel.categories},
            "partial": {c.key: list(c.partial) for c in intel.categories},
            # notes of personal items are personal data: only on explicit request (--include-personal)
            "notes": {i.key: {"note": i.note, "source": i.source} for c in intel.categories for i in c.items
                      if (i.note or i.source) and (include_personal or not i.personal)},
        },
        "stakeholders": {
            "covered": list(result.stakeholders.covered),
            "missing": list(result.stakeholders.missing),
            "coach": result.stakeholders.coach,
            "decision_makers": list(result.stakeholders.decision_makers),
            "count": len(result.stakeholders.people),
            "flags": [flag_record(f) for f in result.stakeholders.flags],
        },
        "flags": [flag_record(f) for f in result.flags],
        "strategies": [_strategy_record(s, rubric, lang) for s in result.strategies],
        "outcome": result.outcome,
        "verdict": result.verdict,
        "verdict_reasons": [explain(f, rubric, lang) for f in result.verdict_reasons],
        "next_step": ({"key": result.next_step.key, "message": explain(result.next_step, rubric, lang)}
                      if result.next_step else None),
        "process_lag": result.process_lag,
        "open_objections": result.open_objections,
    }
    if result.closed:  # SPEC §12: the outcome, and for won deals the receivables and the service checklist
        record["outcome_date"] = result.outcome_date.isoformat() if result.outcome_date else None
        record["lost_reason"] = result.lost_reason
        if result.receivables is not None:
            record["receivables"] = receivables_record(result.receivables)
        if result.service:
            record["service"] = {"items": {i.key.split(".", 1)[1]: i.status for i in result.service},
                                 "missing": [i.key.split(".", 1)[1] for i in result.service if i.status == "missing"],
                                 "partial": [i.key.split(".", 1)[1] for i in result.service if i.status == "partial"]}
    if result.verdict_range is not None:  # SPEC §9: present when the verdict is `verify`
        record["verdict_range"] = list(result.verdict_range)
        record["verify_first"] = list(result.verify_first)
    return record


def receivables_record(rec: Receivables) -> dict[str, Any]:
    """SPEC §12's receivables: amounts as exact decimal strings to the cent (``"1520000.00"``), never floats."""
    return {"currency": rec.currency, "contracted": money(rec.contracted), "received": money(rec.received),
            "outstanding": money(rec.outstanding), "overdue": money(rec.overdue),
            "overdue_days_max": rec.overdue_days_max, "signed": rec.signed.isoformat() if rec.signed else None,
            "acceptance": rec.acceptance,
            "milestones": [{"due": m.due.isoformat(), "amount": money(m.amount),
                            "paid": m.paid.isoformat() if m.paid else None, "status": m.status,
                            "overdue_days": m.overdue_days} for m in rec.milestones]}


def action_text(result: Result, rubric: Rubric, lang: str, mark: str = "") -> str:
    """The MAN cell's action; while a dimension is unverified the cell is not settled, so that is what it says;
    once the deal is won or lost, the cell's advice ("pursue now") is history, so that is what it says."""
    key = ("action_text", result.closed, result.man.unverified, result.man.action, lang, mark)
    return recalled(rubric, key, lambda: _action_text(result, rubric, lang, mark))


def _action_text(result: Result, rubric: Rubric, lang: str, mark: str) -> str:
    if result.closed:
        return rubric.text("man_closed", lang) + ("" if course_source(rubric.source("texts", "man_closed")) else mark)
    if result.man.unverified:  # "man" from three unknowns is missing research, not "not a customer" (SPEC §3)
        dims = ", ".join(rubric.label("man_dimension", k, lang) for k in result.man.unverified)
        return rubric.text("unverified", lang, dimensions=dims) + ("" if course_source(
            rubric.source("texts", "unverified")) else mark)
    text = rubric.label("action", result.man.action, lang)
    return text + ("" if course_source(rubric.source("labels.action", result.man.action)) else mark)


def man_display(result: Result) -> str:
    """The MAN code with ``?`` after each unverified letter: ``Ma?N`` (SPEC §3, r2)."""
    return "".join(d.key[0].upper() if d.present else d.key[0] + ("?" if d.unverified else "")
                   for d in result.man.dimensions)


def _strategy_record(strategy: StrategyResult, rubric: Rubric, lang: str) -> dict[str, Any]:
    key = _strategy_key(strategy, lang)
    made = recalled(rubric, key, lambda: _strategy_made(strategy, rubric, lang))
    if key is None:
        return made
    # a fresh copy each time: the memo's own record must not change with what a caller does to this one
    return {**made, "advice_parts": [dict(part) for part in made["advice_parts"]]}


def _strategy_key(strategy: StrategyResult, lang: str) -> tuple[Any, ...] | None:
    """What a strategy's record depends on besides the rubric; None when a parameter is not worth a memo."""
    key: list[Any] = ["strategy", strategy.key, lang, len(strategy.reasons)]  # the count: where reasons end
    for finding in strategy.reasons + strategy.advice:
        params = frozen(finding.params)
        if params is None:
            return None
        key += (finding.key, params)
    return tuple(key)


def _strategy_made(strategy: StrategyResult, rubric: Rubric, lang: str) -> dict[str, Any]:
    parts = advice_parts(strategy, rubric, lang)
    reasons, advice = _explained(strategy, parts, rubric, lang)
    return {"key": strategy.key, "name": rubric.label("strategy", strategy.key, lang),
            "reason": "; ".join(reasons), "advice": advice, "source": parts[0][1],
            "advice_parts": [{"text": text, "source": source} for text, source in parts]}


def problem_record(problem: Problem, lang: str = "en") -> dict[str, object]:
    """The JSON record of SPEC §9's ``errors`` list (integer, 1-based line and column), its message in ``lang``."""
    return {"file": problem.path, "line": problem.line, "column": problem.column,
            "message": words(problem.message, lang), "severity": problem.severity}


def payload(records: list[dict[str, Any]], problems: list[Problem], lang: str = "en") -> dict[str, Any]:
    """The whole JSON document: results and errors, so every input file is accounted for."""
    return {"results": records, "errors": [problem_record(p, lang) for p in problems],
            "summary": {"files": len(records) + len({p.path for p in problems}), "scored": len(records),
                        "rejected": len({p.path for p in problems})}}
