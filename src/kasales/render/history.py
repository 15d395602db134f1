"""`kasales history` output: per account, its qualification at each commit that changed it (table, json, csv)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kasales.io.history import History
from kasales.render.common import VERDICT_STYLE, Words, console, printed
from kasales.render.csv_format import BOM, safe_cell
from kasales.render.movement import score_text
from kasales.render.records import problem_record
from kasales.render.safe_text import neutral_shared, visible
from kasales.text.messages import problem_line

if TYPE_CHECKING:
    from kasales.core.rubric import Rubric
    from kasales.io.history import Point, Trail

HISTORY_FORMATS = ("table", "json", "csv")
CSV_COLUMNS = ("id", "name", "date", "commit", "author", "file", "status", "verdict", "man", "score", "level",
               "stage", "outcome", "intel")

WORDS = Words("history")  # the words live in kasales/text/words.py


@dataclass
class HistoryView:
    """The history and the user's display choices."""

    history: History
    rubric: Rubric
    lang: str = "en"
    color: bool = False
    width: int = 100
    bom: bool = True  # csv: the UTF-8 byte order mark Excel needs (as `qualify --format csv` writes it)


def point_record(point: Point) -> dict[str, Any]:
    """One point as JSON: the commit, the file, the change, and the figures (null once removed)."""
    snap = point.snapshot
    record: dict[str, Any] = {"commit": point.commit.sha, "short": point.commit.short, "date": point.commit.date,
                              "author": point.commit.author, "file": point.file, "status": point.status}
    for key in ("verdict", "man", "score", "level", "stage", "outcome", "intel"):
        record[key] = getattr(snap, key) if snap is not None else None
    return record


def trail_record(trail: Trail) -> dict[str, Any]:
    """One account with its points."""
    return {"id": trail.id, "name": trail.name, "points": [point_record(p) for p in trail.points]}


def document(view: HistoryView) -> dict[str, Any]:
    """The JSON document: accounts with their points, errors with their commit, and counts."""
    h = view.history
    return {
        "accounts": [trail_record(t) for t in h.trails.values()],
        "errors": [{**problem_record(p, view.lang), "commit": c.short} for c, p in h.problems],
        "summary": {"accounts": len(h.trails), "points": sum(len(t.points) for t in h.trails.values()),
                    "commits": h.commits, "blobs_scored": h.blobs},
    }


def write_json(view: HistoryView, out: TextIO) -> None:
    """`--format json`: the document as ``json.dumps(document(view), indent=2)`` prints it, account by account
    (a history of 10,000 accounts is never one document in memory)."""
    h = view.history
    out.write('{\n  "accounts": [')
    for index, trail in enumerate(h.trails.values()):
        out.write(("," if index else "") + "\n    " + _nested(trail_record(trail), 2))
    out.write("\n  ]" if h.trails else "]")
    rest = document(replace(view, history=replace(h, trails={})))  # errors and counts: small
    rest["summary"].update(accounts=len(h.trails), points=sum(len(t.points) for t in h.trails.values()))
    for key in ("errors", "summary"):
        out.write(f',\n  "{key}": ' + _nested(rest[key], 1))
    out.write("\n}\n")


def _nested(value: Any, depth: int) -> str:
    """``value`` indented by 2 as it reads ``depth`` levels deep (JSON strings never hold a raw newline)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def write_csv(view: HistoryView, out: TextIO) -> None:
    """`--format csv`: one row per account and commit, oldest first within each account."""
    out.write(BOM if view.bom else "")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for trail in view.history.trails.values():
        for point in trail.points:
            rec = point_record(point)
            row = [trail.id, trail.name, rec["date"][:10], rec["short"], rec["author"], rec["file"], rec["status"],
                   *("" if rec[k] is None else str(rec[k]) for k in ("verdict", "man")),
                   "" if rec["score"] is None else f"{rec['score']:.1f}",
                   *("" if rec[k] is None else str(rec[k]) for k in ("level", "stage", "outcome")),
                   "" if rec["intel"] is None else f"{rec['intel']:.2f}"]
            writer.writerow([cell if col in ("score", "intel") else safe_cell(cell)
                             for col, cell in zip(CSV_COLUMNS, row, strict=True)])


def write_table(view: HistoryView, out: TextIO) -> None:
    """One small table per account: date, commit, author, change, verdict, score and risk, stage (each
    account's lines written as they are laid out)."""
    lang, rubric = view.lang, neutral_shared(view.rubric)  # a --rubric label is text, one line
    target = console(view.width, view.color)
    if not view.history.trails:
        target.print(WORDS("nothing", lang))
    for trail in view.history.trails.values():
        target.print(Text.assemble((visible(trail.name), "bold"), " ", (visible(trail.id), "dim")))
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        for key in ("date", "commit", "author", "status", "verdict", "score", "stage"):
            table.add_column(WORDS(key, lang), no_wrap=key in ("date", "commit", "score"), overflow="fold")
        for point in trail.points:
            snap = point.snapshot
            verdict = Text(rubric.label("verdict", snap.verdict, lang), style=VERDICT_STYLE.get(snap.verdict, "")) \
                if snap else Text("-")
            score = f"{score_text(snap.score)} {rubric.label('level', snap.level, lang)}" if snap else "-"
            stage = rubric.label("stage", snap.stage, lang) if snap and snap.stage else "-"
            table.add_row(point.commit.date[:10], point.commit.short, Text(visible(point.commit.author)),
                          WORDS(point.status, lang), verdict, score, stage)
        target.print(table)
        target.print()
        target = _flush(target, out, view)
    if view.history.problems:
        target.print(Text(WORDS("errors", lang), style="bold red"))
        for commit, problem in view.history.problems:
            target.print(Text(f"{commit.short}:{problem_line(problem, lang)}"))
    out.write(printed(target))


def _flush(target: Console, out: TextIO, view: HistoryView) -> Console:
    """What ``target`` printed so far, written to ``out``; a fresh console for the rest."""
    out.write(printed(target))
    return console(view.width, view.color)


HISTORY_WRITERS: dict[str, Callable[[HistoryView, TextIO], None]] = {"table": write_table, "json": write_json,
                                                                     "csv": write_csv}


def write_history(name: str, view: HistoryView, out: TextIO) -> None:
    """Write ``view`` in the history format ``name`` to ``out``, account by account."""
    HISTORY_WRITERS[name](view, out)


def render_history(name: str, view: HistoryView) -> str:
    """Render ``view`` in the history format ``name``."""
    out = io.StringIO()
    write_history(name, view, out)
    return out.getvalue()


def render_json(view: HistoryView) -> str:
    """`--format json` as one document (the library's way; the command writes it account by account)."""
    return json.dumps(document(view), ensure_ascii=False, indent=2) + "\n"
