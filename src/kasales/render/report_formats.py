"""Output formats of `kasales report`: a registry of name -> renderer of one ReportView."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing these at run time would pull pydantic into `kasales --help`
    from kasales.core.portfolio import Portfolio
    from kasales.core.rubric import Rubric
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


def _text(v: ReportView) -> str:
    from kasales.render.report_terminal import render_report

    return render_report(v.portfolio, v.batch, v.rubric, v.lang, v.width, v.color, v.top, v.command, v.movement)


def _json(v: ReportView) -> str:
    from kasales.render.report_json import render_report_json

    return render_report_json(v.portfolio, v.batch, v.rubric, v.today, v.top, v.lang, v.movement)


def _html(v: ReportView) -> str:
    from kasales.render.report_html import render_html

    return render_html(v.portfolio, v.batch, v.rubric, v.lang, v.include_personal, v.today, v.top, v.movement)


# name -> renderer; text and json go to stdout (--format), html to the file of --html
REPORT_FORMATS: dict[str, Callable[[ReportView], str]] = {"text": _text, "json": _json, "html": _html}


def render_portfolio(name: str, view: ReportView) -> str:
    """The report in format ``name``."""
    return REPORT_FORMATS[name](view)
