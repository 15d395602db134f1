"""`--format table` (default): Rich tables for people - one account in full, or a portfolio summary."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from typing import NamedTuple, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kasales.core.portfolio import score_key
from kasales.core.receivables import money_shown
from kasales.core.results import Result
from kasales.core.scoring import ALL_VERDICTS, VERDICT_ORDER
from kasales.render import SPOOL, View, rendered
from kasales.render.common import (
    LEVEL_STYLE,
    MARK,
    QUALIFY_WORDS,
    STATUS_STYLE,
    VERDICT_STYLE,
    account_cell,
    bullets,
    console,
    hanging,
    legend,
    marked,
    printed,
)
from kasales.render.plain_rows import chunk_body, write_plain
from kasales.render.receivables_text import milestone_status, outcome_line, receivables_line
from kasales.render.records import (
    action_text,
    explain,
    explain_strategy,
    man_display,
    receivables_record,
    result_record,
    risk_cell,
    risk_explanation,
    risk_summary,
)
from kasales.render.safe_text import neutral, neutral_shared, visible
from kasales.text.words import Words

_w = QUALIFY_WORDS
_r = Words("receivables")
VERDICT_RANK = {v: i for i, v in enumerate(ALL_VERDICTS)}  # best first, closed deals after open ones


def _t(text: object) -> Text:
    """User text as text: never parsed as Rich markup, control characters shown, never emitted."""
    return Text(visible(text) if text is not None else "-")


def account_view(result: Result, view: View) -> Group:
    """Everything about one account: header, MAN, risk, intel, buying center, flags, strategies."""
    file = result.file  # the key of gate_failures, as the batch has it
    result = neutral(result)  # every name, note and parameter one line, control characters shown
    r, lang = neutral_shared(view.rubric), view.lang
    verdict = Text(r.label("verdict", result.verdict, lang), style=VERDICT_STYLE[result.verdict])
    if result.verdict_range:
        worst, best = (r.label("verdict", v, lang) for v in result.verdict_range)
        verdict.append(f" ({_w('range', lang, worst=worst, best=best)})")
    stage = r.label("stage", result.stage, lang) if result.stage else "-"
    head = Text.assemble((result.account.name, "bold"), f"  ({result.account.id})  ",
                         f"{_w('stage', lang)} {stage}", "  →  ", verdict)
    parts: list[RenderableType] = [Text(""), head, _t(result.file)]
    parts += [hanging("·", explain(f, r, lang)) for f in result.verdict_reasons]
    if result.next_step:
        parts.append(hanging("→", f"{_w('next_step', lang)}: {explain(result.next_step, r, lang)}", style="bold"))

    man = Table(title=f"MAN {man_display(result)}: {action_text(result, r, lang, MARK)}", box=box.SIMPLE,
                title_justify="left", expand=False)
    man.add_column(_w("dimension", lang))
    man.add_column(_w("status", lang))
    man.add_column(_w("evidence", lang), overflow="fold")
    for d in result.man.dimensions:
        man.add_row(r.label("man_dimension", d.key, lang),
                    Text(r.label("man_status", d.status, lang), style=STATUS_STYLE[d.status]), _t(d.evidence))
    parts.append(man)  # an unverified dimension is named in the title (action_text), not as a finding of "no"

    risk = result.risk
    title = risk_summary(risk, r, lang)  # "score 95.0 · low risk": never "risk 95.0", which reads backwards
    if risk.red_flags:
        title += f" ({_w('red_flag', lang)})"
    rt = Table(title=title, box=box.SIMPLE, title_justify="left")
    for key in ("factor", "score", "weight", "points", "note"):
        rt.add_column(_w(key, lang), overflow="fold")
    for f in risk.factors:
        score = str(f.score) if f.score is not None else _w("unassessed", lang)
        rt.add_row(r.label("factor", f.key, lang), score, f"{f.weight:.2f}", f"{f.contribution:.2f}", _t(f.note))
    parts.append(rt)
    parts.append(hanging("", risk_explanation(result, r, lang)))
    parts += [hanging("!", explain(f, r, lang), style="red") for f in risk.red_flags]

    it = Table(title=f"{_w('intel_completeness', lang)} {result.intel.completeness:.0%}", box=box.SIMPLE,
               title_justify="left")
    it.add_column(_w("category", lang))
    it.add_column("%", justify="right")
    it.add_column(_w("missing_partial", lang), overflow="fold")
    for c in result.intel.categories:
        gaps = [_item(k, view) for k in c.missing] + [_item(k, view) + " (½)" for k in c.partial]
        it.add_row(r.label("intel_category", c.key, lang), f"{c.completeness:.0%}", _t("; ".join(gaps) or "✓"))
    parts.append(it)
    parts.append(_buying_center(result, view))

    if result.flags:
        parts.append(Text(_w("flags", lang), style="bold"))
        parts.append(bullets((f"[{r.label('level', f.severity, lang)}]", explain(f, r, lang),
                              LEVEL_STYLE[f.severity]) for f in result.flags))
    if result.closed:
        parts += closed_parts(result, view)
    if result.strategies:  # a won or lost deal gets none (SPEC §12)
        parts.append(Text(""))
        parts.append(Text(_w("recommended_strategies", lang), style="bold"))
    for s in result.strategies:
        reasons, advice = explain_strategy(s, r, lang, MARK)
        parts.append(hanging("▸", Text.assemble((r.label("strategy", s.key, lang), "bold"), "  " + "; ".join(reasons))))
        parts.append(hanging("", advice, indent=6))
    for gate in view.gate_failures.get(file, []):
        parts.append(hanging("⛔", f"{_w('gate', lang)}: {gate}", style="bold red"))
    parts.append(Text(legend(lang), style="dim"))
    return Group(*parts)


def closed_parts(result: Result, view: View) -> list[RenderableType]:
    """A won or lost deal: its outcome, the contract's receivables milestone by milestone, the service checklist."""
    r, lang = neutral_shared(view.rubric), view.lang
    record = result_record(result, view.rubric, lang)
    parts: list[RenderableType] = [Text(""), Text.assemble((f"{_r('outcome', lang)}: ", "bold"),
                                                           visible(outcome_line(record, r, lang)))]
    money = record.get("receivables")
    if money:
        acceptance = r.label("acceptance", money["acceptance"], lang)
        line = f"{receivables_line(money, lang)} · {acceptance}"
        parts.append(Text.assemble((f"{_r('title', lang)}: ", "bold"), line))
        table = Table(box=box.SIMPLE)
        table.add_column(_r("due", lang), no_wrap=True)
        table.add_column(_r("amount", lang), justify="right", no_wrap=True)
        table.add_column(_r("status", lang))
        for m in money["milestones"]:
            style = "red" if m["status"] == "overdue" else "green" if m["status"] == "paid" else ""
            table.add_row(m["due"], money_shown(m["amount"]), Text(milestone_status(m, lang), style=style))
        parts.append(table)
    if result.service:
        service = Table(title=_r("service", lang), box=box.SIMPLE, title_justify="left")
        service.add_column(_r("item", lang))
        service.add_column(_r("status", lang))
        for item in result.service:
            key = item.key.split(".", 1)[1]
            service.add_row(marked(r.label("service_item", key, lang), r.source("labels.service_item", key)),
                            Text(r.label("intel_status", item.status, lang), style=STATUS_STYLE.get(item.status, "")))
        parts.append(service)
    return parts


def _item(key: str, view: View) -> str:
    """An intel item's label, marked when it is kasales's completion (the personal items, SPEC §5, §13)."""
    return marked(view.rubric.label("intel_item", key, view.lang), view.rubric.source("labels.intel_item", key))


def _buying_center(result: Result, view: View) -> Table:
    """The people we know, their roles and attitude, and the roles nobody covers."""
    r, lang = neutral_shared(view.rubric), view.lang
    bc = result.stakeholders
    st = Table(title=_w("buying_center", lang, n=len(bc.covered)), box=box.SIMPLE, title_justify="left")
    for key in ("name", "title", "roles", "attitude", "influence", "concern"):
        st.add_column(_w(key, lang), overflow="fold")
    st.add_column("", overflow="fold")
    for p in bc.people:
        marks = " ".join(_w(m, lang) for m, on in (("coach", p.coach), ("key_person", p.key_person)) if on)
        # the course's role table (1.1): what each person's role cares about is what to talk about with them
        concern = "; ".join(marked(r.label("role_concern", x, lang), r.source("labels.role_concern", x))
                            for x in p.roles)
        st.add_row(_t(p.name), _t(p.title), ", ".join(r.label("role", x, lang) for x in p.roles) or "-",
                   r.label("attitude", p.attitude, lang), r.label("influence", p.influence, lang) if p.influence
                   else "-", concern or "-", marks)
    if bc.missing:  # an uncovered role with what it does and its power (1.1), so the gap means something
        st.caption = "\n".join(_w("uncovered_role", lang, role=r.label("role", x, lang),
                                   does=marked(r.label("role_does", x, lang), r.source("labels.role_does", x)),
                                   power=marked(r.label("role_power", x, lang), r.source("labels.role_power", x)))
                                for x in bc.missing)
        st.caption_justify = "left"
    return st


class SummaryRow(NamedTuple):
    """One account's line of the summary table as plain data: what it sorts by and what each cell shows."""

    rank: int  # the verdict's place, best first
    score: float  # negated risk score (no score sorts last)
    id: str
    name: str
    flag: str | None  # the top flag's short sentence, and its severity's style
    flag_style: str
    owed: str | None  # a won deal's receivables line, and whether it is overdue
    overdue: bool
    next_step: str | None  # shown for verify and disqualify: what could change it, or why to stop
    stage: str
    man: str
    risk: str  # "95.0 · low"
    level: str
    intel: str
    verdict: str  # the verdict in words, ⛔ when a gate tripped
    verdict_key: str
    full: str | None  # the account's whole view as printed text, when it is shown (one file, --details)


def summary_row(result: Result, gates: list[str], view: View) -> SummaryRow:
    """The summary table's line for ``result`` (and its full view when shown): small, plain, sortable."""
    r, lang = neutral_shared(view.rubric), view.lang
    x = result
    flag = visible(explain(x.top_flag, r, lang, short=True)) if x.top_flag else None
    step = visible(explain(x.next_step, r, lang)) if x.next_step and x.verdict in ("verify", "disqualify") else None
    # English shows the stage key (short); Chinese the course's term
    stage = (r.label("stage", x.stage, lang) if lang == "zh" else x.stage) if x.stage else "-"
    owed, overdue = None, False
    if x.receivables is not None:  # what the won deal still owes us, to the cent (SPEC §12)
        money = receivables_record(x.receivables)
        owed, overdue = receivables_line(money, lang), bool(money["overdue_days_max"])
    return SummaryRow(VERDICT_RANK[x.verdict], -score_key(x), x.account.id, x.account.name, flag,
                      LEVEL_STYLE[x.top_flag.severity] if x.top_flag else "", owed, overdue, step, stage,
                      man_display(x),
                      f"{risk_cell(x.risk)} · {r.label('level', x.risk.level, lang)}", x.risk.level,
                      f"{x.intel.completeness:.0%}", r.label("verdict", x.verdict, lang) + (" ⛔" if gates else ""),
                      x.verdict, _full(result, gates, view))


def _full(result: Result, gates: list[str], view: View) -> str | None:
    """The account's full view as text when it is printed: the only file, or every file with --details."""
    if not view.details and view.batch.files != 1:
        return None
    out = console(view.width, view.color)
    if view.details:
        out.rule(Text(visible(result.account.name)))
    out.print(account_view(result, replace(view, gate_failures={result.file: gates})))
    return printed(out)


row = summary_row  # the worker's half of the format (render/__init__.py)


_FIXED = ("stage", "man", "risk", "intel", "verdict")  # the columns that never wrap: as wide as their widest cell
CHUNK = 500  # summary rows laid out by Rich at a time: its memory stays small however many accounts there are


def _table(view: View, widths: dict[str, int] | None, title: str | None, header: bool) -> Table:
    lang = view.lang
    table = Table(box=box.SIMPLE_HEAVY, pad_edge=False, expand=True, title=title, show_header=header)
    width = widths or {}
    # flexible (ratio): it gets what the no_wrap columns leave; "fold", not the default "…", so a name
    # without spaces (Chinese) folds onto the next line instead of being cut
    table.add_column(_w("account_header", lang), ratio=1, overflow="fold")
    table.add_column(_w("stage", lang), no_wrap=True, width=width.get("stage"))
    table.add_column("MAN", no_wrap=True, width=width.get("man"))
    table.add_column(_w("score_risk", lang), no_wrap=True, justify="right", width=width.get("risk"))
    table.add_column(_w("intel", lang), no_wrap=True, justify="right", width=width.get("intel"))
    table.add_column(_w("verdict", lang), no_wrap=True, width=width.get("verdict"))
    return table


def _under_name(x: SummaryRow) -> list[tuple[str, str]]:
    """The account cell's lines under the name and id, with their styles: top flag, what is owed, next step."""
    lines = []
    if x.flag is not None:
        lines.append(("↳ " + x.flag, x.flag_style))
    if x.owed is not None:
        lines.append(("$ " + x.owed, "red" if x.overdue else ""))
    if x.next_step is not None:
        lines.append(("→ " + x.next_step, "bold"))
    return lines


def _add(table: Table, x: SummaryRow) -> None:
    account = account_cell(x.name, x.id)
    for line, style in _under_name(x):
        account.append("\n" + line, style=style)
    table.add_row(account, x.stage, x.man, Text(x.risk, style=LEVEL_STYLE[x.level]), x.intel,
                  Text(x.verdict, style=VERDICT_STYLE[x.verdict_key]))


def _cells(x: SummaryRow) -> list[str]:
    """The row's cells as plain text, as _add fills them (the account cell's text as account_cell makes it)."""
    account = "\n".join([visible(x.name), visible(x.id), *(line for line, _ in _under_name(x))])
    return [account, x.stage, x.man, x.risk, x.intel, x.verdict]


def _caption(rows: list[SummaryRow], view: View) -> str:
    r, lang = neutral_shared(view.rubric), view.lang
    tally = dict.fromkeys(ALL_VERDICTS, 0)
    for x in rows:
        tally[x.verdict_key] += 1
    counts = {v: n for v, n in tally.items() if n or v in VERDICT_ORDER}  # closed deals only when there are some
    return "  ".join(f"{r.label('verdict', v, lang)}: {n}" for v, n in counts.items())


def summary_table(view: View) -> Table:
    """One row per account, sorted by verdict then risk score (best first), with totals (one Rich table).

    Names and ids are never cut: the account column takes the room the other (unwrapped) columns leave,
    and a name wider than that (30 Chinese characters are 60 cells) wraps inside its cell.
    """
    rows = sorted(summary_row(x, view.gate_failures.get(x.file, []), view) for x in view.batch.results)
    table = _table(view, None, _w("accounts", view.lang, n=len(rows)), True)
    for x in rows:
        _add(table, x)
    table.caption = _caption(rows, view)
    return table


def print_summary(rows: list[SummaryRow], view: View, out: TextIO) -> None:
    """The summary table of ``rows`` (sorted here), laid out CHUNK rows at a time with the widths of one table.

    Rich lays a table out whole, holding every cell's lines at once; chunks with the unwrapped columns as
    wide as their widest cell over all rows print the same lines as one table would, in bounded memory.
    """
    rows.sort()
    lang = view.lang
    probe = _table(view, None, None, True)
    heads = dict(zip(("account", *_FIXED), (cell_len(str(c.header)) for c in probe.columns), strict=True))
    widths = {key: max(heads[key], max(cell_len(getattr(x, key)) for x in rows)) for key in _FIXED}
    caption = _caption(rows, view)
    if not view.color and _print_plain(rows, view, widths, caption, out):
        return
    for start in range(0, len(rows), CHUNK):
        first, last = start == 0, start + CHUNK >= len(rows)
        table = _table(view, widths, _w("accounts", lang, n=len(rows)) if first else None, first)
        for x in rows[start:start + CHUNK]:
            _add(table, x)
        if last:
            table.caption = caption
        target = console(view.width, view.color)
        target.print(table)
        out.write(chunk_body(printed(target), first, last))


def _print_plain(rows: list[SummaryRow], view: View, widths: dict[str, int], caption: str, out: TextIO) -> bool:
    """print_summary's lines without colour, each row laid out by render/plain_rows instead of Rich (a
    millisecond a row); False, having printed nothing, when that layout does not fit this table."""
    table = _table(view, widths, _w("accounts", view.lang, n=len(rows)), True)
    _add(table, rows[0])
    table.caption = caption
    return write_plain(table, console(view.width, view.color), rows, _cells, lambda x: _rich_row(x, view, widths),
                       out)


def _rich_row(x: SummaryRow, view: View, widths: dict[str, int]) -> str:
    """The lines of one summary row as Rich lays it out within the whole table (a chunk of one row)."""
    table = _table(view, widths, None, False)
    _add(table, x)
    target = console(view.width, view.color)
    target.print(table)
    return chunk_body(printed(target), False, False)


def write(rows: Iterable[SummaryRow], view: View, out: TextIO) -> None:
    """One account: its full view. Several: the summary (and each full view with --details), streamed.

    The summary is sorted, so it waits for every account - as compact rows; the full views wait in a
    temporary file (on disk past a few megabytes) until the summary is printed.
    """
    kept: list[SummaryRow] = []
    with tempfile.SpooledTemporaryFile(max_size=SPOOL, mode="w+", encoding="utf-8",
                                       errors="surrogateescape") as views:
        for x in rows:
            if x.full is not None:
                views.write(x.full)
            kept.append(x._replace(full=None))
        if len(kept) == 1 and view.batch.files == 1:
            views.seek(0)
            shutil.copyfileobj(views, out)
        elif kept:
            # the table fits the width: a long name wraps in its cell rather than widening every line
            print_summary(kept, view, out)
            views.seek(0)
            shutil.copyfileobj(views, out)


def render(view: View) -> str:
    """One result: its full view. Several: the summary (and each full view with --details)."""
    return rendered(summary_row, write, view)
