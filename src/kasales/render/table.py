"""`--format table` (default): Rich tables for people - one account in full, or a portfolio summary."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kasales.core.portfolio import score_key
from kasales.core.receivables import money_shown
from kasales.core.results import Result
from kasales.core.scoring import ALL_VERDICTS, VERDICT_ORDER
from kasales.render import View
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


def summary_table(view: View) -> Table:
    """One row per account, sorted by verdict then risk score (best first), with totals.

    Names and ids are never cut: the account column takes the room the other (unwrapped) columns leave,
    and a name wider than that (30 Chinese characters are 60 cells) wraps inside its cell.
    """
    r, lang = neutral_shared(view.rubric), view.lang
    results = sorted(view.batch.results, key=lambda x: (VERDICT_RANK[x.verdict], -score_key(x), x.account.id))
    table = Table(box=box.SIMPLE_HEAVY, pad_edge=False, expand=True, title=_w("accounts", lang, n=len(results)))
    # flexible (ratio): it gets what the no_wrap columns leave; "fold", not the default "…", so a name
    # without spaces (Chinese) folds onto the next line instead of being cut
    table.add_column(_w("account_header", lang), ratio=1, overflow="fold")
    table.add_column(_w("stage", lang), no_wrap=True)
    table.add_column("MAN", no_wrap=True)
    table.add_column(_w("score_risk", lang), no_wrap=True, justify="right")
    table.add_column(_w("intel", lang), no_wrap=True, justify="right")
    table.add_column(_w("verdict", lang), no_wrap=True)
    for x in results:
        gate = " ⛔" if view.gate_failures.get(x.file) else ""
        account = account_cell(x.account.name, x.account.id)
        if x.top_flag:
            account.append("\n↳ " + visible(explain(x.top_flag, r, lang, short=True)),
                           style=LEVEL_STYLE[x.top_flag.severity])
        if x.receivables is not None:  # what the won deal still owes us, to the cent (SPEC §12)
            money = receivables_record(x.receivables)
            account.append("\n$ " + receivables_line(money, lang),
                           style="red" if money["overdue_days_max"] else "")
        if x.next_step and x.verdict in ("verify", "disqualify"):  # what could change it, or why to stop
            account.append("\n→ " + visible(explain(x.next_step, r, lang)), style="bold")
        # English shows the stage key (short); Chinese the course's term
        stage = (r.label("stage", x.stage, lang) if lang == "zh" else x.stage) if x.stage else "-"
        table.add_row(account, stage, man_display(x),
                      Text(f"{risk_cell(x.risk)} · {r.label('level', x.risk.level, lang)}",
                           style=LEVEL_STYLE[x.risk.level]),
                      f"{x.intel.completeness:.0%}",
                      Text(r.label("verdict", x.verdict, lang) + gate, style=VERDICT_STYLE[x.verdict]))
    counts = {v: sum(1 for x in results if x.verdict == v) for v in ALL_VERDICTS}
    counts = {v: n for v, n in counts.items() if n or v in VERDICT_ORDER}  # closed deals only when there are some
    table.caption = "  ".join(f"{r.label('verdict', v, lang)}: {n}" for v, n in counts.items())
    return table


def render(view: View) -> str:
    """One result: its full view. Several: the summary (and each full view with --details)."""
    out = console(view.width, view.color)
    results = view.batch.results
    if len(results) == 1 and view.batch.files == 1:
        out.print(account_view(results[0], view))
    elif results:
        # the table fits the width: a long name wraps in its cell rather than widening every line
        out.print(summary_table(view))
        if view.details:
            for result in results:
                out.rule(Text(visible(result.account.name)))
                out.print(account_view(result, view))
    return printed(out)
