"""`kasales report`: the portfolio at a glance, in the terminal or as an offline HTML dashboard."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from kasales.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    ForceOption,
    LangOption,
    PathsArg,
    PersonalOption,
    RubricOption,
    check_output,
    emit,
    fail,
    load_rubric_or_fail,
    parse_file_path,
    print_problems,
    require_profiles,
    resolve_lang,
    status,
    terminal_width,
    use_color,
)
from kasales.text import messages

HtmlOption = Annotated[
    Path | None,
    typer.Option("--html", metavar="FILE", parser=parse_file_path,
                 help="Write a self-contained HTML dashboard (charts, sortable table, every account) to FILE "
                      "instead of printing the terminal report. Works offline."),
]
Progress = Callable[[int, int], None]


def _interactive() -> bool:
    """Whether a person watches stderr (then, and only then, a progress bar is drawn there)."""
    return sys.stderr.isatty()


@contextmanager
def _progress(enabled: bool, lang: str) -> Iterator[Progress | None]:
    """A transient Rich progress bar on stderr fed by run_batch's callback; nothing when not ``enabled``."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, force_terminal=True, highlight=False)  # only reached when stderr is a tty
    label = messages.msg("scoring", lang)
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                  transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def report(
    paths: PathsArg,
    html: HtmlOption = None,
    force: ForceOption = False,
    rubric: RubricOption = None,
    include_personal: PersonalOption = False,
    lang: LangOption = None,
) -> None:
    """Summarise many accounts: MAN matrix, risk distribution, verdict by stage, who to pursue, who needs attention.

    Exit codes: 0 every file scored; 2 an invalid file or usage, or no profile under PATH (the valid files are
    still reported).
    """
    from kasales.core.errors import UsageError
    from kasales.core.portfolio import summarize
    from kasales.io.batch import as_of, run_batch
    from kasales.io.parallel import default_jobs

    code = resolve_lang(lang)
    check_output(html, force, code)  # before scoring a large folder
    active = load_rubric_or_fail(rubric, code)
    try:
        today = as_of()
        with _progress(_interactive(), code) as progress:
            batch = run_batch(paths, active, code, today, jobs=default_jobs(), progress=progress)
    except UsageError as err:  # a path that does not exist
        fail(err.problems)
    require_profiles(batch.files, paths, code)  # never an empty dashboard that looks like a clean portfolio
    portfolio = summarize(batch.results)
    if html is not None:
        from kasales.render.report_html import render_html

        emit(render_html(portfolio, batch, active, code, include_personal, today), html, force, code)
    else:
        from kasales.render.report_terminal import render_report

        color = use_color(True, None)
        emit(render_report(portfolio, batch, active, code, terminal_width(), color), None, False, code)
    print_problems(batch.problems)
    if html is not None:
        status(messages.msg("wrote_report", code, file=html, scored=len(batch.results), rejected=batch.rejected))
    else:
        status(messages.msg("summary_scored", code, files=batch.files, scored=batch.scored,
                            rejected=batch.rejected))
    raise typer.Exit(EXIT_INVALID if batch.problems else EXIT_OK)
