"""`kasales report`: the portfolio at a glance, in the terminal or as an offline HTML dashboard."""

from __future__ import annotations

import datetime as dt
import enum
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kasales.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CacheDirOption,
    ForceOption,
    LangOption,
    NoCacheOption,
    PathsArg,
    PersonalOption,
    RubricOption,
    check_output,
    default_jobs,
    emit,
    error_status,
    parse_file_path,
    print_problems,
    prune_cache,
    require_profiles,
    resolve_lang,
    result_cache,
    say,
    status,
    terminal_width,
    today,
    use_color,
)
from kasales.cli.progress import interactive, progress_bar

if TYPE_CHECKING:  # importing these at run time would pull pydantic into `kasales --help`
    from kasales.core.portfolio import Portfolio
    from kasales.core.rubric import Rubric
    from kasales.io.batch import Batch
    from kasales.io.cache import ResultCache
    from kasales.render.report_charts import Movement

HtmlOption = Annotated[
    Path | None,
    typer.Option("--html", metavar="FILE", parser=parse_file_path,
                 help="Write a self-contained HTML dashboard (charts, sortable table, account details) to FILE "
                      "instead of printing the terminal report. Works offline."),
]
TopOption = Annotated[
    int,
    typer.Option("--top", metavar="N", min=0,
                 help="At most N accounts in each list (pursue now, needs attention, won and lost, receivables), "
                      "with a count of the rest; 0 lists all."),
]


SinceOption = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE|REV",
                 help="Inside a git repository: add what moved since the revision REV, or since the last commit "
                      "before DATE (2026-11-20), as `kasales diff` finds it, to the report, the page and the JSON; "
                      "the page also shows each moved account's score at every commit since."),
]


class ReportFormat(enum.StrEnum):
    """What `kasales report` prints on stdout (the HTML page is --html FILE)."""

    text = "text"
    json = "json"


FormatOption = Annotated[
    ReportFormat,
    typer.Option("--format", "-f", help="text: the terminal report; json: the aggregates the page shows "
                                        "(counts per MAN cell, level, verdict, stage x verdict, role), for scripts."),
]
MaxRowsOption = Annotated[
    int,
    typer.Option("--max-rows", metavar="N", min=0,
                 help="With --html: at most N accounts in the page's account table (the best verdict, then the "
                      "highest score, first), with a note of how many more there are; 0 lists every account. "
                      "Counts and charts always cover every account."),
]


def _tally(paths: list[Path], rubric: Rubric, day: dt.date, name: str, lang: str, top: int,
           table: int | None, cache: ResultCache | None = None) -> tuple[Batch, Portfolio]:
    """Score every profile in workers and add up their compact rows as they arrive (core/tally.py): no Result
    is kept, so memory stays flat for any folder; a missing path, or no profile at all, exits 2."""
    from functools import partial

    from kasales.core.tally import PortfolioTally
    from kasales.io.batch import stream_batch
    from kasales.render.report_formats import report_row

    finish = partial(report_row, name=name, rubric=rubric, lang=lang)
    tally = PortfolioTally(top, table)
    with progress_bar(interactive(), lang) as progress:  # the report is written after the run: no clash
        batch, rows = stream_batch(paths, rubric, day, jobs=default_jobs(), finish=finish, progress=progress,
                                   cache=cache)
        require_profiles(batch.files, paths, lang)
        for row in rows:
            tally.add(row)
    return batch, tally.portfolio()


def _details(portfolio: Portfolio, rubric: Rubric, day: dt.date, lang: str, top: int,
             include_personal: bool, cache: ResultCache | None = None) -> dict[str, dict[str, Any]]:
    """The details of each account the page shows (a few hundred at most), scored again from their files:
    cheaper than making details for every account of a large folder and keeping them until the end."""
    from functools import partial

    from kasales.io import stdin
    from kasales.io.batch import stream_batch
    from kasales.render.report_html import linked, page_details

    # the profile read from standard input is named `-` again (its bytes are still held, io/stdin.py)
    files = [stdin.DASH if row.file == stdin.name() else row.file for row in linked(portfolio, top)]
    if not files:  # (an empty list of paths would mean the current folder)
        return {}
    finish = partial(page_details, rubric=rubric, lang=lang, include_personal=include_personal)
    _, found = stream_batch(files, rubric, day, jobs=default_jobs(), finish=finish, cache=cache)
    return {details["id"]: details for details in found}


def _movement(since: str, paths: list[Path], rubric: Rubric, day: dt.date, trails: bool) -> Movement:
    """What moved since ``since``, compared as `kasales diff` does (each revision read through git, not checked
    out), and with ``trails`` each account's points since, as `kasales history` finds them (one scorer: every
    version of a profile is scored once for both)."""
    from kasales.io.git import Repo
    from kasales.io.revisions import Scorer
    from kasales.io.since import moved_since
    from kasales.render.report_charts import Movement

    repo = Repo.find(".")
    scorer = Scorer(repo, rubric, day, default_jobs())
    try:
        moved = moved_since(repo, paths, since, scorer, trails)
    finally:
        scorer.close()
    return Movement(since, moved.changes, moved.base, moved.trails)


def report(
    paths: PathsArg,
    html: HtmlOption = None,
    force: ForceOption = False,
    rubric: RubricOption = None,
    include_personal: PersonalOption = False,
    lang: LangOption = None,
    top: TopOption = 20,
    output_format: FormatOption = ReportFormat.text,
    since: SinceOption = None,
    max_rows: MaxRowsOption = 500,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Summarise many accounts: MAN matrix, risk distribution, verdict by stage, who to pursue, who needs attention.

    Exit codes: 0 every file scored; 2 an invalid file or usage, or no profile under PATH (the valid files are
    still reported).
    """
    from kasales.cli.settings import load_rubric

    code = resolve_lang(lang)
    if html is not None and output_format is ReportFormat.json:
        error_status(say("html_or_json", code))
        raise typer.Exit(EXIT_INVALID)
    check_output(html, force)  # before scoring a large folder
    active = load_rubric(rubric)
    day = today()
    name = "html" if html is not None else output_format.value
    # no profile at all exits 2: never an empty dashboard that looks like a clean portfolio
    cache = result_cache(cache_dir, no_cache)
    batch, portfolio = _tally(paths, active, day, name, code, top, max_rows if html is not None else None, cache)
    movement = _movement(since, paths, active, day, trails=html is not None) if since is not None else None
    from kasales.render.report_formats import ReportView, render_portfolio

    view = ReportView(portfolio, batch, active, code, day, top, movement, include_personal, terminal_width(),
                      use_color(html is None and output_format is ReportFormat.text, None),
                      shlex.join(["kasales", "report", *(str(p) for p in paths), "--top", "0"]),
                      shlex.join(["kasales", "qualify", *(str(p) for p in paths), "--format", "csv"]))
    if html is not None:
        view.details = _details(portfolio, active, day, code, top, include_personal, cache)
    prune_cache(cache)
    emit(render_portfolio(name, view), html, force)
    print_problems(batch.problems, code)
    if html is not None:
        status(say("wrote_report", code, file=html, scored=batch.scored, rejected=batch.rejected))
    else:
        status(say("summary_scored", code, files=batch.files, scored=batch.scored, rejected=batch.rejected))
    raise typer.Exit(EXIT_INVALID if batch.problems else EXIT_OK)
