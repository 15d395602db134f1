"""`kasales history [PATH...] [--since DATE|REV]`: each account's verdict and score at every commit that changed it."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from kasales.cli.common import (
    EXIT_OK,
    ForceOption,
    LangOption,
    NoBomOption,
    OutputOption,
    RubricOption,
    check_output,
    default_jobs,
    parse_path,
    resolve_lang,
    say,
    status,
    stderr_line,
    terminal_width,
    today,
    use_color,
)


class HistoryFormat(enum.StrEnum):
    """Output formats of `kasales history`."""

    table = "table"
    json = "json"
    csv = "csv"


def history(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="[PATH]...", parser=parse_path, show_default=False,
        help="Profile files and/or folders, as they are named in the repository [default: .].")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE|REV",
        help="Only commits after a date (2026-11-01) or after a revision (REV..HEAD, e.g. a tag of last week's "
        "review).")] = None,
    fmt: Annotated[HistoryFormat, typer.Option("--format", "-f", help="Output format.")] = HistoryFormat.table,
    no_bom: NoBomOption = False,
    rubric: RubricOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Per account: its verdict, score, stage and outcome at each commit that changed its profile.

    Reads the history through git (one `git cat-file --batch` process; each distinct version of a profile is
    scored once), without touching the working tree or the index. Versions that were invalid are listed apart.

    Exit codes: 0 done (invalid past versions do not change it); 2 outside a git repository, an unknown
    revision (or one a shallow clone lacks), or a bad --since.
    """
    from kasales.cli.progress import interactive, progress_bar
    from kasales.cli.runs import output_sink
    from kasales.cli.settings import load_rubric
    from kasales.io.git import Repo
    from kasales.io.history import history as walk
    from kasales.io.revisions import Scorer
    from kasales.render.history import HistoryView, write_history
    from kasales.text.messages import problem_line

    code = resolve_lang(lang)
    check_output(output, force)
    active = load_rubric(rubric)
    repo = Repo.find(".")
    with progress_bar(interactive(), code) as progress:  # on stderr, for 200 profile versions or more
        scorer = Scorer(repo, active, today(), default_jobs(), progress, flags=False)
        try:
            found = walk(repo, list(paths or [Path(".")]), since, scorer)
        finally:
            scorer.close()
    view = HistoryView(found, active, code, color=use_color(fmt is HistoryFormat.table, output),
                       width=terminal_width(), bom=not no_bom)
    with output_sink(output, force) as out:  # account by account: the document is never whole in memory
        write_history(fmt.value, view, out)
    if fmt is not HistoryFormat.table:
        for commit, problem in found.problems:
            stderr_line(f"{commit.short}:{problem_line(problem, code)}")
    status(say("summary_history", code, accounts=len(found.trails), commits=found.commits, blobs=found.blobs,
               points=sum(len(t.points) for t in found.trails.values())))
    raise typer.Exit(EXIT_OK)
