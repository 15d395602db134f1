"""`kasales import FILE.csv --into DIR`: start or refresh profiles from a CRM export, one row per account."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kasales.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    LangOption,
    RubricOption,
    error_status,
    parse_path,
    resolve_lang,
    status,
    stderr_line,
    today,
)
from kasales.text import messages

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from kasales.core.crm import CrmMapping, RowPlan
    from kasales.core.edits import Assignment
    from kasales.core.rubric import Rubric
    from kasales.io.csvfile import CsvTable, Row


@dataclass
class Run:
    """One import: where profiles go, what is known about the folder, and the tallies."""

    into: Path
    table: CsvTable
    mapping: CrmMapping
    rubric: Rubric
    today: dt.date
    lang: str
    dry_run: bool
    existing: dict[str, Path] = field(default_factory=dict)  # account id -> profile file
    seen: dict[str, int] = field(default_factory=dict)  # account id -> CSV line that imported it
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("created", "updated", "unchanged",
                                                                          "skipped"), 0))
    problems: list[str] = field(default_factory=list)  # `file.csv:line:1: why the row was skipped`, in words


def import_csv(
    file: Annotated[Path, typer.Argument(metavar="FILE.csv", parser=parse_path, help="A CRM export (CSV).")],
    into: Annotated[Path, typer.Option("--into", metavar="DIR", parser=parse_path,
                                       help="The folder of profiles to create or refresh.")],
    mapping: Annotated[str | None, typer.Option(
        "--map", metavar="MAP.yaml|salesforce|hubspot",
        help="Which column fills which field [default: recognised from the header]")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    rubric: RubricOption = None,
    lang: LangOption = None,
) -> None:
    """Create a profile per new account and update only the mapped fields of existing ones (comments kept).

    Rows that cannot be imported are reported with their CSV line and skipped; the rest are imported.
    Exit 0 when every row was imported, 2 when any was skipped or the input cannot be used.
    """
    from kasales.cli.settings import load_rubric
    from kasales.io.csvfile import read_csv

    code = resolve_lang(lang)
    active = load_rubric(rubric)
    if not into.is_dir():
        error_status(f"{into}: {messages.msg('import_no_folder', code)}")
        raise typer.Exit(EXIT_INVALID)
    day = today()
    table = read_csv(file)  # KasalesError: located lines and exit 2, as for every command
    chosen = _mapping(mapping, table)
    run = Run(into, table, chosen, active, day, code, dry_run)
    run.existing = _existing(into)
    status(messages.msg("import_reading", code, file=file, rows=len(table.rows), encoding=table.encoding,
                        mapping=chosen.label))
    for row in table.rows:
        _import_row(run, row)
    for line in run.problems:
        stderr_line(line)
    status(messages.msg("import_summary_dry" if dry_run else "import_summary", code, **run.counts))
    raise typer.Exit(EXIT_INVALID if run.problems else EXIT_OK)


def _mapping(name: str | None, table: CsvTable) -> CrmMapping:
    """The built-in mapping named or recognised, or the user's mapping file; raise KasalesError if none fits."""
    from kasales.core import crm
    from kasales.core.edits import EditError
    from kasales.core.errors import KasalesError, Msg, Problem

    if name is None or name in crm.BUILTIN:
        found = crm.BUILTIN[name] if name else crm.detect(table.headers)
        if found is None:
            raise KasalesError([Problem(table.path, 1, 1, Msg("import_unknown_export"))])
        return found
    from kasales.io.loader import read_text
    from kasales.io.yamlsafe import YamlFailure, parse

    try:
        data = parse(read_text(Path(name)))
        return crm.mapping_from_data(data, name)
    except YamlFailure as failure:
        issue = failure.issues[0]
        raise KasalesError([Problem(name, issue.line + 1, issue.column + 1, Msg(issue.kind, **issue.params))]) from None
    except (crm.MappingError, EditError) as err:
        raise KasalesError([Problem(name, 1, 1, Msg(err.key, **err.params))]) from None


def _existing(into: Path) -> dict[str, Path]:
    """Account id -> file of every profile under ``into``; a file that does not load is known by its name."""
    from kasales.core.errors import KasalesError
    from kasales.core.models import account_id
    from kasales.io.loader import load_profile
    from kasales.io.paths import discover

    found: dict[str, Path] = {}
    for path in discover([into]).files:
        try:
            key = account_id(load_profile(path), str(path))
        except KasalesError:
            key = path.stem
        found.setdefault(key, path)
    return found


def _import_row(run: Run, row: Row) -> None:
    """Create or update the row's profile, or record why the row is skipped."""
    from kasales.core.crm import RowError, plan_row

    try:
        plan = plan_row(run.mapping, run.table.headers, row.cells)
    except RowError as err:
        return _skip(run, row, messages.msg(err.key, run.lang, **err.params))
    if plan.account_id in run.seen:
        return _skip(run, row, messages.msg("import_duplicate", run.lang, id=plan.account_id,
                                            line=run.seen[plan.account_id]))
    run.seen[plan.account_id] = row.line
    path = run.existing.get(plan.account_id)
    reason = _update(run, path, plan) if path else _create(run, plan)
    if reason:
        _skip(run, row, reason)
    return None


def _skip(run: Run, row: Row, reason: str) -> None:
    run.problems.append(f"{run.table.path}:{row.line}:1: {reason}")
    run.counts["skipped"] += 1


def _create(run: Run, plan: RowPlan) -> str | None:
    """A new profile from the template with the row's fields; the reason it cannot be made, or None."""
    from kasales.cli import editing
    from kasales.core.edits import Assignment, EditError, parse_path
    from kasales.core.errors import KasalesError
    from kasales.core.scoring import qualify
    from kasales.io.templates import new_profile
    from kasales.io.writes import write_atomic

    path = run.into / f"{plan.account_id}.yaml"
    basics = [Assignment(parse_path("account.id"), plan.account_id, text="account.id"),
              Assignment(parse_path("account.updated"), run.today.isoformat(), text="account.updated")]
    def attempt(items: Sequence[Assignment]) -> list[str]:
        try:
            new_profile(str(path), [*basics, *items], run.lang)
        except KasalesError as err:
            return [messages.words(p.message, run.lang) for p in err.problems]
        return []

    try:
        outcome = new_profile(str(path), [*basics, *plan.assignments], run.lang)
        if not run.dry_run:
            write_atomic(path, outcome.text, force=False)
    except EditError as err:
        return editing.edit_message(err, run.lang)
    except KasalesError as err:
        return _blame(plan, attempt, run.lang) or "; ".join(messages.words(p.message, run.lang) for p in err.problems)
    result = qualify(outcome.profile, str(path), run.rubric, run.today)
    key = "import_would_create" if run.dry_run else "import_created"
    sys.stdout.write(messages.msg(key, run.lang, file=path, verdict=editing.brief(result, run.rubric, run.lang)) + "\n")
    run.existing[plan.account_id] = path
    run.counts["created"] += 1
    return None


def _blame(plan: RowPlan, attempt: Callable[[Sequence[Assignment]], list[str]], lang: str) -> str:
    """Which cells make a row fail, each with its column (`column 'Stage': unknown value ...`); '' if none alone."""
    found = []
    for assignment, column in zip(plan.assignments, plan.columns, strict=False):
        problems = attempt([assignment])
        if problems:
            found.append(messages.msg("import_column", lang, column=column, problem="; ".join(problems)))
    return "; ".join(found)


def _update(run: Run, path: Path, plan: RowPlan) -> str | None:
    """Only the row's mapped fields set on an existing profile, as `kasales set` does; the reason it fails, or None."""
    from kasales.cli import editing
    from kasales.core.edits import EditError
    from kasales.core.errors import KasalesError
    from kasales.io.edit import load_document
    from kasales.io.edit import plan as plan_edits

    def attempt(items: Sequence[Assignment]) -> list[str]:
        doc = load_document(path)
        return editing.prepare(doc, plan_edits(doc, items), run.today, run.rubric, run.lang).problems

    try:
        doc = load_document(path)
        change = editing.prepare(doc, plan_edits(doc, plan.assignments), run.today, run.rubric, run.lang)
        if change.problems:
            return _blame(plan, attempt, run.lang) or "; ".join(change.problems)
        if change.changed and not run.dry_run:
            editing.write(change, run.lang)
    except EditError as err:
        return f"{path}: {editing.edit_message(err, run.lang)}"
    except KasalesError as err:
        return "; ".join(messages.problem_line(p, run.lang) for p in err.problems)
    if not change.changed:
        sys.stdout.write(messages.msg("import_unchanged", run.lang, file=path) + "\n")
        run.counts["unchanged"] += 1
        return None
    key = "import_would_update" if run.dry_run else "import_updated"
    sys.stdout.write(messages.msg(key, run.lang, line=editing.verdict_line(change, run.rubric, run.lang)) + "\n")
    run.counts["updated"] += 1
    return None
