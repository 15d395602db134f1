"""Won and lost deals through the CLI (SPEC §12): verdicts, receivables to the cent, gates, both languages."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES

from kasales.cli.app import app

WON = """\
account: {id: huadong-won, name: 华东地铁集团, updated: 2026-11-20}
outcome: won
outcome_date: 2026-09-15
contract:
  signed: 2026-09-15
  value: 3800000.30
  currency: CNY
  acceptance: pending
  payments:
    - {due: 2026-10-15, amount: 1140000.10, paid: 2026-10-12}
    - {due: 2026-10-18, amount: 1520000.10}
    - {due: 2027-01-15, amount: 1140000.10}
service: {implementation: done, acceptance_signed: missing, payment_followup: partial}
"""
# as of 2026-11-29 (conftest.TODAY): 2026-10-18 is 42 days past due, more than 30: a high flag
LOST = """\
account: {id: lost-co, name: Lost Co, updated: 2026-11-20}
outcome: lost
outcome_date: 2026-10-01
"""


@pytest.fixture
def won(write_profile: Any) -> Path:
    return write_profile(WON, "won.yaml")


def test_won_profile_json_is_serve_with_a_high_overdue_flag_and_exact_receivables(runner: Any, won: Path) -> None:
    result = runner.invoke(app, ["qualify", str(won), "--format", "json"])
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout)["results"][0]
    assert (rec["outcome"], rec["verdict"], rec["strategies"]) == ("won", "serve", [])
    flag = rec["flags"][0]
    assert (flag["key"], flag["severity"], flag["days"], flag["amount"]) == (
        "payment_overdue_high", "high", 42, "1520000.10")
    assert flag["source"] == "kasales"
    money = rec["receivables"]
    assert money == {**money, "currency": "CNY", "contracted": "3800000.30", "received": "1140000.10",
                     "outstanding": "2660000.20", "overdue": "1520000.10", "overdue_days_max": 42}
    assert Decimal(money["received"]) + Decimal(money["outstanding"]) == Decimal(money["contracted"])
    assert rec["service"]["missing"] == ["acceptance_signed", "satisfaction_review", "reference", "relationships",
                                         "next_purchase"]
    assert rec["next_step"]["key"] == "next_serve"


def test_today_comes_from_kasales_today(runner: Any, won: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KASALES_TODAY", "2026-10-20")  # two days past due: medium, not high
    rec = json.loads(runner.invoke(app, ["qualify", str(won), "--format", "json"]).stdout)["results"][0]
    assert [(f["key"], f["days"]) for f in rec["flags"]] == [("payment_overdue", 2)]
    assert rec["receivables"]["overdue_days_max"] == 2


def test_lost_profile_without_a_reason_is_flagged_in_both_languages(runner: Any, write_profile: Any) -> None:
    path = write_profile(LOST, "lost.yaml")
    rec = json.loads(runner.invoke(app, ["qualify", str(path), "--format", "json"]).stdout)["results"][0]
    assert (rec["verdict"], [f["key"] for f in rec["flags"]], rec["strategies"]) == ("lost", ["lost_no_reason"], [])
    assert "receivables" not in rec
    assert "record why" in rec["next_step"]["message"]
    zh = json.loads(runner.invoke(app, ["qualify", str(path), "--format", "json", "--lang", "zh"]).stdout)
    assert "丢单原因" in zh["results"][0]["flags"][0]["message"]
    assert "最新采购计划" in zh["results"][0]["next_step"]["message"]


@pytest.mark.parametrize(("args", "code"), [
    (["--fail-on", "serve"], 1), (["--fail-on", "lost"], 0), (["--fail-on", "serve,lost"], 1),
    (["--fail-on-overdue", "41"], 1), (["--fail-on-overdue", "42"], 0), (["--fail-on-overdue", "0"], 1),
])
def test_gates_on_closed_deals(runner: Any, won: Path, args: list[str], code: int) -> None:
    result = runner.invoke(app, ["qualify", str(won), "--format", "json", *args])
    assert result.exit_code == code, result.output


def test_overdue_gate_says_why_in_both_languages(runner: Any, won: Path) -> None:
    en = runner.invoke(app, ["qualify", str(won), "--fail-on-overdue", "30"])
    assert en.exit_code == 1
    assert "42 days overdue (1,520,000.10 CNY overdue; --fail-on-overdue 30)" in en.stderr
    zh = runner.invoke(app, ["qualify", str(won), "--fail-on-overdue", "30", "--lang", "zh"])
    assert zh.exit_code == 1 and "已逾期 42 天" in zh.stderr


def test_overdue_gate_rejects_a_negative_number(runner: Any, won: Path) -> None:
    assert runner.invoke(app, ["qualify", str(won), "--fail-on-overdue", "-1"]).exit_code == 2


def test_overdue_gate_as_a_configuration_default(runner: Any, won: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".kasales.yaml").write_text("fail_on_overdue: 30\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["qualify", str(won), "-f", "json"]).exit_code == 1
    assert runner.invoke(app, ["qualify", str(won), "-f", "json", "--fail-on-overdue", "60"]).exit_code == 0


@pytest.mark.parametrize("name", ["qianjiang-water", "litware-clinics"])
def test_a_closed_deal_is_never_told_to_pursue_or_stop(runner: Any, name: str) -> None:
    """A won or lost account keeps its MAN code, but the cell's open-deal advice ("pursue now") is not repeated."""
    path = str(PROFILES / f"{name}.yaml")
    table = runner.invoke(app, ["qualify", path, "--lang", "en"]).stdout
    assert "pursue now" not in table and "MAN kept for the record" in table
    rec = json.loads(runner.invoke(app, ["qualify", path, "-f", "json"]).stdout)["results"][0]
    assert rec["man"]["code"] == "MAN" and "no longer applies" in rec["man"]["action_text"]
    zh = runner.invoke(app, ["qualify", path, "--lang", "zh"]).stdout
    assert "MAN 仅作记录" in zh
