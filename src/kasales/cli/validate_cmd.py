"""`kasales validate`: check profiles against the format (SPEC §10) without judging them."""

from __future__ import annotations

from typing import Annotated

import typer

from kasales.cli.changed import ChangedSinceOption, changed_paths
from kasales.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CacheDirOption,
    LangOption,
    NoCacheOption,
    PathsArg,
    emit,
    format_metavar,
    format_parser,
    print_problems,
    resolve_lang,
    result_cache,
    say,
    status,
)
from kasales.cli.runs import load_all
from kasales.render.validate_formats import VALIDATE_FORMATS, ValidateFormat, render_validation


def validate(
    paths: PathsArg,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", metavar=format_metavar(VALIDATE_FORMATS), parser=format_parser(VALIDATE_FORMATS),
        show_default=False, help="table: one path:line:column line per problem; json: a document; "
        "github: workflow annotations, then the lines [default: $KASALES_FORMAT, else the configuration's format, "
        "else auto: github under GitHub Actions, table otherwise].")] = None,
    changed_since: ChangedSinceOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
    lang: LangOption = None,
) -> None:
    """Check profiles: exit 0 when all are valid, 2 when any is not (or none is found); problems go to stdout."""
    from kasales.cli.settings import output_format
    from kasales.io.rubrics import default_rubric

    code = resolve_lang(lang)
    chosen = ValidateFormat(output_format(fmt, list(VALIDATE_FORMATS)))
    if changed_since is not None:
        from kasales.io.batch import Batch

        empty = render_validation(chosen.value, Batch(), code) if chosen is ValidateFormat.json else ""
        paths = changed_paths(paths, changed_since, code, empty)
    batch = load_all(paths, default_rubric(), code, result_cache(cache_dir, no_cache))
    emit(render_validation(chosen.value, batch, code), None, False)
    if chosen is ValidateFormat.json:  # the document holds them too; people read stderr
        print_problems(batch.problems, code)
    status(say("summary_valid", code, files=batch.files, valid=batch.scored, invalid=batch.rejected))
    raise typer.Exit(EXIT_INVALID if batch.problems else EXIT_OK)
