"""Won and lost deals in every human format (SPEC §12): receivables to the cent, closed deals after open ones."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES

from kasales.cli.app import app

# as of conftest.TODAY (2026-11-29): the 2026-10-18 milestone is 42 days overdue, the last one not due yet;
# 1,140,000.10 + 2,660,000.20 = 3,800,000.30 exactly
WON = """\
account: {id: huadong-won, name: 华东地铁集团, updated: 2026-11-20}
outcome: won
outcome_date: 2026-09-15
contract:
  signed: 2026-09-15
  value: 3800000.30
  payments:
    - {due: 2026-10-15, amount: 1140000.10, paid: 2026-10-12}
    - {due: 2026-10-18, amount: 1520000.10}
    - {due: 2027-01-15, amount: 1140000.10}
service: {implementation: done}
"""
LOST = """\
account: {id: lost-co, name: Lost Co, updated: 2026-11-20}
outcome: lost
outcome_date: 2026-10-01
lost_reason: "价格高于对手 8%"
"""
USD = """\
account: {id: usd-co, name: USD Co, updated: 2026-11-20}
outcome: won
contract: {value: 1000.50, currency: USD, payments: [{due: 2026-11-01, amount: 1000.50}]}
"""
AMOUNTS = ("3,800,000.30", "1,140,000.10", "2,660,000.20", "1,520,000.10")


@pytest.fixture
def folder(write_profile: Any, tmp_path: Path) -> Path:
    write_profile(WON, "won.yaml")
    write_profile(LOST, "lost.yaml")
    write_profile((PROFILES / "huadong-metro.yaml").read_text("utf-8"), "open.yaml")
    return tmp_path


def test_single_won_account_table_shows_receivables_milestones_and_service(runner: Any, write_profile: Any) -> None:
    path = write_profile(WON, "won.yaml")
    out = runner.invoke(app, ["qualify", str(path)]).stdout
    for amount in AMOUNTS:
        assert amount in out, amount
    assert "overdue 42 days" in out and "paid 2026-10-12" in out and "not due yet" in out
    assert "payment of 1,520,000.10 CNY due 2026-10-18 is 42 days overdue (more than 30)" in out
    assert "service checklist" in out and "delivered and implemented†" in out
    assert "recommended strategies" not in out  # no open-deal strategies for a won deal
    zh = runner.invoke(app, ["qualify", str(path), "--lang", "zh"]).stdout
    assert "应收账款" in zh and "逾期 42 天" in zh and "服务客户" in zh


def test_summary_table_sorts_closed_deals_after_open_ones_with_receivables(runner: Any, folder: Path) -> None:
    out = runner.invoke(app, ["qualify", str(folder), "--lang", "en"]).stdout
    assert out.index("huadong-metro") < out.index("huadong-won") < out.index("lost-co")
    assert "outstanding 2,660,000.20" in out
    assert re.search(r"serve: 1\s+lost: 1", out)


def test_markdown_puts_closed_deals_last_and_tabulates_receivables(runner: Any, folder: Path) -> None:
    out = runner.invoke(app, ["qualify", str(folder), "-f", "markdown"]).stdout
    rows = [line for line in out.splitlines() if line.startswith("| ") and "`" in line]
    assert [row.split("`")[1] for row in rows[:3]] == ["huadong-metro", "huadong-won", "lost-co"]
    receivables = next(line for line in out.splitlines() if line.startswith("| 华东地铁集团 (`huadong-won`) | CNY"))
    assert receivables.split(" | ")[2:] == [*AMOUNTS, "42 |"]
    assert "Outcome: lost 2026-10-01: 价格高于对手 8%" in out


def test_csv_has_exact_receivable_columns(runner: Any, folder: Path) -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(runner.invoke(app, ["qualify", str(folder), "-f",
                                                                                 "csv"]).stdout))}
    won = rows["huadong-won"]
    assert (won["outcome"], won["verdict"], won["currency"], won["contracted"], won["received"], won["outstanding"],
            won["overdue"], won["overdue_days_max"]) == (
        "won", "serve", "CNY", "3800000.30", "1140000.10", "2660000.20", "1520000.10", "42")
    assert (rows["lost-co"]["outcome"], rows["lost-co"]["contracted"]) == ("lost", "")
    assert rows["huadong-metro"]["outcome"] == "open"


def test_github_lines_carry_the_receivables(runner: Any, folder: Path) -> None:
    out = runner.invoke(app, ["qualify", str(folder), "-f", "github"]).stdout
    assert ("verdict=serve" in out and "outcome=won currency=CNY outstanding=2660000.20 overdue=1520000.10 "
            "overdue_days=42" in out)
    assert "[high] payment of 1,520,000.10 CNY due 2026-10-18 is 42 days overdue" in out


def test_report_keeps_closed_deals_apart_and_totals_per_currency(runner: Any, folder: Path,
                                                                  write_profile: Any) -> None:
    write_profile(USD, "usd.yaml")
    result = runner.invoke(app, ["report", str(folder), "--lang", "en"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Portfolio: 1 account" in out  # the pipeline: the open deal only
    assert "Won and lost deals (won 2 · lost 1)" in out and "价格高于对手 8%" in out
    view = out[out.index("Receivables (oldest overdue first)"):]
    # the oldest overdue first: 42 days (CNY) before 28 days (USD); one total per currency, never mixed
    assert view.index("huadong-won") < view.index("usd-co")
    assert re.search(r"total \(1\)\s+CNY\s+3,800,000.30\s+1,140,000.10\s+2,660,000.20\s+1,520,000.10\s+42", view)
    assert re.search(r"total \(1\)\s+USD\s+1,000.50\s+0.00\s+1,000.50\s+1,000.50\s+28", view)
    zh = runner.invoke(app, ["report", str(folder), "--lang", "zh"]).stdout
    assert "赢单与丢单" in zh and "应收账款 (逾期最久者在前)" in zh


def test_report_html_receivables_add_up_to_the_cent(runner: Any, folder: Path, tmp_path: Path) -> None:
    page_path = tmp_path / "out" / "report.html"
    page_path.parent.mkdir()
    assert runner.invoke(app, ["report", str(folder), "--html", str(page_path)]).exit_code == 0
    page = page_path.read_text("utf-8")
    table = page[page.index('id="receivables"'):page.index("</table>", page.index('id="receivables"'))]
    cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', table)
    assert cells[:5] == [*AMOUNTS, "42"]
    assert 'id="closed-deals"' in page and "价格高于对手 8%" in page
    assert "won (served)" in page  # the won and lost tiles


def test_report_json_lists_closed_deals_and_receivables(runner: Any, folder: Path) -> None:
    data = json.loads(runner.invoke(app, ["report", str(folder), "-f", "json"]).stdout)
    assert data["closed"] == {"won": ["huadong-won"], "lost": ["lost-co"], "won_count": 1, "lost_count": 1}
    assert data["receivables"]["count"] == 1
    assert data["receivables"]["totals"] == [{"currency": "CNY", "accounts": 1, "contracted": "3800000.30",
                                              "received": "1140000.10", "outstanding": "2660000.20",
                                              "overdue": "1520000.10", "overdue_days_max": 42}]
    assert data["receivables"]["accounts"][0]["id"] == "huadong-won"
    # an overdue milestone puts a won deal on the needs-attention list
    attention = {a["id"]: a["reasons"] for a in data["attention"]["accounts"]}
    assert attention["huadong-won"] == ["payment_overdue_high"]


def test_report_flags_a_lost_deal_without_a_reason(runner: Any, write_profile: Any, tmp_path: Path) -> None:
    write_profile("account: {id: lost-quiet, name: Quiet Co}\noutcome: lost\n", "quiet.yaml")
    data = json.loads(runner.invoke(app, ["report", str(tmp_path), "-f", "json"]).stdout)
    assert data["closed"]["lost"] == ["lost-quiet"]
    assert {a["id"]: a["reasons"] for a in data["attention"]["accounts"]}["lost-quiet"] == [
        "lost_no_reason", "never_reviewed"]
    out = runner.invoke(app, ["report", str(tmp_path), "--lang", "en"]).stdout
    assert "no reason recorded" in out
