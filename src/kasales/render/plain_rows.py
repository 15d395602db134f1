"""Rows of a Rich table laid out as plain text without Rich's pipeline: the lines Rich prints, far cheaper.

Rich lays out every cell through measuring, padding and segment splitting: about a millisecond a row, so
the summary of 10,000 accounts kept the parent busy for seconds after the workers were done. Uncoloured,
a row of a table whose cells are one line each (or wrap in their column) is each cell's text wrapped,
justified and padded to its column's width, joined by the box's sides. :meth:`RowLayout.of` accepts only
tables of that shape and :meth:`RowLayout.lines` only cells it can lay out exactly (None otherwise): the
caller lets Rich lay out the rest. Wrapping a line longer than its column is left to Rich's own
``Text.wrap``. :func:`write_plain` prints a whole table that way (`kasales qualify`'s summary, `kasales
checklist`'s readiness table). tests/render/test_table_chunks.py and test_checklist_stream.py compare the
two layouts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeVar

from rich.cells import cell_len
from rich.console import Console
from rich.control import strip_control_codes
from rich.table import Table
from rich.text import Text

from kasales.render.common import printed
from kasales.render.safe_text import guard_lines

Row = TypeVar("Row")
_MEMO_SIZE = 10_000  # cells remembered: far more than the distinct stages, MAN codes, scores and verdicts


@dataclass(frozen=True)
class _Column:
    width: int  # the text's cells, padding excluded
    left: str  # padding
    right: str
    justify: Any  # rich's JustifyMethod, OverflowMethod
    overflow: Any
    wrap: bool


@dataclass(frozen=True)
class RowLayout:
    """How a body row of ``table`` is laid out: its columns, the box's sides and dividers."""

    columns: tuple[_Column, ...]
    left: str
    divider: str
    right: str
    console: Console
    widths: tuple[int, ...]  # each column's cells with its padding, as Rich computed them
    memo: dict[tuple[int, str], list[str]] = field(default_factory=dict)  # laid-out cells of unwrapped columns

    @classmethod
    def of(cls, table: Table, console: Console) -> RowLayout | None:
        """The layout of ``table``'s rows on ``console`` (no colour), or None for a shape it does not know."""
        box = table.box
        if (box is None or console.color_system or not table.show_edge or table.show_lines or table.leading
                or table.row_styles or table.style not in ("", "none") or table.collapse_padding
                or table.padding != (0, 1, 0, 1)
                or any(column.vertical != "top" or column.style or column.justify not in ("left", "right")
                       or column.overflow not in ("fold", "ellipsis") for column in table.columns)):
            return None
        box = box.substitute(console.options, safe=table.safe_box if table.safe_box is not None else console.safe_box)
        # a body row takes the box's "mid" sides, the last one its "foot" sides, the first its "head" sides
        # when there is no header: one layout for all needs them alike
        sides = {(box.head_left, box.head_vertical, box.head_right), (box.mid_left, box.mid_vertical, box.mid_right),
                 (box.foot_left, box.foot_vertical, box.foot_right)}
        if len(sides) != 1:
            return None
        left, divider, right = sides.pop()
        if any(cell_len(part) != 1 for part in (left, divider, right)):
            return None
        options = console.options
        width = options.max_width if table.width is None else table.width
        try:  # Rich's own column widths (a private method: any change in it means Rich lays the rows out)
            widths = table._calculate_column_widths(console, options.update_width(width - table._extra_width))
        except Exception:  # a Rich this layout does not know
            return None
        columns = []
        last = len(table.columns) - 1
        for index, (column, total) in enumerate(zip(table.columns, widths, strict=True)):
            pad_left = 0 if index == 0 and not table.pad_edge else 1
            pad_right = 0 if index == last and not table.pad_edge else 1
            if total - pad_left - pad_right < 1:
                return None
            columns.append(_Column(total - pad_left - pad_right, " " * pad_left, " " * pad_right, column.justify,
                                   column.overflow, not column.no_wrap))
        return cls(tuple(columns), left, divider, right, console, tuple(widths))

    def lines(self, cells: Sequence[str]) -> list[str] | None:
        """The printed lines of a body row of ``cells`` (plain text), or None when Rich must lay it out."""
        laid: list[list[str]] = []
        memo = self.memo
        for index, (text, column) in enumerate(zip(cells, self.columns, strict=True)):
            cell = memo.get((index, text)) if not column.wrap else None
            if cell is None:
                cell = self._cell(text, column)
                if cell is None:
                    return None
                if not column.wrap and len(memo) < _MEMO_SIZE:  # a stage, a verdict: the same few texts
                    memo[index, text] = cell
            laid.append(cell)
        height = max(map(len, laid))
        if height > 1:  # a shorter cell is blank below its text
            laid = [cell + [" " * width] * (height - len(cell)) for cell, width in zip(laid, self.widths, strict=True)]
        return [self.left + self.divider.join(line) + self.right for line in zip(*laid, strict=True)]

    def _cell(self, text: str, column: _Column) -> list[str] | None:
        """One cell's lines, padded: each of its lines justified in the column's width, wrapped if it is longer."""
        out = []
        for line in text.split("\n"):
            if not line.isprintable():  # Rich drops the control codes it must not emit (\a, \b, \v, \f, \r)
                line = strip_control_codes(line)
            size = cell_len(line)
            if "\t" in line or size > column.width:  # Rich wraps it (or cuts it with "…")
                if not column.wrap:
                    return None
                wrapped = Text(line).wrap(self.console, column.width, justify=column.justify, overflow=column.overflow)
                for piece in wrapped:
                    if cell_len(piece.plain) != column.width:
                        return None
                    out.append(column.left + piece.plain + column.right)
            elif column.justify == "right":  # Rich strips a right-justified line's trailing blanks first
                line = line.rstrip()
                out.append(column.left + " " * (column.width - cell_len(line)) + line + column.right)
            else:
                out.append(column.left + line + " " * (column.width - size) + column.right)
        return out


def chunk_body(text: str, first: bool, last: bool) -> str:
    """The printed lines of one chunk of a table printed chunk by chunk: the box's top line kept above the first
    chunk only, its bottom line below the last (its sides stay: show_edge=False would drop blank side columns)."""
    if not first:
        text = text[text.find("\n") + 1:]
    if not last:
        text = text[:text.rstrip("\n").rfind("\n") + 1]
    return text


def write_plain(table: Table, target: Console, rows: Sequence[Row], cells: Callable[[Row], Sequence[str]],
                rich_row: Callable[[Row], str], out: TextIO) -> bool:
    """``table`` with every row of ``rows`` laid out by :class:`RowLayout`; False, having written nothing, when
    that layout does not fit the table.

    ``table`` is the whole table (title, header, caption, the column widths of all rows) holding ``rows[0]``
    only, and ``target`` a Console from render.common.console without colour. Rich prints that table: its
    row must be the one RowLayout lays out, and the other rows go between its header and its bottom edge.
    ``cells`` gives a row's cells as plain text; ``rich_row`` the lines Rich prints for a row RowLayout
    cannot lay out exactly (that row alone, within the whole table's widths).
    """
    layout = RowLayout.of(table, target)
    if layout is None:
        return False
    first = layout.lines(cells(rows[0]))
    target.print(table)
    framed = printed(target).split("\n")
    head_rule = table.box.get_row(layout.widths, "head", edge=True) if table.box else None
    if first is None or head_rule not in framed:
        return False
    start = framed.index(head_rule) + 1
    if [guard_lines(line) for line in first] != framed[start:start + len(first)]:
        return False
    out.write("".join(line + "\n" for line in framed[:start]))
    for row in rows:
        lines = layout.lines(cells(row))
        out.write(rich_row(row) if lines is None else guard_lines("".join(line + "\n" for line in lines)))
    out.write("\n".join(framed[start + len(first):]))
    return True
