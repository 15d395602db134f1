"""The report's after-the-signature sections (SPEC §12): won and lost deals apart from the pipeline, and receivables.

The terminal tables are built here; ``closed_rows`` and ``receivables_rows`` give the HTML page the same
rows as plain data, so both show the same amounts to the cent.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from kasales.core.portfolio import Portfolio
from kasales.core.receivables import money_shown
from kasales.core.results import Result
from kasales.core.rubric import Rubric
from kasales.render.common import VERDICT_STYLE, account_cell
from kasales.render.receivables_text import receivables_line
from kasales.render.records import receivables_record
from kasales.render.safe_text import visible
from kasales.text.words import Words

_r = Words("receivables")
_AMOUNTS = ("contracted", "received", "outstanding", "overdue")


def closed_rows(p: Portfolio, rubric: Rubric, lang: str) -> list[dict[str, Any]]:
    """Won deals (latest first) then lost ones: outcome, date, and the receivables line or the lost reason."""
    rows = []
    for result in (*p.won, *p.lost):
        rows.append({"id": result.account.id, "name": result.account.name, "outcome": result.outcome,
                     "verdict": result.verdict, "verdict_label": rubric.label("verdict", result.verdict, lang),
                     "date": result.outcome_date.isoformat() if result.outcome_date else "-",
                     "detail": _detail(result, lang), "missing_reason": _no_reason(result)})
    return rows


def _no_reason(result: Result) -> bool:
    return result.outcome == "lost" and not (result.lost_reason and result.lost_reason.strip())


def _detail(result: Result, lang: str) -> str:
    if result.receivables is not None:
        return receivables_line(receivables_record(result.receivables), lang)
    if result.outcome == "lost":
        return result.lost_reason.strip() if not _no_reason(result) else _r("no_reason", lang).strip(" ()")
    return "-"


def receivables_rows(p: Portfolio) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per account (the oldest overdue first) and per currency: amounts as exact text with separators."""
    rows = [{"id": a.account_id, "name": a.name, "currency": a.receivables.currency,
             **{k: money_shown(getattr(a.receivables, k)) for k in _AMOUNTS},
             "days": a.receivables.overdue_days_max} for a in p.receivables]
    totals = [{"currency": t.currency, "accounts": t.accounts, **{k: money_shown(getattr(t, k)) for k in _AMOUNTS},
               "days": t.overdue_days_max} for t in p.currency_totals]
    return rows, totals


def closed_table(p: Portfolio, rubric: Rubric, lang: str) -> RenderableType:
    """Won and lost deals, apart from the open pipeline."""
    if not p.won and not p.lost:
        return Text(f"{_r('closed', lang)}: {_r('none', lang)}", style="bold")
    table = Table(title=f"{_r('closed', lang)} ({_r('won', lang)} {len(p.won)} · {_r('lost', lang)} {len(p.lost)})",
                  title_justify="left", box=box.SIMPLE, pad_edge=False, expand=True)
    table.add_column(_r("account", lang), overflow="fold")
    table.add_column(_r("outcome", lang), no_wrap=True)
    table.add_column(_r("date", lang), no_wrap=True)
    table.add_column(_r("detail", lang), overflow="fold", ratio=1)
    for row in closed_rows(p, rubric, lang):
        table.add_row(account_cell(row["name"], row["id"]),
                      Text(row["verdict_label"], style=VERDICT_STYLE.get(row["verdict"], "")), row["date"],
                      Text(visible(row["detail"]), style="yellow" if row["missing_reason"] else ""))
    return table


def receivables_table(p: Portfolio, lang: str) -> RenderableType:
    """Outstanding and overdue per account, the oldest overdue first, and totals per currency (never mixed)."""
    if not p.receivables:
        return Text(f"{_r('view', lang)}: {_r('none', lang)}", style="bold")
    rows, totals = receivables_rows(p)
    table = Table(title=_r("view", lang), title_justify="left", box=box.SIMPLE, pad_edge=False, expand=True)
    table.add_column(_r("account", lang), overflow="fold", ratio=1)
    table.add_column(_r("currency", lang), no_wrap=True)
    for key in ("contracted", "received", "outstanding", "overdue_column", "days"):
        table.add_column(_r(key, lang), justify="right", no_wrap=True)
    for row in rows:
        late = "red" if row["days"] else ""
        table.add_row(account_cell(row["name"], row["id"]), row["currency"],
                      *(row[k] for k in _AMOUNTS[:3]), Text(row["overdue"], style=late),
                      Text(str(row["days"]) if row["days"] else "-", style=late))
    table.add_section()
    for total in totals:
        table.add_row(Text(_r("total", lang, n=total["accounts"]), style="bold"),
                      total["currency"], *(total[k] for k in _AMOUNTS),
                      str(total["days"]) if total["days"] else "-")
    return table
