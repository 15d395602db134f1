"""`kasales set FILE PATH=VALUE...`: change fields of a profile in place, keeping everything else byte for byte."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kasales.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    LangOption,
    RubricOption,
    error_status,
    parse_file_path,
    resolve_lang,
    status,
    today,
)
from kasales.core.errors import os_reason
from kasales.text import messages


def set_fields(
    file: Annotated[Path, typer.Argument(metavar="FILE", parser=parse_file_path, help="The profile to change.")],
    assignments: Annotated[list[str], typer.Argument(
        metavar="PATH=VALUE...",
        help="Fields to set, e.g. man.authority=yes evaluation.credit=4 stakeholders[name=陈总].attitude=supporter; "
             "PATH+=VALUE appends to a list.")],
    keep_date: Annotated[bool, typer.Option("--keep-date", help="Leave account.updated as it is.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and show the verdict change; write nothing.")]
    = False,
    rubric: RubricOption = None,
    lang: LangOption = None,
) -> None:
    """Set fields of a profile: values are validated as the loader does, comments and layout are kept.

    account.updated becomes today (or $KASALES_TODAY) unless --keep-date. Exit 0 when written (or nothing
    to change), 2 when an assignment is invalid or the file cannot be edited safely - then nothing is written.
    """
    from kasales.cli import editing
    from kasales.cli.settings import load_rubric
    from kasales.core.edits import EditError, parse_assignment
    from kasales.io.edit import load_document, plan

    code = resolve_lang(lang)
    active = load_rubric(rubric)
    if not file.exists():
        error_status(f"{file}: {messages.msg('not_found', code)}")
        raise typer.Exit(EXIT_INVALID)
    try:
        day = today()
        parsed = [parse_assignment(text) for text in assignments]
        doc = load_document(file)
        changes = plan(doc, parsed)
    except EditError as err:
        error_status(f"{file}: {editing.edit_message(err, code)}")
        raise typer.Exit(EXIT_INVALID) from None
    change = editing.prepare(doc, changes, day, active, code, stamp=not keep_date)
    if change.problems:
        editing.print_lines(change.problems)
        raise typer.Exit(EXIT_INVALID)
    if not change.changed:
        status(messages.msg("edit_unchanged", code, file=file))
        raise typer.Exit(EXIT_OK)
    if not dry_run:
        try:
            editing.write(change, code)
        except OSError as err:
            error_status(f"{file}: {messages.msg('cannot_write', code, reason=os_reason(err))}")
            raise typer.Exit(EXIT_INVALID) from None
    sys.stdout.write(editing.verdict_line(change, active, code) + "\n")
    raise typer.Exit(EXIT_OK)
