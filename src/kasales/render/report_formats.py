"""Output formats of `kasales report`: a registry of name -> renderer of one ReportView."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing these at run time would pull pydantic into `kasales --help`
    from kasales.core.errors import Msg
    from kasales.core.portfolio import Portfolio
    from kasales.core.results import Result
    from kasales.core.rubric import Rubric
    from kasales.core.tally import AccountRow
    from kasales.io.batch import Batch


@dataclass
class ReportView:
    """What every report renderer needs: the portfolio, its batch, the rubric and the user's choices."""

    portfolio: Portfolio
    batch: Batch
    rubric: Rubric
    lang: str
    today: dt.date
    top: int
    movement: Any = None  # what moved since --since, when asked
    include_personal: bool = False
    width: int = 100
    color: bool = False
    command: str = "kasales report PATH --top 0"  # how to list everything, shown where a list is cut
    every: str = "kasales qualify PATH --format csv"  # every account, named where the page's table is cut
    details: Any = None  # the page: account id -> details of each account it shows (report_html.linked)


def _text(v: ReportView) -> str:
    from kasales.render.report_terminal import render_report

    return render_report(v.portfolio, v.batch, v.rubric, v.lang, v.width, v.color, v.top, v.command, v.movement)


def _json(v: ReportView) -> str:
    from kasales.render.report_json import render_report_json

    return render_report_json(v.portfolio, v.batch, v.rubric, v.today, v.top, v.lang, v.movement)


def _html(v: ReportView) -> str:
    from kasales.render.report_html import render_html

    return render_html(v.portfolio, v.batch, v.rubric, v.lang, v.include_personal, v.today, v.top, v.movement,
                       v.every, v.details)


# name -> renderer; text and json go to stdout (--format), html to the file of --html
REPORT_FORMATS: dict[str, Callable[[ReportView], str]] = {"text": _text, "json": _json, "html": _html}


def render_portfolio(name: str, view: ReportView) -> str:
    """The report in format ``name``."""
    return REPORT_FORMATS[name](view)


def report_row(result: Result, failures: Sequence[Msg], name: str, rubric: Rubric, lang: str) -> AccountRow:
    """What a worker sends back of one account for the report in format ``name``: the compact row the tally
    counts, with the page's table row when the format is the HTML page."""
    from kasales.core.tally import account_row

    if name != "html":
        return account_row(result)
    from kasales.render.report_html import page_row

    return account_row(result, page_row(result, rubric, lang))
