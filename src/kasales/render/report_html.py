"""`kasales report --html`: one self-contained, offline page; SVG charts drawn here, no chart library, no network.

Size stays bounded by what a person reads, however large the portfolio: the lists are capped (``top``), the
account table holds at most ``--max-rows`` accounts (the first in its order; a note says how many more there
are and how to list them all), split into pages of ``PAGE_ROWS`` rows (the pages work without JavaScript),
the charts are drawn from counts, and each shown account's details travel as
compact JSON whose every string is stored once and referred to by number; a small inline script (allowed
by its hash in the page's Content-Security-Policy) draws them on demand.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from kasales.core.portfolio import Portfolio
from kasales.core.results import Result
from kasales.core.rubric import Rubric
from kasales.core.scales import STAGES
from kasales.core.scoring import ACTIONS, VERDICT_ORDER
from kasales.core.tally import AccountRow
from kasales.io.batch import Batch
from kasales.render.common import MARK, legend, marked
from kasales.render.receivables_text import outcome_line, receivables_line
from kasales.render.records import action_text, explain, explain_strategy, man_display, result_record
from kasales.render.report_charts import ChartData, Movement, build_charts
from kasales.render.report_movement import section
from kasales.text.messages import problem_line
from kasales.text.words import section_in

PAGE_ROWS = 100  # rows per page of the account table: a page lays out at once even for 50,000 accounts
DEFAULT_TOP = 20  # rows of each list (pursue now, needs attention) unless the user asks for more
MAX_ROWS = 500  # accounts in the table unless --max-rows asks for more: a page that opens at once and mails

UI = {lang: section_in("report_html", lang) for lang in ("en", "zh")}  # the page's words, from text/
CUT = {lang: section_in("report_cut", lang) for lang in ("en", "zh")}  # where the page leaves accounts out


class Strings:
    """Every string of the page's data stored once; values refer to it by position."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._index: dict[str, int] = {}

    def pack(self, value: Any) -> Any:
        """``value`` with every string (at any depth, keys of dicts aside) replaced by its number."""
        if isinstance(value, str):
            found = self._index.get(value)
            if found is None:
                found = self._index[value] = len(self.texts)
                self.texts.append(value)
            return found
        if isinstance(value, dict):
            return {k: self.pack(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.pack(v) for v in value]
        return value


def _details(result: Result, rubric: Rubric, lang: str, include_personal: bool) -> dict[str, Any]:
    """One account's details for the script: short keys, every text in ``lang``; numbers stay numbers."""
    record = result_record(result, rubric, lang, include_personal)
    label = rubric.label
    risk = result.risk
    return {
        "id": result.account.id, "name": result.account.name, "file": result.file,
        "verdict": result.verdict, "verdict_label": label("verdict", result.verdict, lang),
        "stage": label("stage", result.stage, lang) if result.stage else "-",
        "reasons": record["verdict_reasons"], "man": record["man"]["display"],
        "action": action_text(result, rubric, lang, MARK),
        "dims": [[label("man_dimension", d.key, lang), d.status, label("man_status", d.status, lang), d.evidence or ""]
                 for d in result.man.dimensions],
        # "score 95.0 · low risk", never "risk 95.0" (SPEC §4, r2), then how it came about
        "level": risk.level, "risk": f'{record["risk"]["summary"]} ({record["risk"]["explanation"]})',
        "factors": [[label("factor", f.key, lang), f.score, f.weight, round(f.contribution, 2), f.note or ""]
                    for f in risk.factors],
        "intel": round(result.intel.completeness * 100),
        "categories": [[label("intel_category", c.key, lang), round(c.completeness * 100),
                        [label("intel_item", k, lang) for k in c.missing],
                        [label("intel_item", k, lang) for k in c.partial]] for c in result.intel.categories],
        "covered": [label("role", x, lang) for x in result.stakeholders.covered],
        "uncovered": [label("role", x, lang) for x in result.stakeholders.missing],
        "coach": result.stakeholders.coach, "decision_makers": list(result.stakeholders.decision_makers),
        "notes": [[label("intel_item", key, lang), value["note"] or "", value["source"] or ""]
                  for key, value in record["intel"]["notes"].items()],
        "flags": [[f["severity"], f["message"]] for f in record["flags"]],
        "strategies": [[label("strategy", s.key, lang), "; ".join(why), advice] for s in result.strategies
                       for why, advice in [explain_strategy(s, rubric, lang, MARK)]],  # kasales's parts marked
        "next": record["next_step"]["message"] if record["next_step"] else "-",  # verify first: ... for `verify`
        # a won or lost deal (SPEC §12): "won 2026-09-15", and the receivables in the words of every format
        "outcome": outcome_line(record, rubric, lang),
        "money": receivables_line(record["receivables"], lang) if "receivables" in record else "",
    }


def _row(result: Result, rubric: Rubric, lang: str) -> dict[str, Any]:
    """One line of the account table (its position ``i`` is given when the table is laid out)."""
    label = rubric.label
    return {"id": result.account.id, "name": result.account.name,
            "stage": label("stage", result.stage, lang) if result.stage else "-",
            "stage_rank": STAGES.index(result.stage) if result.stage else len(STAGES),
            "man": man_display(result), "score": result.risk.score, "level": result.risk.level,
            "next": explain(result.next_step, rubric, lang) if result.next_step else "",
            "level_label": label("level", result.risk.level, lang),
            "intel": result.intel.completeness, "roles": len(result.stakeholders.covered),
            "verdict": result.verdict, "verdict_label": label("verdict", result.verdict, lang),
            "verdict_rank": VERDICT_ORDER.index(result.verdict) if result.verdict in VERDICT_ORDER else 99,
            "top_flag": explain(result.top_flag, rubric, lang, short=True) if result.top_flag else ""}


def page_row(result: Result, rubric: Rubric, lang: str) -> dict[str, Any]:
    """What the page needs of one account beyond the counts, made in the worker: its table row (small; the
    details are made only for the accounts the page shows, by ``page_details``)."""
    return _row(result, rubric, lang)


def page_details(result: Result, failures: Any, rubric: Rubric, lang: str, include_personal: bool) -> dict[str, Any]:
    """One shown account's details for the page's script (a batch ``finish``: plain data)."""
    return _details(result, rubric, lang, include_personal)


def linked(p: Portfolio, top: int) -> list[AccountRow]:
    """Every account the page shows and links to its details: the table's, in its order, then those of the
    capped lists that the table leaves out."""
    limit = top or None
    every = [*p.table, *p.pursue_now[:limit], *(a.account for a in p.attention[:limit]), *p.won[:limit],
             *p.lost[:limit], *p.receivables[:limit]]
    seen: set[str] = set()
    out = []
    for row in every:
        if row.id not in seen:
            seen.add(row.id)
            out.append(row)
    return out


def _json_for_script(value: Any) -> str:
    """JSON that cannot end its <script> element or open a comment, whatever a profile says."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def _asset(name: str) -> str:
    """The page's stylesheet or script, shipped beside the template."""
    return resources.files("kasales").joinpath("templates", name).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    # autoescape on for every template: profile text is user input and must never become markup
    return Environment(loader=PackageLoader("kasales", "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def content_security_policy(style: str, script: str) -> str:
    """Nothing may load from anywhere; only this page's own stylesheet and script, named by their hashes."""
    return (f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def render_html(p: Portfolio, batch: Batch, rubric: Rubric, lang: str = "en", include_personal: bool = False,
                today: dt.date | None = None, top: int = DEFAULT_TOP, movement: Movement | None = None,
                every: str = "kasales qualify PATH --format csv",
                details: Mapping[str, dict[str, Any]] | None = None) -> str:
    """The whole dashboard as one HTML page: styles, SVG charts, script and data inline; nothing fetched.

    The account table holds ``p.table`` (the tally keeps the first rows in the table's order, --max-rows;
    each row's ``extra`` is its ``page_row``); when that leaves accounts out, a note says how many and that
    ``every`` lists them all. ``details`` (account id -> ``page_details``) covers the accounts ``linked``
    names: a name in the page opens them.
    """
    details = details or {}
    ui = UI[lang]
    strings = Strings()
    rows = [{**row.extra, "i": i} for i, row in enumerate(p.table)]
    shown = [details[row.id] for row in linked(p, top) if row.id in details]
    data = {"t": strings.texts, "a": [strings.pack(d) for d in shown], "ui": ui}
    pages = [rows[i:i + PAGE_ROWS] for i in range(0, len(rows), PAGE_ROWS)] or [[]]
    cells = [{"code": code, "count": n, "action": ACTIONS[code],
              "text": marked(rubric.label("action", ACTIONS[code], lang),
                             rubric.source("labels.action", ACTIONS[code]))}
             for code, n in p.man_cells]
    limit = top if top > 0 else None
    attention = [{"id": a.account.id, "name": a.account.name, "verdict": a.account.verdict,
                  "verdict_label": rubric.label("verdict", a.account.verdict, lang),
                  "reasons": [(f.severity, explain(f, rubric, lang)) for f in a.reasons]}
                 for a in p.attention[:limit]]
    pursue = [{"id": r.id, "name": r.name, "score": r.score, "intel": r.intel,
               "stage": rubric.label("stage", r.stage, lang) if r.stage else "-",
               "level": r.level, "level_label": rubric.label("level", r.level, lang),
               "next": rubric.label("process_step", r.next_process_step, lang) if r.next_process_step else "-"}
              for r in p.pursue_now[:limit]]
    style, script = _asset("report.css"), _asset("report.js")
    extra = {"movement": movement} if movement is not None else {}
    chart_data = ChartData(p, rubric, lang, ui, extra)
    charts = build_charts(chart_data)
    moved = section(movement, chart_data) if movement is not None else None
    from kasales.render.report_closed import closed_rows, receivables_rows

    money_rows, money_totals = receivables_rows(p, top)
    closed = closed_rows(p, rubric, lang, top)
    hidden, cut = p.table_count - len(rows), CUT[lang]
    return _environment().get_template("report.html.j2").render(
        rw=section_in("receivables", lang), closed=closed, money_rows=money_rows,
        money_totals=money_totals, closed_count=p.won_count + p.lost_count,
        ui=ui, lang=lang, style=style, script=script, csp=content_security_policy(style, script), charts=charts,
        portfolio=p, batch=batch, rubric_name=rubric.name.get(lang), today=(today or dt.date.today()).isoformat(),
        cells=cells, pages=pages, page_rows=PAGE_ROWS, attention=attention, pursue=pursue,
        include_personal=include_personal, data=_json_for_script(data),
        problems=[problem_line(x, lang) for x in batch.problems], moved=moved, legend=legend(lang),
        cut=cut, table_cut=cut["table_cut"].format(hidden=f"{hidden:,}", shown=f"{len(rows):,}", command=every)
        if hidden > 0 else "", rows_shown=f"{len(rows):,}", table_rows=len(rows),
        more=cut["more_cut"] if hidden > 0 else ui["more"],  # "every account is in the table below" only when true
    )
