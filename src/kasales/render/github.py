"""`--format github`: workflow annotations for invalid files, tripped gates and every finding, a group per account.

Sentences and annotation titles follow ``--lang``; the ``key=value`` fields and ``[severity]`` stay the
stable English keys of the JSON record in both languages, so a log is grepped the same way.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from kasales.core.flagfields import ACCOUNT_FIELDS, flag_fields, line_of
from kasales.io.fieldlines import file_field_lines
from kasales.render import SPOOL, View, rendered
from kasales.render.common import QUALIFY_WORDS as _w
from kasales.render.records import result_record
from kasales.render.safe_text import defuse_old_commands, safe_line, safe_record, visible
from kasales.text.messages import problem_line, words

if TYPE_CHECKING:
    from kasales.core.results import Result


def _escape_data(text: str) -> str:
    # GitHub's escapes keep a line break inside the annotation; every other control character is shown
    # (\x1b): the log viewer renders ANSI escapes
    return defuse_old_commands(visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, file: str, message: str, line: int = 0, column: int = 0, title: str = "") -> str:
    """One ``::error file=...,line=...::message`` command, escaped as GitHub requires."""
    props = [f"file={_escape_property(file)}"]
    if line:
        props.append(f"line={line}")
    if column:
        props.append(f"col={column}")
    if title:
        props.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


# a flag's severity -> the annotation level: `::error` is kept for what fails the check (invalid files, gates)
LEVELS = {"high": "warning", "medium": "warning", "low": "notice"}


def group(title: str) -> str:
    """``::group::title``: the lines up to ``::endgroup::`` fold into one line of the log."""
    return f"::group::{_escape_data(title)}"


# the parts of a record this format prints, made visible (safe_text): the strategies, intel and people it never
# prints would cost as much as the rest of the row
_PRINTED = ("file", "account", "verdict", "man", "risk", "outcome", "receivables", "verdict_range", "verify_first",
            "next_step", "flags")


def row(result: Result, gates: list[str], view: View) -> str:
    """One account's ``::group::`` (a worker makes it): a ``::error`` per tripped gate at the line of its id, an
    annotation per finding at the line of the field behind it, then the plain lines (head, next step, findings)."""
    lang = view.lang
    raw = result_record(result, view.rubric, lang, view.include_personal)
    rec = safe_record({key: raw[key] for key in _PRINTED if key in raw})  # not the whole record: half the row
    # the file as it is now: where each field is (only what a finding points at needs it)
    fields = file_field_lines(result.file) if gates or raw["flags"] else {}
    score = rec["risk"]["score"]
    head = (f"{rec['file']}: {rec['account']['id']} verdict={rec['verdict']} MAN={rec['man']['code']} "
            f"score={'-' if score is None else f'{score:.1f}'} risk={rec['risk']['level']} "
            f"intel={raw['intel']['completeness']:.0%}")
    if rec["outcome"] != "open":
        head += f" outcome={rec['outcome']}"
    if "receivables" in rec:  # exact decimals, as in the JSON
        money = rec["receivables"]
        head += (f" currency={money['currency']} outstanding={money['outstanding']} overdue={money['overdue']}"
                 f" overdue_days={money['overdue_days_max']}")
    if "verdict_range" in rec:
        head += f" range={','.join(rec['verdict_range'])} verify_first={','.join(rec['verify_first'])}"
    lines = [group(f"{rec['file']}: {rec['account']['id']} {rec['verdict']}")]
    lines.extend(annotation("error", result.file, reason, line_of(list(ACCOUNT_FIELDS), fields),
                            title=_w("gate_failed", lang)) for reason in gates)
    for flag, shown in zip(raw["flags"], rec["flags"], strict=True):
        lines.append(annotation(LEVELS.get(flag["severity"], "warning"), result.file, shown["message"],
                                line_of(flag_fields(flag["key"], flag), fields),
                                title=_w("flag_title", lang, severity=flag["severity"], key=flag["key"])))
    lines.append(safe_line(head))
    if rec["next_step"]:
        lines.append(safe_line(f"{rec['file']}: [{_w('next_step', lang)}] {rec['next_step']['message']}"))
    lines.extend(safe_line(f"{rec['file']}: [{f['severity']}] {f['message']}") for f in rec["flags"])
    lines.append("::endgroup::")
    return "".join(line + "\n" for line in lines)


def write(rows: Iterable[str], view: View, out: TextIO) -> None:
    """Invalid files' annotations first, then each account's group (see :func:`row`), so logs read well without
    the UI.

    Only the annotations start with ``::``; every other line is user text made one line that cannot be
    read as a workflow command (safe_text.safe_line). The annotations of invalid files need every problem,
    known only at the end: the accounts' lines wait in a temporary file (on disk past a few megabytes).
    """
    with tempfile.SpooledTemporaryFile(max_size=SPOOL, mode="w+", encoding="utf-8",
                                       errors="surrogateescape") as later:
        for text in rows:
            later.write(text)
        lang = view.lang
        lines = []
        for problem in view.batch.problems:
            lines.append(annotation("error", problem.path, words(problem.message, lang), problem.line,
                                    problem.column, _w("invalid_profile", lang)))
        for problem in view.batch.problems:
            lines.append(problem_line(problem, lang))
        out.write("".join(line + "\n" for line in lines))
        later.seek(0)
        shutil.copyfileobj(later, out)
        if not lines and not later.tell():
            out.write("\n")  # as ever: an empty log is one empty line


def render(view: View) -> str:
    """Annotations first, then a plain line per account and finding (see :func:`write`)."""
    return rendered(row, write, view)
