"""`kasales checklist` over many profiles, streamed: each account's part is made where its profile is loaded
(a worker), as plain text or a compact row, and the parent writes it as it arrives.

What only the end knows (how many accounts, the widest name, how many are ready) waits as compact rows or
in temporary files, never as profiles or checklists: memory stays flat however many profiles there are.
The output is what render_checklist prints for the same accounts (tests/render/test_checklist_stream.py),
except that JSON for a file or a pipe has one account per line (see write_checklist).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, NamedTuple, TextIO

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from kasales.core.checklist import AccountChecklist, check_account
from kasales.core.errors import Problem
from kasales.core.models import Profile
from kasales.render import SPOOL
from kasales.render.checklist_records import checklist_record
from kasales.render.checklist_views import (
    ChecklistView,
    ReadinessRow,
    md_account,
    md_details,
    md_line,
    md_problems,
    md_table_head,
    readiness_caption,
    readiness_cells,
    readiness_frame,
    readiness_row,
    readiness_texts,
    render_table,
)
from kasales.render.common import console, name_width, printed
from kasales.render.plain_rows import chunk_body, write_plain
from kasales.render.safe_text import guard_lines, neutral

CHUNK = 500  # readiness rows laid out by Rich at a time: its memory stays small however many accounts there are
_DEPTH = "  "  # an indented record in the list sits one level deep


class ChecklistRow(NamedTuple):
    """What a worker sends back for one account: its gate (for --strict and the summary) and its format's part."""

    file: str
    stage: str
    ready: bool
    gaps: str  # the required items to get first, by key, for --strict's line
    part: Any  # JSON text; a ReadinessRow or the full view (table); a line and a block, or the full view (markdown)


def checklist_row(profile: Profile, file: str, view: ChecklistView, name: str, pretty: bool = False) -> ChecklistRow:
    """The checklist of one profile as format ``name`` shows it (``view.mode``: single or many); workers call this."""
    account = check_account(profile, file, view.rubric, view.stage)
    cur = account.current
    gaps = ", ".join(g.key for g in cur.get_first if g.required)
    return ChecklistRow(file, cur.stage, cur.ready, gaps, _PARTS[name](account, view, pretty))


def _json_part(account: AccountChecklist, view: ChecklistView, pretty: bool) -> str:
    record = checklist_record(account, view.rubric, view.lang)
    if not pretty:
        return json.dumps(record, ensure_ascii=False)  # the C encoder: indent=2 takes the pure-Python one
    text = json.dumps(record, ensure_ascii=False, indent=2)
    # JSON strings never hold a raw newline, so re-indenting line by line is safe
    return text if view.mode == "single" else _DEPTH + text.replace("\n", "\n" + _DEPTH)


def _table_part(account: AccountChecklist, view: ChecklistView, pretty: bool) -> str | ReadinessRow:
    if view.mode == "single":
        return render_table(replace(view, accounts=[account]))
    # the view's rubric is read for one label (zh stage names); readiness_row makes the account's texts visible
    return readiness_row(account, _neutral_view(view))


def _markdown_part(account: AccountChecklist, view: ChecklistView, pretty: bool) -> str | tuple[str, str]:
    if view.mode == "single":
        return guard_lines("\n".join(md_account(account, view)).rstrip("\n") + "\n")
    # the block ends with one newline: the parent puts the blank line between blocks
    return guard_lines(md_line(account, view) + "\n"), guard_lines("\n".join(md_details(account, view)))


_PARTS = {"json": _json_part, "table": _table_part, "markdown": _markdown_part}
_NEUTRAL: dict[int, tuple[ChecklistView, ChecklistView]] = {}  # a worker's view, made neutral once


def _neutral_view(view: ChecklistView) -> ChecklistView:
    """``view`` with every rubric text made visible, once per view (walking the rubric per account would cost)."""
    kept = _NEUTRAL.get(id(view))
    if kept is None or kept[0] is not view:
        kept = (view, neutral(replace(view, accounts=[], problems=[])))
        _NEUTRAL.clear()
        _NEUTRAL[id(view)] = kept
    return kept[1]


class Tally:
    """What the command reports after the output: accounts checked, ready, and the --strict lines."""

    def __init__(self) -> None:
        """No account yet."""
        self.checked = 0
        self.ready = 0
        self.not_met: list[tuple[str, str, str]] = []  # (file, stage, gaps): one short line per account

    def count(self, rows: Iterable[ChecklistRow]) -> Iterable[Any]:
        """Each row's part, counting the row on the way."""
        for row in rows:
            self.checked += 1
            if row.ready:
                self.ready += 1
            else:
                self.not_met.append((row.file, row.stage, row.gaps))
            yield row.part


def write_checklist(name: str, parts: Iterable[Any], view: ChecklistView, problems: list[Problem], out: TextIO,
                    pretty: bool = True) -> None:
    """Format ``name`` of the streamed parts (checklist_row(...).part) in view.mode "single" or "many".

    ``problems`` is complete once ``parts`` is exhausted (a streamed batch fills it on the way). JSON is what
    render_checklist prints when ``pretty``; otherwise the same document with one account per line, which
    the C encoder writes several times faster (`kasales qualify --format json` does the same for files and
    pipes).
    """
    if view.mode == "single":
        for part in parts:  # one file: one account at most, printed in full
            out.write(part + "\n" if name == "json" else part)
        return
    {"json": _write_json, "table": _write_table, "markdown": _write_markdown}[name](parts, view, problems, out,
                                                                                   pretty)


def _write_json(parts: Iterable[str], view: ChecklistView, problems: list[Problem], out: TextIO,
                pretty: bool) -> None:
    count = 0
    for text in parts:
        out.write((",\n" if count else "[\n") + text)
        count += 1
    out.write("\n]\n" if count else "[]\n")


def _write_table(parts: Iterable[ReadinessRow], view: ChecklistView, problems: list[Problem], out: TextIO,
                 pretty: bool) -> None:
    rows = list(parts)  # compact rows: the title counts them and the columns fit the widest of them
    if rows:
        print_readiness(rows, view, out)


def print_readiness(rows: list[ReadinessRow], view: ChecklistView, out: TextIO) -> None:
    """The readiness table of ``rows``, laid out CHUNK rows at a time with the column widths of one table.

    Rich lays a table out whole, holding every cell's lines at once. The widths it gives each column
    depend only on the widest and the least breakable cell of each column, so a probe table of those few
    rows gets the same widths; each chunk is then printed with them, and prints the lines one table would.
    Without colour (a pipe, a file), render/plain_rows lays the rows out instead, byte for byte as Rich.
    """
    with_next = any(x.next is not None for x in rows)
    widest = name_width((x.name, x.id) for x in rows)
    caption = readiness_caption(sum(x.gate[0] for x in rows), len(rows), view.lang)
    if len(rows) <= CHUNK and view.color:
        frame = readiness_frame(view, len(rows), widest, with_next)
        for x in rows:
            frame.add_row(*readiness_cells(x, with_next))
        frame.caption = caption
        out.write(_printed(frame, view))
        return
    widths = _widths(readiness_frame(view, len(rows), widest, with_next), _probe(rows, with_next), view)
    if not view.color and _print_plain(rows, view, widest, with_next, widths, caption, out):
        return
    for start in range(0, len(rows), CHUNK):
        first, last = start == 0, start + CHUNK >= len(rows)
        table = _fixed(view, len(rows), widest, with_next, widths)
        if not first:
            table.title, table.show_header = None, False
        for x in rows[start:start + CHUNK]:
            table.add_row(*readiness_cells(x, with_next))
        if last:
            table.caption = caption
        out.write(chunk_body(_printed(table, view), first, last))


def _print_plain(rows: list[ReadinessRow], view: ChecklistView, widest: int, with_next: bool, widths: list[int],
                 caption: Text, out: TextIO) -> bool:
    """print_readiness's lines without colour, each row laid out by render/plain_rows instead of Rich (which
    takes a millisecond a row); False, having printed nothing, when that layout does not fit this table."""
    table = _fixed(view, len(rows), widest, with_next, widths)
    table.add_row(*readiness_cells(rows[0], with_next))
    table.caption = caption

    def rich_row(x: ReadinessRow) -> str:
        """One row as Rich lays it out within the whole table: a chunk of one row."""
        alone = _fixed(view, len(rows), widest, with_next, widths)
        alone.title, alone.show_header = None, False
        alone.add_row(*readiness_cells(x, with_next))
        return chunk_body(_printed(alone, view), False, False)

    return write_plain(table, console(view.width, view.color), rows, lambda x: readiness_texts(x, with_next),
                       rich_row, out)


def _fixed(view: ChecklistView, count: int, widest: int, with_next: bool, widths: list[int]) -> _Fixed:
    """The readiness table without rows, its columns as wide as ``widths`` (those of the whole table)."""
    table = readiness_frame(view, count, widest, with_next, _Fixed)
    assert isinstance(table, _Fixed)
    table.widths = widths
    return table


class _Fixed(Table):
    """A table laid out with the column widths it is given (those of the whole table), whatever its rows."""

    widths: list[int]

    def _calculate_column_widths(self, console: Any, options: Any) -> list[int]:
        return list(self.widths)


def _printed(table: Table, view: ChecklistView) -> str:
    target = console(view.width, view.color)
    target.print(table)
    return printed(target)


def _probe(rows: list[ReadinessRow], with_next: bool) -> list[list[Any]]:
    """The cells of the rows that decide the column widths: in each column, the widest cell and the one with
    the longest unbreakable word (Rich measures a column by those two figures only)."""
    widest: dict[tuple[int, int], tuple[int, int]] = {}  # (column, 0 min / 1 max) -> (cells, row index)
    for index, x in enumerate(rows):
        for column, text in enumerate(readiness_texts(x, with_next)):
            # what Text.__rich_measure__ measures, without making a Text (Rich then caps both at the width:
            # the same rows stay the widest)
            size = max(map(cell_len, text.splitlines()), default=0)
            for side, cells in enumerate((max(map(cell_len, text.split()), default=size), size)):
                if cells > widest.get((column, side), (-1, 0))[0]:
                    widest[column, side] = (cells, index)
    return [readiness_cells(rows[i], with_next) for i in sorted({i for _, i in widest.values()})]


def _widths(frame: Table, probe: list[list[Any]], view: ChecklistView) -> list[int]:
    """The width of each column (padding included) when ``frame`` holds the ``probe`` rows, as Rich lays it out."""
    for cells in probe:
        frame.add_row(*cells)
    target = console(view.width, view.color)
    options = target.options
    # Table.__rich_console__ does exactly this before laying out its rows
    return frame._calculate_column_widths(target, options.update_width(options.max_width - frame._extra_width))


def _write_markdown(parts: Iterable[tuple[str, str]], view: ChecklistView, problems: list[Problem], out: TextIO,
                    pretty: bool) -> None:
    """The heading counts every account, known only at the end: the lines and blocks wait in temporary files."""
    spool = {"max_size": SPOOL, "mode": "w+", "encoding": "utf-8", "errors": "surrogateescape"}
    with tempfile.SpooledTemporaryFile(**spool) as lines, tempfile.SpooledTemporaryFile(**spool) as blocks:
        count = 0
        for line, block in parts:
            lines.write(line)
            blocks.write("\n" + block if count else block)  # a blank line between blocks, none after the last
            count += 1
        tail = "\n".join(md_problems(problems, view.lang)).rstrip("\n")
        if count:
            out.write(guard_lines("\n".join(md_table_head(count, view.lang)) + "\n"))
            for part in (lines, blocks):
                part.seek(0)
                shutil.copyfileobj(part, out)
                out.write("\n" if part is lines or tail else "")
        # the invalid files' section last; with no account and no problem, one empty line (as render_checklist)
        out.write(guard_lines(tail + "\n") if tail or not count else "")
