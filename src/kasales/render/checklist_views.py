"""Table (Rich) and Markdown views of `kasales checklist`: a stage's items, one account's gate, a readiness table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kasales.core.checklist import (
    AccountChecklist,
    ChecklistItem,
    ChecklistResult,
    ItemStatus,
    checklist_items,
    stage_checklist,
)
from kasales.core.errors import Problem
from kasales.core.rubric import Rubric
from kasales.core.vocab import ApproachTool
from kasales.render.checklist_records import category_label
from kasales.render.common import (
    STATUS_STYLE,
    Words,
    account_cell,
    console,
    legend,
    marked,
    md_cell,
    name_width,
    printed,
)
from kasales.render.safe_text import guard_lines, md_code, md_html, md_item, neutral, visible
from kasales.text.messages import problem_line

GET_FIRST_MIN = 20  # cells the "get first" column keeps, however long the names
ACCOUNT_MIN = 24  # cells the account column may always grow to (12 Chinese characters a line)

_w = Words("checklist")  # the words live in kasales/text/words.py


@dataclass
class ChecklistView:
    """What the checklist renderers need: the stage or the accounts, the rubric, and display choices."""

    rubric: Rubric
    lang: str = "en"
    stage: str | None = None  # the stage shown when there are no accounts
    accounts: list[AccountChecklist] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    mode: str = "stage"  # "stage" (no profile given), "single" (one profile file: in full) or "many"
    color: bool = False
    width: int = 100


def describe(status: ItemStatus, rubric: Rubric, lang: str) -> str:
    """The facts behind one item's status, in ``lang`` (empty for intel items: their status says it all)."""
    d, key = status.detail, status.key
    if key.startswith("man.") and key != "man.need_confirmed":
        return rubric.label("man_status", d["status"], lang)
    if key.startswith("evaluation."):
        return _w("score", lang, score=d["score"]) if d["score"] else _w("not_scored", lang)
    if key == "approach_tools":
        return ", ".join(rubric.label("approach_tool", t, lang) for t in d["tools"]) or _w("none", lang)
    if key == "man.need_confirmed":
        need = rubric.label("man_status", d["status"], lang)
        return f"N: {need}, {_w('evidence' if d['evidence'] else 'no_evidence', lang)}"
    if key == "buying_center.roles":
        missing = ", ".join(rubric.label("role", r, lang) for r in d["missing"])
        return _w("covered", lang, shown=f"{len(d['covered'])}/5") + \
            (_w("roles_missing", lang, missing=missing) if missing else "")
    if key == "buying_center.coach":
        return _w("coaches", lang, n=d["coaches"]) if d["coaches"] else _w("none", lang)
    if key == "buying_center.decision_maker_attitude":
        people = [f"{p['name']}: {rubric.label('attitude', p['attitude'], lang)}" for p in d["decision_makers"]]
        return "; ".join(people) or _w("no_decision_maker", lang)
    if key == "deal.position":
        return rubric.label("position", d["position"], lang)
    if key == "deal.procurement_step":
        step = d["procurement_step"]
        return rubric.label("procurement_step", step, lang) if step else _w("not_recorded", lang)
    if key == "objections.answered":
        if not d["total"]:
            return _w("no_objections", lang)
        if d["open"]:
            return _w("objections_open", lang, open=d["open"], total=d["total"])
        return _w("objections_answered", lang, total=d["total"])
    return ""


def _stage_name(stage: str, rubric: Rubric, lang: str) -> str:
    return f"{stage} - {rubric.label('stage', stage, lang)}"


def _gate_line(result: ChecklistResult, lang: str) -> str:
    word = _w("ready" if result.ready else "not_ready", lang)
    count = f"{result.required_done}/{result.required_total}"
    return f"{word} ({count} {_w('required_done', lang)})"


def _status_label(status: str, rubric: Rubric, lang: str) -> str:
    return rubric.label("intel_status", status, lang)


# ---------------------------------------------------------------- Rich tables


def _grouped(items: list[Any], rubric: Rubric, lang: str) -> list[tuple[str, list[Any]]]:
    """Items grouped by category, categories in order of first appearance."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        category = item.category if isinstance(item, ChecklistItem) else item.item.category
        groups.setdefault(category, []).append(item)
    return [(category_label(c, rubric, lang), members) for c, members in groups.items()]


def _items_table(items: list[Any], rubric: Rubric, lang: str, with_status: bool) -> Table:
    # Without a profile the keys are shown (what a rep types into the YAML). With statuses, room goes to the
    # details instead: keys are in the get-first list, the gate column shrinks to a marker explained below.
    table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False, expand=with_status)
    table.add_column(_w("item", lang), overflow="fold", ratio=3 if with_status else None)
    if with_status:
        table.add_column("", no_wrap=True)
        table.add_column(_w("status", lang), no_wrap=True)
        table.add_column(_w("detail", lang), overflow="fold", ratio=2)
        table.caption = Text(f"● {_w('required', lang)}   ○ {_w('recommended', lang)}")
        table.caption_justify = "left"
    else:
        table.add_column(_w("key", lang), no_wrap=True, style="dim")
        table.add_column(_w("gate", lang), no_wrap=True)
    for title, members in _grouped(items, rubric, lang):
        table.add_row(Text(title, style="bold"))
        for member in members:
            item = member if isinstance(member, ChecklistItem) else member.item
            label = Text("  " + marked(item.label.get(lang), item.label.source))  # † kasales's own (SPEC §13)
            if with_status:
                table.add_row(label, Text("●" if item.required else "○"),
                              Text(_status_label(member.status, rubric, lang), style=STATUS_STYLE[member.status]),
                              Text(describe(member, rubric, lang)))
            else:
                table.add_row(label, Text(item.key), Text(_w("required" if item.required else "recommended", lang),
                                                          style="bold" if item.required else "dim"))
    return table


def _tools_table(rubric: Rubric, lang: str, chosen: list[str] | None) -> Table:
    table = Table(title=Text(_w("tools", lang)), title_justify="left", box=box.SIMPLE, pad_edge=False)
    table.add_column(_w("tool", lang), no_wrap=True)
    table.add_column(_w("use", lang), overflow="fold")
    if chosen is not None:
        table.add_column(_w("chosen", lang), no_wrap=True)
    for tool in ApproachTool:
        label = rubric.label("approach_tool", tool.value, lang)
        row = [Text.assemble(label, (f" ({tool.value})", "dim") if label != tool.value else ""),
               Text(marked(rubric.label("approach_tool_use", tool.value, lang),
                           rubric.source("labels.approach_tool_use", tool.value)))]
        if chosen is not None:
            row.append(Text("✓" if tool.value in chosen else "", style="green"))
        table.add_row(*row)
    return table


def _reminders(reminders: list[tuple[str, Any]], lang: str) -> list[RenderableType]:
    if not reminders:
        return []
    return [Text(_w("reminders", lang), style="bold")] + [Text("  · " + marked(text.get(lang), text.source))
                                                          for _, text in reminders]


def _get_first(result: ChecklistResult, rubric: Rubric, lang: str) -> list[RenderableType]:
    gaps = result.get_first
    required = [g for g in gaps if g.required]
    rest = [g for g in gaps if not g.required]
    out: list[RenderableType] = []
    if required:
        out.append(Text(_w("get_first", lang), style="bold"))
        for n, gap in enumerate(required, 1):
            out.append(Text.assemble(f"  {n}. ", gap.item.label.get(lang), (f"  {gap.key}", "dim"),
                                     (f"  ({_status_label(gap.status, rubric, lang)})", STATUS_STYLE[gap.status])))
    if rest:
        out.append(Text.assemble((_w("then", lang) + ": ", "bold"), "; ".join(g.item.label.get(lang) for g in rest)))
    return out


def stage_group(view: ChecklistView, stage: str) -> Group:
    """A stage's checklist without a profile: items by category, tools when the stage asks for one, reminders."""
    r, lang = view.rubric, view.lang
    items = list(checklist_items(stage, r))
    head = Text.assemble((f"{_w('checklist', lang)} {_stage_name(stage, r, lang)}", "bold"),
                         f"  ({sum(i.required for i in items)} {_w('required', lang)}, "
                         f"{sum(not i.required for i in items)} {_w('recommended', lang)})")
    parts: list[RenderableType] = [head, _items_table(items, r, lang, with_status=False)]
    if any(i.key == "approach_tools" for i in items):
        parts.append(_tools_table(r, lang, None))
    parts += _reminders(list(stage_checklist(stage, r).reminders.items()), lang)
    parts.append(Text(legend(lang), style="dim"))
    return Group(*parts)


def account_group(view: ChecklistView, account: AccountChecklist) -> Group:
    """One account against its stage's checklist: statuses, gate, what to get first, next stage."""
    r, lang, cur = view.rubric, view.lang, account.current
    source = _w(f"from_{account.stage_source}", lang)
    parts: list[RenderableType] = [
        Text.assemble((account.account_name, "bold"), f"  ({account.account_id})  {_w('stage', lang)} ",
                      (_stage_name(cur.stage, r, lang), "bold"), f"  [{source}]"),
        Text(account.file, style="dim"),
        Text(_gate_line(cur, lang), style="bold green" if cur.ready else "bold red"),
        _items_table(list(cur.items), r, lang, with_status=True),
    ]
    parts += _get_first(cur, r, lang)
    tools = next((i for i in cur.items if i.key == "approach_tools"), None)
    if tools is not None:
        parts.append(_tools_table(r, lang, tools.detail["tools"]))
    parts += _reminders(list(cur.reminders), lang)
    if account.next is not None:
        nxt = account.next
        gaps = [g.item.label.get(lang) for g in nxt.get_first if g.required]
        line = Text.assemble((f"{_w('next', lang)}: ", "bold"), _stage_name(nxt.stage, r, lang), " - ",
                             (_gate_line(nxt, lang), "green" if nxt.ready else "red"))
        if gaps:
            line.append(f"; {_w('get_first', lang)}: " + "; ".join(gaps))
        parts.append(line)
    return Group(*parts)


def account_cap(widest: int, width: int) -> int:
    """The widest the account column may grow in ``width`` cells: its widest name or id, up to two fifths.

    A longer name wraps inside its cell (never cut), so the other columns keep their room.
    """
    return min(widest, max(ACCOUNT_MIN, width * 2 // 5))


def _mark(ready: bool, done: int, total: int) -> Text:
    return Text(_mark_text(ready, done, total), style="green" if ready else "red")


def _mark_text(ready: bool, done: int, total: int) -> str:
    return ("✓ " if ready else "✗ ") + f"{done}/{total}"


class ReadinessRow(NamedTuple):
    """One account's line of the readiness table as plain data (what a worker sends back)."""

    name: str
    id: str
    stage: str  # the stage key (English) or the course's term (Chinese)
    gate: tuple[bool, int, int]  # ready, required done, required total
    next: tuple[str, bool, int, int] | None  # the next stage, and its gate; None with --stage or at the last stage
    first: str  # the first required gaps to close, "✓" when none


def readiness_row(acc: AccountChecklist, view: ChecklistView) -> ReadinessRow:
    """The readiness table's line of ``acc`` (``view`` made neutral; ``acc``'s texts are made visible here, as
    neutral(acc) would make them: walking the whole checklist per account would cost more than the row)."""
    cur, r, lang = acc.current, view.rubric, view.lang
    stage = visible(cur.stage) if lang != "zh" else r.label("stage", cur.stage, lang)
    nxt = None if acc.next is None else (visible(acc.next.stage), acc.next.ready, acc.next.required_done,
                                         acc.next.required_total)
    gaps = [visible(g.item.label.get(lang)) for g in cur.get_first if g.required]
    first = "; ".join(gaps[:2]) + (f" (+{len(gaps) - 2})" if len(gaps) > 2 else "")
    return ReadinessRow(visible(acc.account_name), visible(acc.account_id), stage,
                        (cur.ready, cur.required_done, cur.required_total), nxt, first or "✓")


def readiness_frame(view: ChecklistView, count: int, widest: int, with_next: bool, kind: type[Table] = Table) -> Table:
    """The readiness table without rows: ``count`` accounts, the widest name or id, whether a next column shows."""
    lang = view.lang
    table = kind(box=box.SIMPLE_HEAVY, pad_edge=False, expand=True, title=Text(_w("accounts", lang, n=count)))
    # Names are never cut, but a long one (30 Chinese characters: 60 cells) wraps inside its cell rather than
    # squeezing the gaps to one character a line: the account column is capped, and it alone gives way when
    # the row does not fit; the gaps keep GET_FIRST_MIN cells (``width`` is a flexible column's minimum).
    table.add_column(_w("account", lang), overflow="fold", max_width=account_cap(widest, view.width))
    table.add_column(_w("stage", lang), no_wrap=True)
    table.add_column(_w("gate", lang), no_wrap=True)
    if with_next:  # not with --stage
        table.add_column(_w("next", lang), no_wrap=True)
    table.add_column(_w("get_first", lang), overflow="fold", ratio=1, width=GET_FIRST_MIN)
    return table


def readiness_cells(row: ReadinessRow, with_next: bool) -> list[RenderableType]:
    """The cells of ``row`` in the readiness table's columns."""
    nxt: RenderableType = Text("-")
    if row.next is not None:
        nxt = Text.assemble(row.next[0] + " ", _mark(*row.next[1:]))
    cells = [account_cell(row.name, row.id), Text(row.stage), _mark(*row.gate)]
    return [*cells, *([nxt] if with_next else []), Text(row.first)]


def readiness_texts(row: ReadinessRow, with_next: bool) -> list[str]:
    """The plain text of each of readiness_cells(row, with_next), without making Rich Text (a row costs less)."""
    nxt = "-" if row.next is None else f"{row.next[0]} {_mark_text(*row.next[1:])}"
    cells = [f"{visible(row.name)}\n{visible(row.id)}", row.stage, _mark_text(*row.gate)]
    return [*cells, *([nxt] if with_next else []), row.first]


def readiness_caption(ready: int, count: int, lang: str) -> Text:
    """How many accounts meet their gate, under the readiness table."""
    return Text(f"{_w('ready', lang)}: {ready}/{count}")


def readiness_table(view: ChecklistView) -> Table:
    """Accounts by rows: stage, gate, next stage, and the first gaps to close."""
    rows = [readiness_row(a, view) for a in view.accounts]
    with_next = any(a.next is not None for a in view.accounts)
    table = readiness_frame(view, len(rows), name_width((a.account_name, a.account_id) for a in view.accounts),
                            with_next)
    for row in rows:
        table.add_row(*readiness_cells(row, with_next))
    table.caption = readiness_caption(sum(1 for a in view.accounts if a.current.ready), len(rows), view.lang)
    return table


def render_table(view: ChecklistView) -> str:
    """The table format: a stage's checklist, one account in full, or the readiness table of several."""
    view = neutral(view)  # names, files, labels of a --rubric: one line each, control characters shown
    out = console(view.width, view.color)
    if view.mode == "stage" and view.stage is not None:
        out.print(stage_group(view, view.stage))
    elif view.mode == "single" and len(view.accounts) == 1:
        out.print(account_group(view, view.accounts[0]))
    elif view.accounts:
        out.print(readiness_table(view))
    return printed(out)


# ---------------------------------------------------------------- Markdown


def _md_items(items: list[Any], rubric: Rubric, lang: str, with_status: bool) -> list[str]:
    head = f"| {_w('item', lang)} | {_w('key', lang)} | {_w('gate', lang)} |"
    rule = "|---|---|---|"
    if with_status:
        head += f" {_w('status', lang)} | {_w('detail', lang)} |"
        rule += "---|---|"
    out: list[str] = []
    for title, members in _grouped(items, rubric, lang):
        out += [f"**{md_cell(title)}**", "", head, rule]
        for member in members:
            item = member if isinstance(member, ChecklistItem) else member.item
            gate = _w("required" if item.required else "recommended", lang)
            row = f"| {md_cell(marked(item.label.get(lang), item.label.source))} | `{item.key}` | {gate} |"
            if with_status:
                mark = {"done": "✅", "partial": "🟡"}.get(member.status, "❌")
                status = _status_label(member.status, rubric, lang)
                row += f" {mark} {md_cell(status)} | {md_cell(describe(member, rubric, lang))} |"
            out.append(row)
        out.append("")
    return out


def _md_tools(rubric: Rubric, lang: str, chosen: list[str] | None) -> list[str]:
    out = [f"**{md_cell(_w('tools', lang))}**", ""]
    for tool in ApproachTool:
        mark = ("✅ " if tool.value in chosen else "⬜ ") if chosen is not None else ""
        use = marked(rubric.label("approach_tool_use", tool.value, lang),
                     rubric.source("labels.approach_tool_use", tool.value))
        out.append(f"- {mark}`{tool.value}` {md_cell(rubric.label('approach_tool', tool.value, lang))}: "
                   f"{md_cell(use)}")
    return [*out, ""]


def _md_reminders(reminders: list[tuple[str, Any]], lang: str) -> list[str]:
    if not reminders:
        return []
    return [f"**{md_cell(_w('reminders', lang))}**", "", *[f"- {md_item(t.get(lang))}" for _, t in reminders], ""]


def _md_account(acc: AccountChecklist, view: ChecklistView, level: str = "##") -> list[str]:
    r, lang, cur = view.rubric, view.lang, acc.current
    out = [f"{level} {md_cell(acc.account_name)} ({md_code(acc.account_id)}): "
           f"{md_cell(_stage_name(cur.stage, r, lang))}", "",
           f"{md_code(acc.file, table=False)} - **{_gate_line(cur, lang)}**", ""]
    out += _md_items(list(cur.items), r, lang, with_status=True)
    required = [g for g in cur.get_first if g.required]
    if required:
        out += [f"**{_w('get_first', lang)}**", ""]
        out += [f"{n}. {md_cell(g.item.label.get(lang))} (`{g.key}`, {md_cell(_status_label(g.status, r, lang))})"
                for n, g in enumerate(required, 1)]
        out.append("")
    tools = next((i for i in cur.items if i.key == "approach_tools"), None)
    if tools is not None:
        out += _md_tools(r, lang, tools.detail["tools"])
    out += _md_reminders(list(cur.reminders), lang)
    if acc.next is not None:
        gaps = "; ".join(md_cell(g.item.label.get(lang)) for g in acc.next.get_first if g.required)
        nxt = f"{md_cell(_stage_name(acc.next.stage, r, lang))} - {_gate_line(acc.next, lang)}"
        out += [f"**{_w('next', lang)}**: {nxt}" + (f"; {_w('get_first', lang)}: {gaps}" if gaps else ""), ""]
    return out


def render_markdown(view: ChecklistView) -> str:
    """The markdown format: the same views as the table, fit for a pull-request comment or a wiki."""
    r, lang = view.rubric, view.lang
    out: list[str] = []
    if view.mode == "stage" and view.stage is not None:
        items = list(checklist_items(view.stage, r))
        out += [f"## {_w('md_heading', lang, what=md_cell(_stage_name(view.stage, r, lang)))}", ""]
        out += _md_items(items, r, lang, with_status=False)
        if any(i.key == "approach_tools" for i in items):
            out += _md_tools(r, lang, None)
        out += _md_reminders(list(stage_checklist(view.stage, r).reminders.items()), lang)
    elif view.mode == "single" and len(view.accounts) == 1:
        out += _md_account(view.accounts[0], view)
    elif view.accounts:
        out += md_table_head(len(view.accounts), lang)
        out += [md_line(acc, view) for acc in view.accounts]
        out.append("")
        for acc in view.accounts:
            out += md_details(acc, view)
    out += md_problems(view.problems, lang)
    return guard_lines("\n".join(out).rstrip("\n") + "\n")


def md_table_head(count: int, lang: str) -> list[str]:
    """The heading and header of the markdown readiness table of ``count`` accounts."""
    return [f"## {_w('md_heading', lang, what=_w('accounts', lang, n=count))}", "",
            f"| {_w('account', lang)} | {_w('stage', lang)} | {_w('gate', lang)} | {_w('next', lang)} | "
            f"{_w('get_first', lang)} |", "|---|---|---|---|---|"]


def md_line(acc: AccountChecklist, view: ChecklistView) -> str:
    """One account's line of the markdown readiness table."""
    cur, nxt, lang = acc.current, acc.next, view.lang
    gaps = [g.item.label.get(lang) for g in cur.get_first if g.required]
    nxt_cell = f"{nxt.stage} {'✅' if nxt.ready else '❌'} {nxt.required_done}/{nxt.required_total}" if nxt else "-"
    return (f"| {md_cell(acc.account_name)} ({md_code(acc.account_id)}) | {cur.stage} | "
            f"{'✅' if cur.ready else '❌'} {cur.required_done}/{cur.required_total} | {nxt_cell} | "
            f"{md_cell('; '.join(gaps) or '✓')} |")


def md_details(acc: AccountChecklist, view: ChecklistView) -> list[str]:
    """One account's full checklist folded in a <details> block, below the readiness table."""
    return [f"<details><summary>{md_html(acc.account_name)}: {_gate_line(acc.current, view.lang)}</summary>", "",
            *_md_account(acc, view, level="####"), "</details>", ""]


def md_account(acc: AccountChecklist, view: ChecklistView) -> list[str]:
    """One account's checklist in full (one profile file given)."""
    return _md_account(acc, view)


def md_problems(problems: list[Problem], lang: str) -> list[str]:
    """The invalid files' section of the markdown format (nothing when every file was valid)."""
    if not problems:
        return []
    return [f"### {_w('invalid', lang)}", "", *[f"- {md_item(problem_line(p, lang))}" for p in problems], ""]
