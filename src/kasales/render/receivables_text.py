"""Receivables in words for every human format (SPEC §12): one line per account, amounts exact to the cent."""

from __future__ import annotations

from typing import Any

from kasales.core.receivables import money_shown
from kasales.text.words import Words

_w = Words("receivables")


def receivables_line(rec: dict[str, Any], lang: str) -> str:
    """``CNY contracted 3,800,000.00 · received 1,140,000.00 · outstanding 2,660,000.00 · overdue 1,520,000.00
    (42 days)`` from a record's ``receivables`` (the JSON strings, so every format shows the same cents)."""
    line = _w("line", lang, currency=rec["currency"], contracted=money_shown(rec["contracted"]),
              received=money_shown(rec["received"]), outstanding=money_shown(rec["outstanding"]))
    if rec["overdue_days_max"]:
        line += _w("overdue", lang, overdue=money_shown(rec["overdue"]), days=rec["overdue_days_max"])
    return line


def milestone_status(milestone: dict[str, Any], lang: str) -> str:
    """``paid 2026-10-12``, ``overdue 42 days``, ``not due yet``."""
    if milestone["status"] == "paid":
        return _w("paid", lang, date=milestone["paid"])
    if milestone["status"] == "overdue":
        return _w("overdue_days", lang, days=milestone["overdue_days"])
    return _w("not_due", lang)


def outcome_line(record: dict[str, Any], rubric: Any, lang: str) -> str:
    """``won 2026-09-15`` or ``lost 2026-10-01: price 8% above the competitor`` (empty for an open deal)."""
    if record["outcome"] == "open":
        return ""
    text = rubric.label("outcome", record["outcome"], lang)
    if record.get("outcome_date"):
        text += f" {record['outcome_date']}"
    if record["outcome"] == "lost":
        reason = record.get("lost_reason")
        text += _w("reason", lang, reason=reason) if reason and reason.strip() else _w("no_reason", lang)
    return text
