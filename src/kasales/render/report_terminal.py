"""`kasales report` in the terminal: MAN grid, risk, stage x verdict, pursue-now and attention lists (Rich)."""

from __future__ import annotations

import io

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from kasales.batch import Batch
from kasales.engine import ACTIONS, VERDICT_ORDER
from kasales.portfolio import Portfolio
from kasales.records import explain
from kasales.results import Result
from kasales.rubric import Rubric

CELL_STYLE = {"pursue": "green", "develop_need": "yellow", "find_authority": "yellow", "check_credit": "yellow",
              "nurture": "cyan", "disqualify": "red"}
VERDICT_STYLE = {"pursue": "bold green", "develop": "bold yellow", "nurture": "cyan", "disqualify": "bold red"}
LEVEL_STYLE = {"low": "green", "medium": "yellow", "high": "red"}
BAR_WIDTH = 40  # cells of the longest risk bar; leaves room for labels within 100 columns

WORDS = {
    "en": {"title": "Portfolio", "accounts": "accounts", "files": "files", "rejected": "rejected",
           "intel": "mean intel", "coach": "with a coach", "matrix": "MAN matrix: accounts and the course's action",
           "risk": "Risk distribution", "level": "level", "count": "accounts", "share": "share",
           "pipeline": "Verdict by stage", "stage": "stage", "none": "(no stage)", "total": "total",
           "pursue": "Pursue now", "attention": "Needs attention", "account": "account", "score": "risk",
           "next": "our next step", "why": "why", "verdict": "verdict", "empty": "none",
           "unit": "{n} accounts", "unit1": "1 account"},
    "zh": {"title": "客户组合", "accounts": "个客户", "files": "个文件", "rejected": "个被拒绝",
           "intel": "平均情报完整度", "coach": "有内线", "matrix": "MAN 矩阵: 客户数与课程建议",
           "risk": "风险分布", "level": "风险", "count": "客户数", "share": "占比",
           "pipeline": "各阶段结论", "stage": "阶段", "none": "(未填阶段)", "total": "合计",
           "pursue": "立即推进", "attention": "需要关注", "account": "客户", "score": "风险",
           "next": "我方下一步", "why": "原因", "verdict": "结论", "empty": "无",
           "unit": "{n} 个客户", "unit1": "1 个客户"},
}


def _account(result: Result) -> Text:
    """Name over id, verbatim (never parsed as markup)."""
    return Text.assemble((result.account.name, "bold"), "\n", (result.account.id, "dim"))


def _name_width(results: list[Result]) -> int:
    """The widest name or id in cells, so that Chinese names are never cut (wide characters count twice)."""
    return max((max(cell_len(r.account.name), cell_len(r.account.id)) for r in results), default=8)


def man_grid(p: Portfolio, rubric: Rubric, lang: str) -> Table:
    """The eight MAN cells in two rows of four, each with its account count and action."""
    w = WORDS[lang]
    grid = Table(title=w["matrix"], title_justify="left", box=box.ROUNDED, show_header=False, show_lines=True,
                 expand=True)
    for _ in range(4):
        grid.add_column(ratio=1, overflow="fold")
    cells = []
    for code, count in p.man_cells:
        action = rubric.label("action", ACTIONS[code], lang)
        style = CELL_STYLE[ACTIONS[code]]
        unit = w["unit1"] if count == 1 else w["unit"].format(n=count)
        cells.append(Text.assemble((code, f"bold {style}"), "  ", (unit, "bold"), "\n",
                                   (action, "dim" if count == 0 else "")))
    grid.add_row(*cells[:4])
    grid.add_row(*cells[4:])
    return grid


def risk_table(p: Portfolio, rubric: Rubric, lang: str) -> Table:
    """Accounts per risk level, with a bar scaled to the largest level."""
    w = WORDS[lang]
    table = Table(title=w["risk"], title_justify="left", box=box.SIMPLE, pad_edge=False)
    table.add_column(w["level"], no_wrap=True)
    table.add_column(w["count"], justify="right", no_wrap=True)
    table.add_column(w["share"], justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    top = max((n for _, n in p.risk_levels), default=0) or 1
    for level, count in p.risk_levels:
        share = f"{count / p.accounts:.0%}" if p.accounts else "-"
        table.add_row(Text(rubric.label("level", level, lang), style=LEVEL_STYLE[level]), str(count), share,
                      Text("█" * round(BAR_WIDTH * count / top), style=LEVEL_STYLE[level]))
    return table


def pipeline_table(p: Portfolio, rubric: Rubric, lang: str) -> Table:
    """Stage x verdict counts, with totals."""
    w = WORDS[lang]
    table = Table(title=w["pipeline"], title_justify="left", box=box.SIMPLE, pad_edge=False)
    table.add_column(w["stage"], no_wrap=True)
    for verdict in VERDICT_ORDER:
        table.add_column(Text(rubric.label("verdict", verdict, lang), style=VERDICT_STYLE[verdict]),
                         justify="right", no_wrap=True)
    table.add_column(w["total"], justify="right", no_wrap=True)
    for stage, counts in p.stage_verdict:
        label = rubric.label("stage", stage, lang) if stage else w["none"]
        table.add_row(label, *(str(n) if n else "·" for n in counts), str(sum(counts)))
    totals = [sum(counts[i] for _, counts in p.stage_verdict) for i in range(len(VERDICT_ORDER))]
    table.add_section()
    table.add_row(Text(w["total"], style="bold"), *(str(n) for n in totals), str(sum(totals)))
    return table


def pursue_table(p: Portfolio, rubric: Rubric, lang: str) -> RenderableType:
    """The accounts to pursue now, best risk score first, with our next process step."""
    w = WORDS[lang]
    if not p.pursue_now:
        return Text(f"{w['pursue']}: {w['empty']}", style="bold")
    table = Table(title=f"{w['pursue']} ({len(p.pursue_now)})", title_justify="left", box=box.SIMPLE,
                  pad_edge=False, expand=True)
    table.add_column(w["account"], min_width=_name_width(list(p.pursue_now)), overflow="fold")
    table.add_column(w["stage"], overflow="fold")
    table.add_column(w["score"], justify="right", no_wrap=True)
    table.add_column("intel" if lang == "en" else "情报", justify="right", no_wrap=True)
    table.add_column(w["next"], overflow="fold", ratio=1)
    for r in p.pursue_now:
        table.add_row(_account(r), rubric.label("stage", r.stage, lang) if r.stage else "-",
                      Text(f"{r.risk.score:.1f} {rubric.label('level', r.risk.level, lang)}",
                           style=LEVEL_STYLE[r.risk.level]),
                      f"{r.intel.completeness:.0%}",
                      rubric.label("process_step", r.next_process_step, lang) if r.next_process_step else "-")
    return table


def attention_table(p: Portfolio, rubric: Rubric, lang: str) -> RenderableType:
    """Accounts with red flags, lag, stale profiles or gaps in the buying center, and why."""
    w = WORDS[lang]
    if not p.attention:
        return Text(f"{w['attention']}: {w['empty']}", style="bold")
    table = Table(title=f"{w['attention']} ({len(p.attention)})", title_justify="left", box=box.SIMPLE,
                  pad_edge=False, expand=True)
    table.add_column(w["account"], min_width=_name_width([a.result for a in p.attention]), overflow="fold")
    table.add_column(w["verdict"], no_wrap=True)
    table.add_column(w["why"], overflow="fold", ratio=1)
    for item in p.attention:
        why = Text()
        for i, finding in enumerate(item.reasons):
            if i:
                why.append("; ")
            why.append(explain(finding, rubric, lang, short=True), style=LEVEL_STYLE[finding.severity])
        verdict = item.result.verdict
        table.add_row(_account(item.result), Text(rubric.label("verdict", verdict, lang), style=VERDICT_STYLE[verdict]),
                      why)
    return table


def headline(p: Portfolio, batch: Batch, lang: str) -> Text:
    """One line: how many accounts, files, rejects, mean intel and coach coverage."""
    w = WORDS[lang]
    mean = f"{p.mean_intel:.0%}" if p.accounts else "-"
    if lang == "zh":
        line = (f"{w['title']}: {p.accounts} {w['accounts']} · {batch.files} {w['files']}, {batch.rejected} "
                f"{w['rejected']} · {w['intel']} {mean} · {w['coach']} {p.coached}/{p.accounts}")
    else:
        line = (f"{w['title']}: {p.accounts} {w['accounts']} · {batch.files} {w['files']}, {batch.rejected} "
                f"{w['rejected']} · {w['intel']} {mean} · {p.coached}/{p.accounts} {w['coach']}")
    return Text(line, style="bold")


def report_group(p: Portfolio, batch: Batch, rubric: Rubric, lang: str) -> Group:
    """Every section of the terminal report, in reading order."""
    return Group(headline(p, batch, lang), Text(""), man_grid(p, rubric, lang), Text(""),
                 risk_table(p, rubric, lang), pipeline_table(p, rubric, lang),
                 pursue_table(p, rubric, lang), Text(""), attention_table(p, rubric, lang))


def render_report(p: Portfolio, batch: Batch, rubric: Rubric, lang: str = "en", width: int = 100,
                  color: bool = False) -> str:
    """The terminal report as text, ``width`` cells wide; ANSI colours only when ``color``."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system="auto" if color else None, force_terminal=color,
                      no_color=not color, highlight=False, emoji=False)
    console.print(report_group(p, batch, rubric, lang))
    return buffer.getvalue()
