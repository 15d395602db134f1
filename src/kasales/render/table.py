"""`--format table` (default): Rich tables for people - one account in full, or a portfolio summary."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from kasales.records import explain, explain_strategy
from kasales.render import View
from kasales.results import Result

VERDICT_STYLE = {"pursue": "bold green", "develop": "bold yellow", "nurture": "cyan", "disqualify": "bold red"}
LEVEL_STYLE = {"low": "green", "medium": "yellow", "high": "red"}
STATUS_STYLE = {"yes": "green", "done": "green", "partial": "yellow", "no": "red", "missing": "red",
                "unknown": "magenta"}
VERDICT_RANK = {"pursue": 0, "develop": 1, "nurture": 2, "disqualify": 3}


def _console(view: View, buffer: io.StringIO) -> Console:
    return Console(file=buffer, width=view.width, color_system="auto" if view.color else None,
                   force_terminal=view.color, no_color=not view.color, highlight=False, emoji=False)


def _t(text: object) -> Text:
    """User text, verbatim: never parsed as Rich markup."""
    return Text(str(text) if text is not None else "-")


def account_view(result: Result, view: View) -> Group:
    """Everything about one account: header, MAN, risk, intel, buying center, flags, strategies."""
    r, lang = view.rubric, view.lang
    zh = lang == "zh"
    verdict = Text(r.label("verdict", result.verdict, lang), style=VERDICT_STYLE[result.verdict])
    stage = r.label("stage", result.stage, lang) if result.stage else "-"
    head = Text.assemble((result.account.name, "bold"), f"  ({result.account.id})  ",
                         ("阶段 " if zh else "stage ") + stage, "  →  ", verdict)
    parts: list = [Text(""), head, _t(result.file)]
    parts += [Text("  · " + explain(f, r, lang)) for f in result.verdict_reasons]

    man = Table(title=f"MAN {result.man.code}: {r.label('action', result.man.action, lang)}", box=box.SIMPLE,
                title_justify="left", expand=False)
    man.add_column("维度" if zh else "dimension")
    man.add_column("状态" if zh else "status")
    man.add_column("依据" if zh else "evidence", overflow="fold")
    for d in result.man.dimensions:
        man.add_row(r.label("man_dimension", d.key, lang),
                    Text(r.label("man_status", d.status, lang), style=STATUS_STYLE[d.status]), _t(d.evidence))
    parts.append(man)
    if result.man.unverified:
        dims = ", ".join(r.label("man_dimension", k, lang) for k in result.man.unverified)
        parts.append(Text("  ? " + r.text("unverified", lang, dimensions=dims), style="magenta"))

    risk = result.risk
    title = (f"{'风险' if zh else 'risk'} {risk.score:.1f} → "
             f"{r.label('level', risk.level, lang)}" + (" (red flag)" if risk.level != risk.score_level else ""))
    rt = Table(title=title, box=box.SIMPLE, title_justify="left")
    for col in (("因素", "factor"), ("评分", "score"), ("权重", "weight"), ("贡献", "points"), ("备注", "note")):
        rt.add_column(col[0] if zh else col[1], overflow="fold")
    for f in risk.factors:
        score = str(f.score) if f.score is not None else ("未评估→1" if zh else "unassessed→1")
        rt.add_row(r.label("factor", f.key, lang), score, f"{f.weight:.2f}", f"{f.contribution:.2f}", _t(f.note))
    parts.append(rt)
    parts.append(Text("  " + risk_explanation(result, view)))
    parts += [Text("  ! " + explain(f, r, lang), style="red") for f in risk.red_flags]

    it = Table(title=f"{'情报完整度' if zh else 'intel completeness'} {result.intel.completeness:.0%}",
               box=box.SIMPLE, title_justify="left")
    it.add_column("类别" if zh else "category")
    it.add_column("%", justify="right")
    it.add_column("缺失 / 部分" if zh else "missing / partial", overflow="fold")
    for c in result.intel.categories:
        gaps = [r.label("intel_item", k, lang) for k in c.missing] + \
               [r.label("intel_item", k, lang) + " (½)" for k in c.partial]
        it.add_row(r.label("intel_category", c.key, lang), f"{c.completeness:.0%}", _t("; ".join(gaps) or "✓"))
    parts.append(it)

    bc = result.stakeholders
    st = Table(title=("采购决策链" if zh else "buying center") +
               f": {len(bc.covered)}/5 " + ("角色已覆盖" if zh else "roles covered"), box=box.SIMPLE,
               title_justify="left")
    for col in (("姓名", "name"), ("职务", "title"), ("角色", "roles"), ("态度", "attitude"),
                ("影响力", "influence"), ("", "")):
        st.add_column(col[0] if zh else col[1], overflow="fold")
    for p in bc.people:
        marks = " ".join(m for m, on in ((("内线" if zh else "coach"), p.coach),
                                         (("关键人" if zh else "key person"), p.key_person)) if on)
        st.add_row(_t(p.name), _t(p.title), ", ".join(r.label("role", x, lang) for x in p.roles) or "-",
                   r.label("attitude", p.attitude, lang), r.label("influence", p.influence, lang) if p.influence
                   else "-", marks)
    if bc.missing:
        st.caption = ("未覆盖: " if zh else "not covered: ") + ", ".join(r.label("role", x, lang) for x in bc.missing)
        st.caption_justify = "left"
    parts.append(st)

    if result.flags:
        parts.append(Text("提示" if zh else "flags", style="bold"))
        parts += [Text(f"  [{f.severity}] " + explain(f, r, lang), style=LEVEL_STYLE[f.severity])
                  for f in result.flags]
    parts.append(Text(""))
    parts.append(Text("推荐策略" if zh else "recommended strategies", style="bold"))
    for s in result.strategies:
        reasons, advice = explain_strategy(s, r, lang)
        parts.append(Text.assemble(("  ▸ " + r.label("strategy", s.key, lang), "bold"), "  " + "; ".join(reasons)))
        parts.append(Text("      " + advice))
    for gate in view.gate_failures.get(result.file, []):
        parts.append(Text(f"  ⛔ gate: {gate}", style="bold red"))
    return Group(*parts)


def risk_explanation(result: Result, view: View) -> str:
    """How the score became a level, and which factors nobody scored."""
    from kasales.records import risk_explanation as explain_risk

    return explain_risk(result, view.rubric, view.lang)


def summary_table(view: View) -> Table:
    """One row per account, sorted by verdict then risk score (best first), with totals.

    Names and ids are never cut: the account column is as wide as its longest name or id (wide
    Chinese characters counted twice); only the flag column wraps.
    """
    from rich.cells import cell_len

    r, lang = view.rubric, view.lang
    zh = lang == "zh"
    results = sorted(view.batch.results, key=lambda x: (VERDICT_RANK[x.verdict], -x.risk.score, x.account.id))
    table = Table(box=box.SIMPLE_HEAVY, pad_edge=False, expand=True,
                  title=(f"{len(results)} 个客户" if zh else f"{len(results)} accounts"))
    widest = max((max(cell_len(x.account.name), cell_len(x.account.id)) for x in results), default=8)
    table.add_column("客户 / id / 首要提示" if zh else "account / id / top flag", min_width=widest, ratio=1)
    table.add_column("阶段" if zh else "stage", no_wrap=True)
    table.add_column("MAN", no_wrap=True)
    table.add_column("风险" if zh else "risk", no_wrap=True, justify="right")
    table.add_column("情报" if zh else "intel", no_wrap=True, justify="right")
    table.add_column("结论" if zh else "verdict", no_wrap=True)
    for x in results:
        gate = " ⛔" if view.gate_failures.get(x.file) else ""
        account = Text.assemble((x.account.name, "bold"), "\n", (x.account.id, "dim"))
        if x.top_flag:
            account.append("\n↳ " + explain(x.top_flag, r, lang, short=True), style=LEVEL_STYLE[x.top_flag.severity])
        table.add_row(account,
                      (r.label("stage", x.stage, lang) if zh else x.stage) if x.stage else "-", x.man.code,
                      Text(f"{x.risk.score:.1f} {r.label('level', x.risk.level, lang)}",
                           style=LEVEL_STYLE[x.risk.level]),
                      f"{x.intel.completeness:.0%}",
                      Text(r.label("verdict", x.verdict, lang) + gate, style=VERDICT_STYLE[x.verdict]))
    counts = {v: sum(1 for x in results if x.verdict == v) for v in VERDICT_RANK}
    table.caption = "  ".join(f"{r.label('verdict', v, lang)}: {n}" for v, n in counts.items())
    return table


def render(view: View) -> str:
    """One result: its full view. Several: the summary (and each full view with --details)."""
    buffer = io.StringIO()
    console = _console(view, buffer)
    results = view.batch.results
    if len(results) == 1 and view.batch.files == 1:
        console.print(account_view(results[0], view))
    elif results:
        table = summary_table(view)
        # Rich shrinks the account column below its min_width (cutting names with "…") when the table
        # does not fit; widen the output to the table's natural width instead, so a name is never cut.
        needed = Measurement.get(console, console.options.update_width(10_000), table).maximum
        console.width = max(console.width, needed)
        console.print(table)
        if view.details:
            for result in results:
                console.rule(escape(result.account.name))
                console.print(account_view(result, view))
    return buffer.getvalue()
