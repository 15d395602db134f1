"""`--format markdown`: a summary fit for a pull-request comment, in the chosen language."""

from __future__ import annotations

from typing import Any

from kasales.core.receivables import money_shown
from kasales.render import View
from kasales.render.common import QUALIFY_WORDS as _w
from kasales.render.common import legend, marked, md_cell
from kasales.render.receivables_text import outcome_line
from kasales.render.safe_text import guard_lines, md_code, md_html, md_item
from kasales.text.messages import problem_line
from kasales.text.words import Words

_r = Words("receivables")
_OUTCOME_ORDER = {"open": 0, "won": 1, "lost": 2}


def _receivables(records: list[dict[str, Any]], lang: str) -> list[str]:
    """A table of the won deals' receivables, exact to the cent; nothing when no account has a contract."""
    rows = [rec for rec in records if rec.get("receivables")]
    if not rows:
        return []
    keys = ("account", "currency", "contracted", "received", "outstanding", "overdue_column", "days")
    head = [_r(k, lang).capitalize() for k in keys]
    out = [f"### {_r('view', lang)}", "", "| " + " | ".join(head) + " |", "|---|---|--:|--:|--:|--:|--:|"]
    rows.sort(key=lambda rec: -rec["receivables"]["overdue_days_max"])  # the oldest overdue first
    for rec in rows:
        money = rec["receivables"]
        out.append(f"| {md_cell(rec['account']['name'])} ({md_code(rec['account']['id'])}) | {money['currency']} | "
                   + " | ".join(money_shown(money[k]) for k in ("contracted", "received", "outstanding", "overdue"))
                   + f" | {money['overdue_days_max'] or ''} |")
    return [*out, ""]


def render(view: View) -> str:
    """A heading, a table of accounts, strategies per account in <details>, and invalid files."""
    rubric, lang = view.rubric, view.lang
    # the open pipeline first, then won and lost deals, each group in batch order (SPEC §12)
    records = sorted(view.records(), key=lambda rec: _OUTCOME_ORDER[rec["outcome"]])
    out = [f"## {_w('heading', lang, scored=len(records), rejected=view.batch.rejected)}", ""]
    if records:
        head = [_w(k, lang).capitalize() for k in ("account", "stage")] + ["MAN"] + \
               [_w(k, lang).capitalize() for k in ("score_risk", "intel", "verdict", "next_step", "top_flag")]
        out += ["| " + " | ".join(head) + " |", "|---|---|---|---|---|---|---|---|"]
        for rec in records:
            flag = rec["flags"][0]["message"] if rec["flags"] else ""
            gate = " ⛔" if view.gate_failures.get(rec["file"]) else ""
            risk = rec["risk"]
            score = "-" if risk["score"] is None else ("≥" if risk["unassessed"] else "") + f"{risk['score']:.1f}"
            verdict = md_cell(rubric.label("verdict", rec["verdict"], lang))
            if "verdict_range" in rec:
                worst, best = (rubric.label("verdict", v, lang) for v in rec["verdict_range"])
                verdict += f" ({md_cell(_w('range', lang, worst=worst, best=best))})"
            out.append(
                f"| {md_cell(rec['account']['name'])} ({md_code(rec['account']['id'])}) | "
                f"{md_cell(rubric.label('stage', rec['stage'], lang) if rec['stage'] else '-')} | "
                f"{rec['man']['display']} | {score} · {md_cell(rubric.label('level', risk['level'], lang))} | "
                f"{rec['intel']['completeness']:.0%} | **{verdict}**{gate} | "
                f"{md_cell(rec['next_step']['message'] if rec['next_step'] else '')} | {md_cell(flag)} |")
        out.append("")
        out += _receivables(records, lang)
        for rec in records:
            out.append(f"<details><summary>{md_html(rec['account']['name'])}: {_w('strategies', lang)}</summary>\n")
            out.append(f"- {md_item(rec['risk']['summary'])}")
            if rec["outcome"] != "open":
                out.append(f"- {_r('outcome', lang).capitalize()}: {md_cell(outcome_line(rec, rubric, lang))}")
            for reason in rec["verdict_reasons"]:
                out.append(f"- {_w('verdict', lang).capitalize()}: {md_cell(reason)}")
            for s in rec["strategies"]:
                advice = " ".join(marked(p["text"], p["source"]) for p in s["advice_parts"])
                out.append(f"- **{md_cell(s['name'])}** - {md_cell(s['reason'])}{_w('then', lang)}"
                           f"{md_cell(advice)}")
            for gate in view.gate_failures.get(rec["file"], []):
                out.append(f"- ⛔ {_w('gate', lang)}: {md_cell(gate)}")
            if rec["strategies"]:
                out.append(f"\n_{md_cell(legend(lang))}_")
            out.append("\n</details>\n")
    if view.batch.problems:
        out += [f"### {_w('invalid_files', lang)}", ""]
        out += [f"- {md_item(problem_line(p, view.lang))}" for p in view.batch.problems]
        out.append("")
    return guard_lines("\n".join(out) + "\n")
