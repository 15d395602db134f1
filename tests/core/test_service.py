"""Won and lost deals against hand-computed cases (tests/cases/service_cases.yaml, SPEC §12)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from core.test_scoring import _rubric
from ruamel.yaml import YAML

from kasales.core.models import Profile
from kasales.core.scoring import qualify
from kasales.render.records import result_record

CASES: list[dict[str, Any]] = YAML(typ="safe").load(
    (Path(__file__).parents[1] / "cases" / "service_cases.yaml").read_text("utf-8"))
RECEIVABLES = ("currency", "contracted", "received", "outstanding", "overdue", "overdue_days_max")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_service_case(case: dict[str, Any], tmp_path: Path) -> None:
    expect = case["expect"]
    rubric = _rubric(case.get("rubric"), tmp_path)
    today = case.get("today", TODAY)
    assert isinstance(today, dt.date)
    result = qualify(Profile.model_validate(case["profile"]), f"{case['name']}.yaml", rubric, today=today)
    rec = result_record(result, rubric, "en")
    assert rec["verdict"] == expect["verdict"]
    assert rec["outcome"] == {"serve": "won", "lost": "lost"}[expect["verdict"]]
    assert [f["key"] for f in rec["flags"]] == expect["flags"]
    if "severities" in expect:
        assert [f["severity"] for f in rec["flags"]] == expect["severities"]
    if "flag_days" in expect:
        assert [f["days"] for f in rec["flags"] if f["key"].startswith("payment_")] == expect["flag_days"]
    assert rec["next_step"]["key"] == expect["next_step"]
    assert rec["strategies"] == expect["strategies"] == []
    assert "verdict_range" not in rec
    if expect["receivables"] is None:
        assert "receivables" not in rec
    else:
        assert {k: rec["receivables"][k] for k in RECEIVABLES} == expect["receivables"]
    if "milestone_status" in expect:
        assert [m["status"] for m in rec["receivables"]["milestones"]] == expect["milestone_status"]
    if "service_missing" in expect:
        assert rec["service"]["missing"] == expect["service_missing"]


def test_cases_cover_both_closed_verdicts_and_every_new_flag() -> None:
    assert {c["expect"]["verdict"] for c in CASES} == {"serve", "lost"}
    flags = {f for c in CASES for f in c["expect"]["flags"]}
    assert {"payment_overdue", "payment_overdue_high", "acceptance_failed", "lost_no_reason"} <= flags


def test_receivables_add_up_to_the_cent() -> None:
    """received + outstanding = contracted, and overdue is the overdue milestones' sum, exactly."""
    from decimal import Decimal

    for case in CASES:
        rec = case["expect"]["receivables"]
        if rec:
            assert Decimal(rec["received"]) + Decimal(rec["outstanding"]) == Decimal(rec["contracted"]), case["name"]
