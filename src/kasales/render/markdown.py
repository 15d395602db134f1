"""`--format markdown`: a summary fit for a pull-request comment, in the chosen language."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from contextlib import ExitStack
from functools import partial
from typing import IO, TYPE_CHECKING, Any, NamedTuple, TextIO

from kasales.core.receivables import money_shown
from kasales.render import SPOOL, View, rendered
from kasales.render.common import QUALIFY_WORDS as _w
from kasales.render.common import legend, marked, md_cell
from kasales.render.receivables_text import outcome_line
from kasales.render.records import result_record
from kasales.render.safe_text import guard_lines, md_code, md_html, md_item
from kasales.text.messages import problem_line
from kasales.text.words import Words

if TYPE_CHECKING:
    from kasales.core.results import Result

_r = Words("receivables")
_OUTCOME_ORDER = {"open": 0, "won": 1, "lost": 2}


def _receivable(rec: dict[str, Any]) -> str | None:
    """A won deal's line in the receivables table, exact to the cent; None without a contract."""
    money = rec.get("receivables")
    if not money:
        return None
    return (f"| {md_cell(rec['account']['name'])} ({md_code(rec['account']['id'])}) | {money['currency']} | "
            + " | ".join(money_shown(money[k]) for k in ("contracted", "received", "outstanding", "overdue"))
            + f" | {money['overdue_days_max'] or ''} |")


def _receivables(rows: list[tuple[int, int, int, str]], lang: str) -> list[str]:
    """A table of the won deals' receivables, the oldest overdue first; nothing when no account has a contract."""
    if not rows:
        return []
    keys = ("account", "currency", "contracted", "received", "outstanding", "overdue_column", "days")
    head = [_r(k, lang).capitalize() for k in keys]
    out = [f"### {_r('view', lang)}", "", "| " + " | ".join(head) + " |", "|---|---|--:|--:|--:|--:|--:|"]
    rows.sort()  # (-overdue days, outcome group, place in the batch): the order the whole list was sorted in
    return [*out, *(line for *_, line in rows), ""]


class MarkdownRow(NamedTuple):
    """One account as the markdown format needs it: its group, table line, <details> block and receivables."""

    group: int  # the open pipeline first, then won and lost deals (SPEC §12)
    line: str
    block: str
    owed: tuple[int, str] | None  # (overdue days, the receivables line) for a deal with a contract


def row(result: Result, gates: list[str], view: View) -> MarkdownRow:
    """One account's table line, <details> block and receivables line (a worker makes them)."""
    rubric, lang = view.rubric, view.lang
    rec = result_record(result, rubric, lang, view.include_personal)
    flag = rec["flags"][0]["message"] if rec["flags"] else ""
    gate = " ⛔" if gates else ""
    risk = rec["risk"]
    score = "-" if risk["score"] is None else ("≥" if risk["unassessed"] else "") + f"{risk['score']:.1f}"
    verdict = md_cell(rubric.label("verdict", rec["verdict"], lang))
    if "verdict_range" in rec:
        worst, best = (rubric.label("verdict", v, lang) for v in rec["verdict_range"])
        verdict += f" ({md_cell(_w('range', lang, worst=worst, best=best))})"
    line = (f"| {md_cell(rec['account']['name'])} ({md_code(rec['account']['id'])}) | "
            f"{md_cell(rubric.label('stage', rec['stage'], lang) if rec['stage'] else '-')} | "
            f"{rec['man']['display']} | {score} · {md_cell(rubric.label('level', risk['level'], lang))} | "
            f"{rec['intel']['completeness']:.0%} | **{verdict}**{gate} | "
            f"{md_cell(rec['next_step']['message'] if rec['next_step'] else '')} | {md_cell(flag)} |")
    out = [f"<details><summary>{md_html(rec['account']['name'])}: {_w('strategies', lang)}</summary>\n"]
    out.append(f"- {md_item(rec['risk']['summary'])}")
    if rec["outcome"] != "open":
        out.append(f"- {_r('outcome', lang).capitalize()}: {md_cell(outcome_line(rec, rubric, lang))}")
    for reason in rec["verdict_reasons"]:
        out.append(f"- {_w('verdict', lang).capitalize()}: {md_cell(reason)}")
    for s in rec["strategies"]:
        advice = " ".join(marked(p["text"], p["source"]) for p in s["advice_parts"])
        out.append(f"- **{md_cell(s['name'])}** - {md_cell(s['reason'])}{_w('then', lang)}"
                   f"{md_cell(advice)}")
    for text in gates:
        out.append(f"- ⛔ {_w('gate', lang)}: {md_cell(text)}")
    if rec["strategies"]:
        out.append(f"\n_{md_cell(legend(lang))}_")
    out.append("\n</details>\n")
    owed = _receivable(rec)
    return MarkdownRow(_OUTCOME_ORDER[rec["outcome"]], guard_lines(line + "\n"),
                       guard_lines("".join(text + "\n" for text in out)),
                       None if owed is None else (rec["receivables"]["overdue_days_max"], owed))


def write(rows: Iterable[MarkdownRow], view: View, out: TextIO) -> None:
    """A heading, a table of accounts (open deals, then won, then lost), receivables, <details> blocks, problems.

    The heading counts every account, known only at the end: the table lines and the blocks wait in
    temporary files, one per group (on disk past a few megabytes), never in a list of results.
    """
    lang = view.lang
    spool = partial(tempfile.SpooledTemporaryFile, max_size=SPOOL, mode="w+", encoding="utf-8",
                    errors="surrogateescape")
    with ExitStack() as stack:
        tables = [stack.enter_context(spool()) for _ in _OUTCOME_ORDER]
        blocks = [stack.enter_context(spool()) for _ in _OUTCOME_ORDER]
        owed: list[tuple[int, int, int, str]] = []
        count = 0
        for x in rows:
            tables[x.group].write(x.line)
            blocks[x.group].write(x.block)
            if x.owed is not None:
                owed.append((-x.owed[0], x.group, count, x.owed[1]))
            count += 1
        out.write(f"## {_w('heading', lang, scored=count, rejected=view.batch.rejected)}\n\n")
        if count:
            head = [_w(k, lang).capitalize() for k in ("account", "stage")] + ["MAN"] + \
                   [_w(k, lang).capitalize() for k in ("score_risk", "intel", "verdict", "next_step", "top_flag")]
            out.write(guard_lines("| " + " | ".join(head) + " |") + "\n|---|---|---|---|---|---|---|---|\n")
            _copy(tables, out)
            out.write("\n")
            out.write(guard_lines("".join(line + "\n" for line in _receivables(owed, lang))))
            _copy(blocks, out)
    if view.batch.problems:
        lines = [f"### {_w('invalid_files', lang)}", ""]
        lines += [f"- {md_item(problem_line(p, view.lang))}" for p in view.batch.problems]
        lines.append("")
        out.write(guard_lines("\n".join(lines) + "\n"))


def _copy(parts: list[IO[str]], out: TextIO) -> None:
    for part in parts:
        part.seek(0)
        shutil.copyfileobj(part, out)


def render(view: View) -> str:
    """A heading, a table of accounts, strategies per account in <details>, and invalid files."""
    return rendered(row, write, view)
