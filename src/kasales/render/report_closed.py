"""The report's after-the-signature sections (SPEC §12): won and lost deals apart from the pipeline, and receivables.

The terminal tables are built here; ``closed_rows`` and ``receivables_rows`` give the HTML page the same
rows as plain data, so both show the same amounts to the cent.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kasales.core.portfolio import Portfolio
from kasales.core.receivables import money_shown
from kasales.core.rubric import Rubric
from kasales.core.tally import AccountRow
from kasales.render.common import VERDICT_STYLE, account_cell
from kasales.render.receivables_text import receivables_line
from kasales.render.safe_text import visible
from kasales.text.words import Words

_r = Words("receivables")
_AMOUNTS = ("contracted", "received", "outstanding", "overdue")


def closed_rows(p: Portfolio, rubric: Rubric, lang: str, top: int = 0) -> list[dict[str, Any]]:
    """Won deals (latest first) then lost ones, at most ``top`` of each (0: all): outcome, date, and the
    receivables line or the lost reason."""
    rows = []
    for row in (*_first(p.won, top), *_first(p.lost, top)):
        rows.append({"id": row.id, "name": row.name, "outcome": row.outcome,
                     "verdict": row.verdict, "verdict_label": rubric.label("verdict", row.verdict, lang),
                     "date": row.outcome_date or "-",
                     "detail": _detail(row, lang), "missing_reason": _no_reason(row)})
    return rows


def _first(rows: tuple[AccountRow, ...], top: int) -> tuple[AccountRow, ...]:
    return rows[:top] if top > 0 else rows


def _no_reason(row: AccountRow) -> bool:
    return row.outcome == "lost" and not (row.lost_reason and row.lost_reason.strip())


def _detail(row: AccountRow, lang: str) -> str:
    if row.money is not None:
        return receivables_line(row.money._asdict(), lang)
    if row.outcome == "lost":
        return row.lost_reason.strip() if row.lost_reason and not _no_reason(row) \
            else _r("no_reason", lang).strip(" ()")
    return "-"


def hidden_closed(p: Portfolio, top: int) -> int:
    """How many won and lost deals ``closed_rows`` leaves out."""
    return p.won_count + p.lost_count - len(_first(p.won, top)) - len(_first(p.lost, top))


def receivables_rows(p: Portfolio, top: int = 0) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per account (the oldest overdue first, at most ``top``; 0: all) and per currency: amounts as exact
    text with separators."""
    rows = [{"id": a.id, "name": a.name, "currency": a.money.currency,
             **{k: money_shown(getattr(a.money, k)) for k in _AMOUNTS},
             "days": a.money.overdue_days_max} for a in _first(p.receivables, top) if a.money is not None]
    totals = [{"currency": t.currency, "accounts": t.accounts, **{k: money_shown(getattr(t, k)) for k in _AMOUNTS},
               "days": t.overdue_days_max} for t in p.currency_totals]
    return rows, totals


def closed_table(p: Portfolio, rubric: Rubric, lang: str, top: int = 0,
                 command: str = "kasales report PATH --top 0") -> RenderableType:
    """Won and lost deals, apart from the open pipeline; at most ``top`` of each (0: all)."""
    if not p.won_count and not p.lost_count:
        return Text(f"{_r('closed', lang)}: {_r('none', lang)}", style="bold")
    table = Table(title=f"{_r('closed', lang)} ({_r('won', lang)} {p.won_count} · {_r('lost', lang)} {p.lost_count})",
                  title_justify="left", box=box.SIMPLE, pad_edge=False, expand=True)
    table.add_column(_r("account", lang), overflow="fold")
    table.add_column(_r("outcome", lang), no_wrap=True)
    table.add_column(_r("date", lang), no_wrap=True)
    table.add_column(_r("detail", lang), overflow="fold", ratio=1)
    rows = closed_rows(p, rubric, lang, top)
    for row in rows:
        table.add_row(account_cell(row["name"], row["id"]),
                      Text(row["verdict_label"], style=VERDICT_STYLE.get(row["verdict"], "")), row["date"],
                      Text(visible(row["detail"]), style="yellow" if row["missing_reason"] else ""))
    return _capped(table, len(rows), len(rows) + hidden_closed(p, top), command, lang)


def _capped(table: Table, shown: int, count: int, command: str, lang: str) -> RenderableType:
    from kasales.render.report_terminal import more_line  # the same line under every capped list

    return table if shown >= count else Group(table, more_line(shown, count, command, lang))


def receivables_table(p: Portfolio, lang: str, top: int = 0,
                      command: str = "kasales report PATH --top 0") -> RenderableType:
    """Outstanding and overdue per account, the oldest overdue first (at most ``top``; 0: all), and totals per
    currency (never mixed) over every account."""
    if not p.receivables_count:
        return Text(f"{_r('view', lang)}: {_r('none', lang)}", style="bold")
    rows, totals = receivables_rows(p, top)
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
    return _capped(table, len(rows), p.receivables_count, command, lang)
