"""One serializer: Results to plain records (SPEC §9); every machine format is built from these."""

from __future__ import annotations

from typing import Any

from kasales.core.errors import Problem
from kasales.core.results import Finding, Result, StrategyResult
from kasales.core.rubric import Rubric
from kasales.text.messages import words


def explain(finding: Finding, rubric: Rubric, lang: str, short: bool = False) -> str:
    """The sentence of a flag or verdict reason, with enum values shown as labels in ``lang``."""
    params = _labelled(finding.params, rubric, lang)
    if finding.key in rubric.flags:
        if "unassessed" in finding.params:
            params["unassessed"] = rubric.text("not_assessed", lang) if finding.params["unassessed"] else ""
        if short:
            return rubric.short_flag(finding.key, lang, **params)
        return rubric.flag(finding.key, lang, **params)
    return rubric.text(finding.key, lang, **params)


def explain_strategy(strategy: StrategyResult, rubric: Rubric, lang: str) -> tuple[list[str], str]:
    """Reasons and advice sentences of one recommended strategy."""
    reasons = [rubric.strategy_text(strategy.key, r.key, lang, **_labelled(r.params, rubric, lang))
               for r in strategy.reasons]
    advice = rubric.strategy_text(strategy.key, strategy.advice.key, lang,
                                  **_labelled(strategy.advice.params, rubric, lang))
    return reasons, advice


_PARAM_SECTIONS = {"customer": "procurement_step", "ours": "process_step", "next": "process_step",
                   "target": "process_step", "step": "procurement_step", "factor": "factor", "role": "role",
                   "position": "position", "status": "man_status", "action": "action", "level": "level"}


def _labelled(params: dict[str, Any], rubric: Rubric, lang: str) -> dict[str, Any]:
    out = dict(params)
    if "people" in out:  # [[name, attitude], ...] -> "陈总: unknown" with the attitude in ``lang``
        out["people"] = ", ".join(f"{name}: {rubric.label('attitude', attitude, lang)}"
                                  for name, attitude in out["people"])
    for name, section in _PARAM_SECTIONS.items():
        if name in out and isinstance(out[name], str):
            label = rubric.label(section, out[name], lang)
            if section == "factor" and lang == "en":
                label = out[name]  # the English factor labels are long; the key reads well in a sentence
            out[name] = label
    return out


def risk_explanation(result: Result, rubric: Rubric, lang: str) -> str:
    """``score 77.5 -> low risk (low >= 70, medium >= 50)`` plus any unassessed factors."""
    risk, rules = result.risk, rubric.risk
    level = rubric.label("level", risk.score_level, lang)
    text = rubric.text("risk_level", lang, score=f"{risk.score:.1f}", level=level,
                       low=f"{rules.low_at_least:g}", medium=f"{rules.medium_at_least:g}")
    if risk.level != risk.score_level:
        text += "; " + rubric.text("red_flag_override", lang)
    if risk.unassessed:
        factors = ", ".join(rubric.label("factor", f, lang) if lang == "zh" else f for f in risk.unassessed)
        text += "; " + rubric.text("unassessed", lang, factors=factors)
    return text


def finding_record(finding: Finding, rubric: Rubric, lang: str) -> dict[str, Any]:
    """A flag as a record: stable key, severity, message, and the raw parameters."""
    return {"key": finding.key, "severity": finding.severity, "message": explain(finding, rubric, lang),
            **finding.params}


def result_record(result: Result, rubric: Rubric, lang: str = "en", include_personal: bool = False) -> dict[str, Any]:
    """The JSON record of one account (SPEC §9): English keys and values, sentences in ``lang``."""
    risk = result.risk
    intel = result.intel
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
            "action_text": rubric.label("action", result.man.action, lang),
            "dimensions": {d.key: {"status": d.status, "present": d.present, "evidence": d.evidence}
                           for d in result.man.dimensions},
            "unverified": list(result.man.unverified),
        },
        "risk": {
            "score": risk.score,
            "level": risk.level,
            "score_level": risk.score_level,
            "red_flags": [finding_record(f, rubric, lang) for f in risk.red_flags],
            "unassessed": list(risk.unassessed),
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
            "flags": [finding_record(f, rubric, lang) for f in result.stakeholders.flags],
        },
        "flags": [finding_record(f, rubric, lang) for f in result.flags],
        "strategies": [_strategy_record(s, rubric, lang) for s in result.strategies],
        "verdict": result.verdict,
        "verdict_reasons": [explain(f, rubric, lang) for f in result.verdict_reasons],
        "open_objections": result.open_objections,
    }
    return record


def _strategy_record(strategy: StrategyResult, rubric: Rubric, lang: str) -> dict[str, Any]:
    reasons, advice = explain_strategy(strategy, rubric, lang)
    return {"key": strategy.key, "name": rubric.label("strategy", strategy.key, lang),
            "reason": "; ".join(reasons), "advice": advice}


def problem_record(problem: Problem, lang: str = "en") -> dict[str, object]:
    """The JSON record of SPEC §9's ``errors`` list (integer, 1-based line and column), its message in ``lang``."""
    return {"file": problem.path, "line": problem.line, "column": problem.column,
            "message": words(problem.message, lang), "severity": problem.severity}


def payload(records: list[dict[str, Any]], problems: list[Problem], lang: str = "en") -> dict[str, Any]:
    """The whole JSON document: results and errors, so every input file is accounted for."""
    return {"results": records, "errors": [problem_record(p, lang) for p in problems],
            "summary": {"files": len(records) + len({p.path for p in problems}), "scored": len(records),
                        "rejected": len({p.path for p in problems})}}
