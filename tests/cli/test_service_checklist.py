"""`kasales checklist --stage service` (SPEC §12): the checklist, per-account readiness, --strict, both languages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kasales.cli.app import app

WON = """\
account: {id: served, name: Served Co}
outcome: won
service: {implementation: done, acceptance_signed: done, payment_followup: partial, satisfaction_review: done}
"""
READY = """\
account: {id: ready, name: Ready Co}
outcome: won
service: {implementation: done, acceptance_signed: done, payment_followup: done, satisfaction_review: done}
"""


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["acceptance signed†", "their next procurement plan known†", "kasales's own addition"]),
    ("zh", ["验收签字†", "已掌握其最新采购计划†", "合同收款,售后服务", "工具补充"]),
])
def test_bare_service_checklist_marks_its_items_as_kasales_own(runner: Any, lang: str, words: list[str]) -> None:
    result = runner.invoke(app, ["checklist", "--stage", "service", "--lang", lang])
    assert result.exit_code == 0, result.output
    for word in words:
        assert word in result.stdout, word


@pytest.mark.parametrize("name", ["service", "售后服务"])
def test_service_stage_by_english_or_chinese_name(runner: Any, name: str) -> None:
    result = runner.invoke(app, ["checklist", "--stage", name, "--format", "json"])
    assert result.exit_code == 0, result.output
    keys = [item["key"] for item in json.loads(result.stdout)["items"]]
    assert keys == ["service.implementation", "service.acceptance_signed", "service.payment_followup",
                    "service.satisfaction_review", "service.relationships", "service.reference",
                    "service.next_purchase"]


def test_unknown_stage_lists_service_among_the_choices(runner: Any) -> None:
    result = runner.invoke(app, ["checklist", "--stage", "serve"])
    assert result.exit_code == 2
    assert "close, service" in result.stderr


def test_won_profile_defaults_to_the_service_checklist_and_strict_fails_until_done(
        runner: Any, write_profile: Any) -> None:
    path = write_profile(WON, "served.yaml")
    result = runner.invoke(app, ["checklist", str(path), "--format", "json", "--strict"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["stage"], data["stage_source"], data["ready"]) == ("service", "outcome", False)
    assert "service.payment_followup" in result.stderr
    ready = write_profile(READY, "ready.yaml")
    assert runner.invoke(app, ["checklist", str(ready), "--strict"]).exit_code == 0


def test_readiness_table_in_both_languages(runner: Any, write_profile: Any, tmp_path: Any) -> None:
    write_profile(WON, "served.yaml")
    write_profile(READY, "ready.yaml")
    en = runner.invoke(app, ["checklist", str(tmp_path), "--stage", "service", "--lang", "en"])
    assert en.exit_code == 0 and "Served Co" in en.stdout and "Ready Co" in en.stdout
    zh = runner.invoke(app, ["checklist", str(tmp_path), "--stage", "售后服务", "--lang", "zh", "--strict"])
    assert zh.exit_code == 1
    assert "未达到 service 阶段的门槛" in zh.stderr
