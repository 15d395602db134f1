"""`kasales report --format json`: the aggregates the dashboard shows, for a team's own dashboard. No personal data."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from kasales.core.portfolio import Portfolio
from kasales.core.receivables import money
from kasales.core.rubric import Rubric
from kasales.core.scoring import VERDICT_ORDER
from kasales.io.batch import Batch
from kasales.render.records import problem_record
from kasales.render.report_charts import Movement

REPORT_VERSION = 1  # bumped only when a key is renamed or removed; keys may be added


def movement_record(movement: Movement) -> dict[str, Any]:
    """Since which revision, and the ids of the accounts in each review group (up, down, added, removed, other)."""
    groups = movement.groups()
    return {"since": movement.since, "counts": {name: len(changes) for name, changes in groups.items()},
            "unchanged": sum(1 for c in movement.changes if c.status == "unchanged"),
            "accounts": {name: [c.id for c in changes] for name, changes in groups.items()}}


def _money(source: Any) -> dict[str, Any]:
    """The amounts of an account's receivables or of a currency's total, as exact strings, and the days."""
    return {"currency": source.currency,
            **{k: money(Decimal(getattr(source, k))) for k in ("contracted", "received", "outstanding", "overdue")},
            "overdue_days_max": source.overdue_days_max}


def report_record(p: Portfolio, batch: Batch, rubric: Rubric, today: dt.date, top: int,
                  lang: str = "en", movement: Movement | None = None) -> dict[str, Any]:
    """Counts per MAN cell, risk level, verdict, stage x verdict and role; the capped lists as ids and reasons."""
    limit = top if top > 0 else None
    record = {
        "report_version": REPORT_VERSION,
        "as_of": today.isoformat(),
        "rubric": rubric.name.get("en"),
        "files": batch.files, "scored": batch.scored, "rejected": batch.rejected,
        "accounts": p.accounts,
        "man": dict(p.man_cells),
        "levels": dict(p.risk_levels),
        "verdicts": dict(p.verdicts),
        "stage_verdict": [{"stage": stage, "verdicts": dict(zip(VERDICT_ORDER, counts, strict=True)),
                           "total": sum(counts)} for stage, counts in p.stage_verdict],
        "roles": dict(p.role_coverage),
        "coached": p.coached,
        "mean_intel": round(p.mean_intel, 4),
        "pursue_now": {"count": p.pursue_count,
                       "accounts": [{"id": r.id, "name": r.name, "score": r.score,
                                     "intel": round(r.intel, 2), "stage": r.stage}
                                    for r in p.pursue_now[:limit]]},
        "attention": {"count": p.attention_count,
                      "accounts": [{"id": a.account.id, "name": a.account.name,
                                    "verdict": a.account.verdict, "reasons": [f.key for f in a.reasons]}
                                   for a in p.attention[:limit]]},
        "errors": [problem_record(problem, lang) for problem in batch.problems],  # messages in ``lang``
        # SPEC §12: won and lost deals apart from the pipeline (`accounts` ... count open deals only), and the
        # receivables: exact decimal strings to the cent, one total per currency (never summed across them).
        # Like the lists above, at most ``top`` ids of each (the counts count them all)
        "closed": {"won": [r.id for r in p.won[:limit]], "lost": [r.id for r in p.lost[:limit]],
                   "won_count": p.won_count, "lost_count": p.lost_count},
        "receivables": {
            "count": p.receivables_count,
            "accounts": [{"id": a.id, "name": a.name, **_money(a.money)} for a in p.receivables[:limit]],
            "totals": [{"accounts": t.accounts, **_money(t)} for t in p.currency_totals]},
    }
    if movement is not None:
        record["movement"] = movement_record(movement)
    return record


def render_report_json(p: Portfolio, batch: Batch, rubric: Rubric, today: dt.date, top: int, lang: str = "en",
                       movement: Movement | None = None) -> str:
    """The aggregates as indented JSON text (error messages in ``lang``, everything else language-free)."""
    record = report_record(p, batch, rubric, today, top, lang, movement)
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
