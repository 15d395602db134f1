"""`kasales init FILE`: a commented profile template with nothing made up, ready for `set` and `review`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kasales.cli.common import (
    EXIT_INVALID,
    ForceOption,
    LangOption,
    emit,
    error_status,
    parse_file_path,
    resolve_lang,
    status,
    today,
)
from kasales.text import messages


def init(
    file: Annotated[Path, typer.Argument(metavar="FILE", parser=parse_file_path,
                                         help="Where to write the new profile (-: standard output).")],
    account_id: Annotated[str | None, typer.Option("--id", help="Account id [default: the file name].")] = None,
    name: Annotated[str | None, typer.Option("--name", help="The customer's name.")] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="The rep who owns the account.")] = None,
    stage: Annotated[str | None, typer.Option("--stage", help="Sales stage (prospect ... close, or 寻找客户 ...).")]
    = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Write a commented profile template: id from the file name, updated today, every unknown left unknown.

    An untouched template validates and scores as an account with everything still to verify; it never
    overwrites a file without --force. FILE `-` prints the template (id `new-account` unless --id).
    """
    from kasales.core.edits import Assignment, parse_path
    from kasales.core.errors import KasalesError
    from kasales.io.templates import new_profile
    from kasales.io.writes import check_target

    code = resolve_lang(lang)
    to_stdout = str(file) == "-"  # `kasales init -`: the template on standard output, as Unix tools read `-`
    if not to_stdout:
        check_target(file, force)  # before any work: an existing file is refused up front
    day = today()
    ident = account_id if account_id is not None else "new-account" if to_stdout else file.stem
    values = {"account.id": ident, "account.updated": day.isoformat(), "account.name": name,
              "account.owner": owner, "stage": stage}
    assignments = [Assignment(parse_path(path), value, text=path) for path, value in values.items()
                   if value is not None]
    try:
        outcome = new_profile(str(file), assignments, code)
    except KasalesError as err:  # a value given on the command line: named by its message, not a position
        for problem in err.problems:
            error_status(f"{file}: {messages.words(problem.message, code)}")
        if account_id is None and any(p.message.key == "bad_id" for p in err.problems):
            error_status(messages.msg("init_pass_id", code))
        raise typer.Exit(EXIT_INVALID) from None
    if to_stdout:
        emit(outcome.text, None, False)
        return
    emit(outcome.text, file, force)
    status(messages.msg("wrote", code, file=file))
