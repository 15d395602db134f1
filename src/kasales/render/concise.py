"""`--format concise`: one `path:line:column: [severity] message (key)` line per finding, as ruff prints them;
for pre-commit hooks and editors' problem matchers. An invalid file is one line that points at `kasales
validate`, so with both hooks every error is printed once (by the validate hook)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from kasales.core.flagfields import ACCOUNT_FIELDS, flag_fields, line_of
from kasales.io.fieldlines import file_field_lines
from kasales.render import View, rendered
from kasales.render.common import QUALIFY_WORDS as _w
from kasales.render.records import result_record
from kasales.render.safe_text import safe_line

if TYPE_CHECKING:
    from kasales.core.results import Result


def row(result: Result, gates: list[str], view: View) -> str:
    """One account's lines (a worker makes them): a line per tripped gate and per flag, at its field's line."""
    rec = result_record(result, view.rubric, view.lang, view.include_personal)
    fields = file_field_lines(result.file) if gates or rec["flags"] else {}  # only a finding needs a line
    lines = [f"{result.file}:{line_of(list(ACCOUNT_FIELDS), fields)}:1: [gate] {reason}" for reason in gates]
    lines += [f"{result.file}:{line_of(flag_fields(f['key'], f), fields)}:1: [{f['severity']}] {f['message']} "
              f"({f['key']})" for f in rec["flags"]]
    return "".join(safe_line(line) + "\n" for line in lines)


def write(rows: Iterable[str], view: View, out: TextIO) -> None:
    """Each account's lines as they come, then one line per invalid file (known once every file is read)."""
    for text in rows:
        out.write(text)
    for path in dict.fromkeys(p.path for p in view.batch.problems):  # each invalid file once, in order
        out.write(safe_line(f"{path}:1:1: [error] {_w('invalid_see_validate', view.lang)}") + "\n")


def render(view: View) -> str:
    """The lines of the results already in ``view.batch`` (see :func:`write`)."""
    return rendered(row, write, view)
