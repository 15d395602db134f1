"""`--format concise`: one `path:line:column: [severity] message (key)` line per finding, as ruff prints them;
for pre-commit hooks and editors' problem matchers. An invalid file is one line that points at `kasales
validate`, so with both hooks every error is printed once (by the validate hook)."""

from __future__ import annotations

from kasales.core.flagfields import ACCOUNT_FIELDS, flag_fields, line_of
from kasales.render import View
from kasales.render.common import QUALIFY_WORDS as _w
from kasales.render.safe_text import safe_line


def render(view: View) -> str:
    """A line per invalid file, per tripped gate and per flag, each at the line of the field behind it."""
    lang = view.lang
    lines = []
    for path in dict.fromkeys(p.path for p in view.batch.problems):  # each invalid file once, in order
        lines.append(safe_line(f"{path}:1:1: [error] {_w('invalid_see_validate', lang)}"))
    for rec in view.records():
        fields = view.field_lines.get(rec["file"], {})
        for reason in view.gate_failures.get(rec["file"], []):
            line = line_of(list(ACCOUNT_FIELDS), fields)
            lines.append(safe_line(f"{rec['file']}:{line}:1: [gate] {reason}"))
        for flag in rec["flags"]:
            line = line_of(flag_fields(flag["key"], flag), fields)
            lines.append(safe_line(f"{rec['file']}:{line}:1: [{flag['severity']}] {flag['message']} ({flag['key']})"))
    return "\n".join(lines) + "\n" if lines else ""
