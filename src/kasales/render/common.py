"""What the renderers share: styles, bilingual words, the Rich console, account cells, Markdown escaping."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kasales.render.safe_text import guard_lines, md_text, visible
from kasales.text.words import Words

if TYPE_CHECKING:  # Rich is imported where a table is drawn: the words and marks here serve Markdown and CI too
    from rich.console import Console, RenderableType
    from rich.text import Text

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


QUALIFY_WORDS = Words("qualify")  # the words live in kasales/text/words.py


MAX_WIDTH = 400  # cells: COLUMNS=100000 on a terminal must not pad every line of a report to 100,000 spaces


def console(width: int = 100, color: bool = False) -> Console:
    """A Console printing into a string: ``width`` cells (at most MAX_WIDTH), ANSI colours only when ``color``.

    No emoji codes and no markup: a ``[/]`` or ``[link=...]`` in a rubric label or a name is text, never
    a style or a hyperlink, wherever a plain string reaches a table.
    """
    from rich.console import Console

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
    from rich.text import Text

    return Text.assemble((visible(name), "bold"), "\n", (visible(account_id), "dim"))


def name_width(accounts: Iterable[tuple[str, str]]) -> int:
    """Cells the widest name or id needs, so a column of ``(name, id)`` never cuts one (CJK counts twice)."""
    from rich.cells import cell_len

    return max((max(cell_len(name), cell_len(key)) for name, key in accounts), default=8)


def hanging(marker: str, body: str | Text, indent: int = 2, style: str = "") -> RenderableType:
    """``marker body`` indented ``indent`` cells; wrapped lines stay under the body instead of column 0."""
    return bullets([(marker, body, style)], indent)


def bullets(rows: Iterable[tuple[str, str | Text, str]], indent: int = 2) -> RenderableType:
    """Rows of ``(marker, body, style)`` indented ``indent`` cells, the bodies aligned and wrapped in their column.

    Without any marker the body alone is indented (a continuation paragraph).
    """
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

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
