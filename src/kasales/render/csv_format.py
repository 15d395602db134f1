"""`--format csv`: one row per account, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from kasales.render import View, rendered
from kasales.render.records import result_record
from kasales.render.safe_text import FORMULA_START, csv_cell, guard_lines

if TYPE_CHECKING:
    from kasales.core.results import Result

__all__ = ["BOM", "COLUMNS", "FORMULA_START", "NUMERIC", "render", "row", "safe_cell", "write"]

FACTORS = ("need_degree", "need_volume", "purchasing_power", "decision_authority", "credit")  # SPEC §4's order
BOM = "\ufeff"  # Excel opens a CSV as UTF-8 only after this mark; other readers (utf-8-sig) skip it
COLUMNS = ("file", "id", "name", "stage", "man_code", "man_action", "risk_score", "risk_level", "red_flags",
           "unassessed", "intel_completeness", "background", "competitor", "project", "personal",
           "roles_covered", "roles_missing", "coach", "verdict", "top_flag", "strategies", "gate_failures",
           "verdict_range", "verify_first", "next_step", "risk_summary",
           # SPEC §12: the outcome and a won deal's receivables, exact decimals to the cent (empty without a contract)
           "outcome", "currency", "contracted", "received", "outstanding", "overdue", "overdue_days_max",
           # to pivot on, and every other number of the JSON record (risk.factors: score as written, the score
           # used, weight, points; empty score = unassessed)
           "owner", "industry", "updated", "stakeholders_count", "process_lag", "open_objections",
           *(f"{factor}_{part}" for factor in FACTORS for part in ("score", "used", "weight", "points")))
# figures kasales formats itself ("3.4", "0.75"; risk_score is empty when nothing is scored): never escaped
NUMERIC = frozenset({"risk_score", "intel_completeness", "background", "competitor", "project", "personal",
                     "contracted", "received", "outstanding", "overdue", "overdue_days_max", "updated",
                     "stakeholders_count", "process_lag", "open_objections",
                     *(c for c in COLUMNS if c.startswith(FACTORS))})
_MONEY = ("currency", "contracted", "received", "outstanding", "overdue", "overdue_days_max")


def safe_cell(text: str) -> str:
    """``text`` on one line (a bare ``\\r`` starts a row in a spreadsheet), with a leading ``'`` before a formula."""
    return csv_cell(text)


def row(result: Result, gates: list[str], view: View) -> str:
    """One account's CSV line (a worker makes it): every text cell made safe, the figures as kasales prints them."""
    rec = result_record(result, view.rubric, view.lang, view.include_personal)
    cats = rec["intel"]["categories"]
    cells = [
        rec["file"], rec["account"]["id"], rec["account"]["name"], rec["stage"] or "", rec["man"]["code"],
        rec["man"]["action"], "" if rec["risk"]["score"] is None else f'{rec["risk"]["score"]:.1f}',
        rec["risk"]["level"],
        ";".join(f["key"] + ":" + str(f.get("factor", "")) for f in rec["risk"]["red_flags"]),
        ";".join(rec["risk"]["unassessed"]), f'{rec["intel"]["completeness"]:.2f}',
        *(f"{cats[c]:.2f}" for c in ("background", "competitor", "project", "personal")),
        ";".join(rec["stakeholders"]["covered"]), ";".join(rec["stakeholders"]["missing"]),
        str(rec["stakeholders"]["coach"]).lower(), rec["verdict"],
        rec["flags"][0]["message"] if rec["flags"] else "",
        ";".join(s["key"] for s in rec["strategies"]),
        "; ".join(gates),
        ";".join(rec.get("verdict_range", [])), ";".join(rec.get("verify_first", [])),
        rec["next_step"]["message"] if rec["next_step"] else "", rec["risk"]["summary"], rec["outcome"],
        *(str(rec["receivables"][k]) if "receivables" in rec else "" for k in _MONEY),
        rec["account"]["owner"] or "", rec["account"]["industry"] or "", rec["account"]["updated"] or "",
        str(rec["stakeholders"]["count"]), _number(rec["process_lag"]), str(rec["open_objections"]),
        *_factors(rec["risk"]["factors"]),
    ]
    # every text cell may carry user text (a file or account name, a message quoting a value)
    return _line([cell if column in NUMERIC else safe_cell(cell) for column, cell in zip(COLUMNS, cells, strict=True)])


def _number(value: object) -> str:
    return "" if value is None else str(value)


def _factors(factors: dict[str, dict[str, object]]) -> list[str]:
    """score, used, weight and points of each factor (``g`` keeps 0.25 and 18.75 as written)."""
    cells = []
    for key in FACTORS:
        factor = factors.get(key, {})
        cells += [_number(factor.get("score")), _number(factor.get("used")),
                  f"{factor['weight']:g}" if "weight" in factor else "",
                  f"{factor['contribution']:g}" if "contribution" in factor else ""]
    return cells


def _line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return guard_lines(out.getvalue())  # no "##[" inside a row either


def write(rows: Iterable[str], view: View, out: TextIO) -> None:
    """One header row, then one row per scored account as it comes (errors go to stderr, not into the table)."""
    out.write((BOM if view.bom else "") + _line(list(COLUMNS)))
    for line in rows:
        out.write(line)


def render(view: View) -> str:
    """One header row, then one row per scored account (errors go to stderr, not into the table)."""
    return rendered(row, write, view)
