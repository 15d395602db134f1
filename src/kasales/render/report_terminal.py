"""`kasales report` in the terminal: MAN grid, risk, stage x verdict, pursue-now and attention lists (Rich)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kasales.core.portfolio import Portfolio
from kasales.core.rubric import Rubric
from kasales.core.scoring import ACTIONS, VERDICT_ORDER
from kasales.io.batch import Batch
from kasales.render.common import (
    LEVEL_STYLE,
    VERDICT_STYLE,
    Words,
    account_cell,
    console,
    legend,
    marked,
    name_width,
    printed,
)
from kasales.render.records import explain, score_cell
from kasales.render.report_charts import Movement
from kasales.render.safe_text import neutral_shared, visible

CELL_STYLE = {"pursue": "green", "develop_need": "yellow", "find_authority": "yellow", "check_credit": "yellow",
              "nurture": "cyan", "disqualify": "red"}
BAR_WIDTH = 40  # cells of the longest risk bar; leaves room for labels within 100 columns

_w = Words("report")  # the words live in kasales/text/words.py
DEFAULT_TOP = 20  # rows of each list; a 10,000-account portfolio must not print 26,000 lines


def man_grid(p: Portfolio, rubric: Rubric, lang: str) -> Table:
    """The eight MAN cells in two rows of four, each with its account count and action."""
    grid = Table(title=_w("matrix", lang), title_justify="left", box=box.ROUNDED, show_header=False, show_lines=True,
                 expand=True)
    for _ in range(4):
        grid.add_column(ratio=1, overflow="fold")
    cells = []
    for code, count in p.man_cells:
        action = marked(rubric.label("action", ACTIONS[code], lang), rubric.source("labels.action", ACTIONS[code]))
        style = CELL_STYLE[ACTIONS[code]]
        unit = _w("unit1", lang) if count == 1 else _w("unit", lang, n=count)
        cells.append(Text.assemble((code, f"bold {style}"), "  ", (unit, "bold"), "\n",
                                   (action, "dim" if count == 0 else "")))
    grid.add_row(*cells[:4])
    grid.add_row(*cells[4:])
    return grid


def risk_table(p: Portfolio, rubric: Rubric, lang: str) -> Table:
    """Accounts per risk level, with a bar scaled to the largest level."""
    table = Table(title=_w("risk", lang), title_justify="left", box=box.SIMPLE, pad_edge=False)
    table.add_column(_w("level", lang), no_wrap=True)
    table.add_column(_w("count", lang), justify="right", no_wrap=True)
    table.add_column(_w("share", lang), justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    top = max((n for _, n in p.risk_levels), default=0) or 1
    for level, count in p.risk_levels:
        share = f"{count / p.accounts:.0%}" if p.accounts else "-"
        table.add_row(Text(rubric.label("level", level, lang), style=LEVEL_STYLE[level]), str(count), share,
                      Text("█" * round(BAR_WIDTH * count / top), style=LEVEL_STYLE[level]))
    return table


def pipeline_table(p: Portfolio, rubric: Rubric, lang: str) -> Table:
    """Stage x verdict counts, with totals."""
    table = Table(title=_w("pipeline", lang), title_justify="left", box=box.SIMPLE, pad_edge=False)
    table.add_column(_w("stage", lang), no_wrap=True)
    for verdict in VERDICT_ORDER:
        table.add_column(Text(rubric.label("verdict", verdict, lang), style=VERDICT_STYLE.get(verdict, "")),
                         justify="right", no_wrap=True)
    table.add_column(_w("total", lang), justify="right", no_wrap=True)
    for stage, counts in p.stage_verdict:
        label = rubric.label("stage", stage, lang) if stage else _w("none", lang)
        table.add_row(label, *(str(n) if n else "·" for n in counts), str(sum(counts)))
    totals = [sum(counts[i] for _, counts in p.stage_verdict) for i in range(len(VERDICT_ORDER))]
    table.add_section()
    table.add_row(Text(_w("total", lang), style="bold"), *(str(n) for n in totals), str(sum(totals)))
    return table


def more_line(shown: int, count: int, command: str, lang: str) -> Text:
    """The line under a capped list: how many are left out and the command that lists them all."""
    return Text(_w("more", lang, hidden=f"{count - shown:,}", shown=f"{shown:,}", count=f"{count:,}",
                   command=command), style="dim")


def _capped(table: Table, shown: int, count: int, command: str, lang: str) -> RenderableType:
    return table if shown >= count else Group(table, more_line(shown, count, command, lang))


def pursue_table(p: Portfolio, rubric: Rubric, lang: str, top: int = DEFAULT_TOP,
                 command: str = "kasales report PATH --top 0") -> RenderableType:
    """The accounts to pursue now, best risk score first, with our next process step; at most ``top`` (0: all)."""
    if not p.pursue_count:
        return Text(f"{_w('pursue', lang)}: {_w('empty', lang)}", style="bold")
    shown = p.pursue_now[:top] if top > 0 else p.pursue_now
    table = Table(title=f"{_w('pursue', lang)} ({p.pursue_count})", title_justify="left", box=box.SIMPLE,
                  pad_edge=False, expand=True)
    widest = name_width((r.name, r.id) for r in shown)
    table.add_column(_w("account", lang), min_width=widest, overflow="fold")
    table.add_column(_w("stage", lang), overflow="fold")
    table.add_column(_w("score", lang), justify="right", no_wrap=True)
    table.add_column(_w("intel_column", lang), justify="right", no_wrap=True)
    table.add_column(_w("next", lang), overflow="fold", ratio=1)
    for r in shown:
        table.add_row(account_cell(r.name, r.id),
                      rubric.label("stage", r.stage, lang) if r.stage else "-",
                      Text(f"{score_cell(r.score, r.floor)} · {rubric.label('level', r.level, lang)}",
                           style=LEVEL_STYLE[r.level]),
                      f"{r.intel:.0%}",
                      rubric.label("process_step", r.next_process_step, lang) if r.next_process_step else "-")
    return _capped(table, len(shown), p.pursue_count, command, lang)


def attention_table(p: Portfolio, rubric: Rubric, lang: str, top: int = DEFAULT_TOP,
                    command: str = "kasales report PATH --top 0") -> RenderableType:
    """Accounts with red flags, lag, stale profiles or gaps in the buying center, and why; at most ``top`` (0: all)."""
    if not p.attention_count:
        return Text(f"{_w('attention', lang)}: {_w('empty', lang)}", style="bold")
    shown = p.attention[:top] if top > 0 else p.attention
    table = Table(title=f"{_w('attention', lang)} ({p.attention_count})", title_justify="left", box=box.SIMPLE,
                  pad_edge=False, expand=True)
    widest = name_width((a.account.name, a.account.id) for a in shown)
    table.add_column(_w("account", lang), min_width=widest, overflow="fold")
    table.add_column(_w("verdict", lang), no_wrap=True)
    table.add_column(_w("why", lang), overflow="fold", ratio=1)
    for item in shown:
        why = Text()
        for i, finding in enumerate(item.reasons):
            if i:
                why.append("; ")
            why.append(visible(explain(finding, rubric, lang, short=True)), style=LEVEL_STYLE[finding.severity])
        account, verdict = item.account, item.account.verdict
        table.add_row(account_cell(account.name, account.id),
                      Text(rubric.label("verdict", verdict, lang), style=VERDICT_STYLE.get(verdict, "")), why)
    return _capped(table, len(shown), p.attention_count, command, lang)


def headline(p: Portfolio, batch: Batch, lang: str) -> Text:
    """One line: how many accounts, files, rejects, mean intel and coach coverage."""
    mean = f"{p.mean_intel:.0%}" if p.accounts else "-"
    return Text(_w("headline", lang, accounts=p.accounts, files=batch.files, rejected=batch.rejected, mean=mean,
                   coached=p.coached), style="bold")


def movement_line(movement: Movement, lang: str) -> Text:
    """One line: what moved since the revision, in the words of `kasales diff`."""
    from kasales.render.movement import WORDS

    groups = movement.groups()
    unchanged = sum(1 for c in movement.changes if c.status == "unchanged")
    counts = WORDS("counts", lang, unchanged=unchanged, **{name: len(v) for name, v in groups.items()})
    return Text(_w("since", lang, since=movement.since, counts=counts), style="bold")


def report_group(p: Portfolio, batch: Batch, rubric: Rubric, lang: str, top: int = DEFAULT_TOP,
                 command: str = "kasales report PATH --top 0", movement: Movement | None = None) -> Group:
    """Every section of the terminal report, in reading order; ``command`` is the hint under a capped list."""
    head = [headline(p, batch, lang)] + ([movement_line(movement, lang)] if movement is not None else [])
    return Group(*head, Text(""), man_grid(p, rubric, lang), Text(legend(lang), style="dim"),
                 risk_table(p, rubric, lang), pipeline_table(p, rubric, lang),
                 pursue_table(p, rubric, lang, top, command), Text(""), attention_table(p, rubric, lang, top, command),
                 *_after_signature(p, rubric, lang, top, command))


def _after_signature(p: Portfolio, rubric: Rubric, lang: str, top: int, command: str) -> list[RenderableType]:
    """Won and lost deals apart from the pipeline, and the receivables view (SPEC §12); nothing when none."""
    from kasales.render.report_closed import closed_table, receivables_table

    if not p.won_count and not p.lost_count:
        return []
    return [Text(""), closed_table(p, rubric, lang, top, command), Text(""), receivables_table(p, lang, top, command)]


def render_report(p: Portfolio, batch: Batch, rubric: Rubric, lang: str = "en", width: int = 100,
                  color: bool = False, top: int = DEFAULT_TOP, command: str = "kasales report PATH --top 0",
                  movement: Movement | None = None) -> str:
    """The terminal report as text, ``width`` cells wide; ANSI colours only when ``color``; lists cut at ``top``."""
    out = console(width, color)
    out.print(report_group(p, batch, neutral_shared(rubric), lang, top, command, movement))  # a label is text
    return printed(out)
