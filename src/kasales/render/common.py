"""What the renderers share: styles, bilingual words, the Rich console, account cells, Markdown escaping."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from kasales.render.safe_text import guard_lines, md_text, visible

VERDICT_STYLE = {"pursue": "bold green", "develop": "bold yellow", "verify": "bold magenta", "nurture": "cyan",
                 "disqualify": "bold red", "serve": "bold blue", "lost": "dim"}
LEVEL_STYLE = {"low": "green", "medium": "yellow", "high": "red", "unassessed": "magenta"}
# SPEC §13: outputs for people mark the texts that are kasales's own (or a user rubric's), not the course's
MARK = "†"
LEGEND = {"en": "† kasales's own addition, not the course's wording", "zh": "† 工具补充, 非课程原文"}


def marked(text: str, source: str | None) -> str:
    """``text`` with the mark when ``source`` is not a course section."""
    return text if source is not None and source != "kasales" else text + MARK


def legend(lang: str) -> str:
    """The one legend line of the mark, in ``lang``."""
    return LEGEND["zh" if lang == "zh" else "en"]
# MAN statuses (yes/partial/no/unknown) and intel or checklist statuses (done/partial/missing)
STATUS_STYLE = {"yes": "green", "done": "green", "partial": "yellow", "no": "red", "missing": "red",
                "unknown": "magenta"}


class Words:
    """A renderer's small table of words in both languages: ``words("stage", lang)``."""

    def __init__(self, table: Mapping[str, Mapping[str, str]]) -> None:
        """``table`` maps a key to ``{"en": ..., "zh": ...}``; both languages are required."""
        missing = [key for key, pair in table.items() if set(pair) != {"en", "zh"}]
        if missing:  # caught by the first import in the test suite, not by a user
            raise ValueError(f"words without both en and zh: {', '.join(missing)}")
        self._table = table

    def __call__(self, key: str, lang: str, **params: object) -> str:
        """The word of ``key`` in ``lang`` (English unless ``zh``), with ``{params}`` filled in."""
        text = self._table[key]["zh" if lang == "zh" else "en"]
        return text.format(**params) if params else text

    def __iter__(self) -> Iterator[str]:
        """The keys, so a test can check every word in both languages."""
        return iter(self._table)


# Words of `kasales qualify`'s table, markdown and github formats (the sentences come from the rubric).
QUALIFY_WORDS = Words({
    "account": {"en": "account", "zh": "客户"},
    "account_header": {"en": "account / id / top flag", "zh": "客户 / id / 首要提示"},
    "accounts": {"en": "{n} accounts", "zh": "{n} 个客户"},
    "attitude": {"en": "attitude", "zh": "态度"},
    "concern": {"en": "cares about (角色关注)", "zh": "角色关注"},
    "next_step": {"en": "next step", "zh": "下一步"},
    "score_risk": {"en": "score · risk", "zh": "得分 · 风险"},
    "range": {"en": "could be {worst} … {best}", "zh": "可能为 {worst} … {best}"},
    "uncovered_role": {"en": "{role} uncovered: {does}; {power}", "zh": "{role} 未覆盖: {does}; {power}"},
    "buying_center": {"en": "buying center: {n}/5 roles covered", "zh": "采购决策链: {n}/5 角色已覆盖"},
    "category": {"en": "category", "zh": "类别"},
    "coach": {"en": "coach", "zh": "内线"},
    "dimension": {"en": "dimension", "zh": "维度"},
    "evidence": {"en": "evidence", "zh": "依据"},
    "factor": {"en": "factor", "zh": "因素"},
    "flags": {"en": "flags", "zh": "提示"},
    "gate": {"en": "gate", "zh": "门槛"},
    "gate_failed": {"en": "kasales: gate failed", "zh": "kasales: 未通过门槛"},
    "heading": {"en": "kasales: {scored} accounts scored, {rejected} files rejected",
                "zh": "kasales: 已评分 {scored} 个客户, 拒绝 {rejected} 个文件"},
    "influence": {"en": "influence", "zh": "影响力"},
    "intel": {"en": "intel", "zh": "情报"},
    "intel_completeness": {"en": "intel completeness", "zh": "情报完整度"},
    "invalid_files": {"en": "Invalid files", "zh": "无效文件"},
    "invalid_profile": {"en": "kasales: invalid profile", "zh": "kasales: 无效档案"},
    "key_person": {"en": "key person", "zh": "关键人"},
    "missing_partial": {"en": "missing / partial", "zh": "缺失 / 部分"},
    "name": {"en": "name", "zh": "姓名"},
    "not_covered": {"en": "not covered: ", "zh": "未覆盖: "},
    "note": {"en": "note", "zh": "备注"},
    "points": {"en": "points", "zh": "贡献"},
    "red_flag": {"en": "red flag", "zh": "红旗"},
    "risk": {"en": "risk", "zh": "风险"},
    "roles": {"en": "roles", "zh": "角色"},
    "score": {"en": "score", "zh": "评分"},
    "stage": {"en": "stage", "zh": "阶段"},
    "status": {"en": "status", "zh": "状态"},
    "strategies": {"en": "strategies", "zh": "推荐策略"},
    "recommended_strategies": {"en": "recommended strategies", "zh": "推荐策略"},
    "then": {"en": ". ", "zh": "。"},  # between a strategy's reasons and its advice
    "title": {"en": "title", "zh": "职务"},
    "top_flag": {"en": "top flag", "zh": "首要提示"},
    "unassessed": {"en": "unassessed→1", "zh": "未评估→1"},
    "verdict": {"en": "verdict", "zh": "结论"},
    "weight": {"en": "weight", "zh": "权重"},
})


MAX_WIDTH = 400  # cells: COLUMNS=100000 on a terminal must not pad every line of a report to 100,000 spaces


def console(width: int = 100, color: bool = False) -> Console:
    """A Console printing into a string: ``width`` cells (at most MAX_WIDTH), ANSI colours only when ``color``.

    No emoji codes and no markup: a ``[/]`` or ``[link=...]`` in a rubric label or a name is text, never
    a style or a hyperlink, wherever a plain string reaches a table.
    """
    return Console(file=io.StringIO(), width=min(width, MAX_WIDTH), color_system="auto" if color else None,
                   force_terminal=color, no_color=not color, highlight=False, emoji=False, markup=False)


def printed(target: Console) -> str:
    """Everything a Console from :func:`console` has printed so far."""
    file = target.file
    if not isinstance(file, io.StringIO):
        raise TypeError("printed() reads only consoles made by kasales.render.common.console()")
    return guard_lines(file.getvalue())  # a wrapped cell may start a line: never with a workflow command


def account_cell(name: str, account_id: str) -> Text:
    """Name (bold) over id (dim), as text: never parsed as Rich markup, control characters shown."""
    return Text.assemble((visible(name), "bold"), "\n", (visible(account_id), "dim"))


def name_width(accounts: Iterable[tuple[str, str]]) -> int:
    """Cells the widest name or id needs, so a column of ``(name, id)`` never cuts one (CJK counts twice)."""
    return max((max(cell_len(name), cell_len(key)) for name, key in accounts), default=8)


def hanging(marker: str, body: str | Text, indent: int = 2, style: str = "") -> RenderableType:
    """``marker body`` indented ``indent`` cells; wrapped lines stay under the body instead of column 0."""
    return bullets([(marker, body, style)], indent)


def bullets(rows: Iterable[tuple[str, str | Text, str]], indent: int = 2) -> RenderableType:
    """Rows of ``(marker, body, style)`` indented ``indent`` cells, the bodies aligned and wrapped in their column.

    Without any marker the body alone is indented (a continuation paragraph).
    """
    rows = list(rows)
    with_marker = any(marker for marker, _, _ in rows)
    grid = Table.grid(padding=(0, 1, 0, 0) if with_marker else 0)
    if with_marker:
        grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")  # fold: a long unbroken run (a URL, Chinese without spaces) still wraps
    for marker, body, style in rows:
        # the body's own styles stay on top of ``style``
        text = Text.assemble(visible(body) if isinstance(body, str) else body, style=style)
        grid.add_row(*([Text(marker, style=style)] if with_marker else []), text)
    return Padding(grid, (0, 0, 0, indent), expand=False)


def md_cell(text: object) -> str:
    """A value for a Markdown table cell or list item: one line, inert (see safe_text.md_text)."""
    return md_text(text)
