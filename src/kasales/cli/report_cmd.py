"""`kasales report`: the portfolio at a glance, in the terminal or as an offline HTML dashboard."""

from __future__ import annotations

import datetime as dt
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
    emit,
    fail,
    print_problems,
    resolve_lang,
    terminal_width,
    use_color,
)

HtmlOption = Annotated[
    Path | None,
    typer.Option("--html", metavar="FILE", dir_okay=False,
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
    label = "评分中" if lang == "zh" else "scoring"
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

    Exit codes: 0 every file scored; 2 an invalid file or usage (the valid files are still reported).
    """
    from kasales.batch import run_batch
    from kasales.errors import KasalesError
    from kasales.parallel import default_jobs
    from kasales.portfolio import summarize
    from kasales.rubric import load_rubric

    code = resolve_lang(lang)
    today = dt.date.today()
    try:
        active = load_rubric(rubric, code)
        with _progress(_interactive(), code) as progress:
            batch = run_batch(paths, active, code, today, jobs=default_jobs(), progress=progress)
    except KasalesError as err:  # a rubric that does not validate, or a path that does not exist
        fail(err.problems)
    portfolio = summarize(batch.results)
    if html is not None:
        from kasales.render.report_html import render_html

        emit(render_html(portfolio, batch, active, code, include_personal, today), html, force, code)
    else:
        from kasales.render.report_terminal import render_report

        color = use_color(True, None)
        emit(render_report(portfolio, batch, active, code, terminal_width(), color), None, False, code)
    print_problems(batch.problems, code)
    if html is not None:
        scored, rejected = len(batch.results), batch.rejected
        if code == "zh":
            sys.stderr.write(f"kasales: 已写入 {html} ({scored} 个客户, {rejected} 个文件被拒绝)\n")
        else:
            sys.stderr.write(f"kasales: wrote {html} ({scored} accounts, {rejected} files rejected)\n")
    raise typer.Exit(EXIT_INVALID if batch.problems else EXIT_OK)
