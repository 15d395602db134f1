"""Staleness is measured against $KASALES_TODAY when set, so CI runs are reproducible."""

from __future__ import annotations

import json

import pytest
from conftest import PROFILES

from kasales.cli.app import app


def _stale_days(runner, monkeypatch: pytest.MonkeyPatch, today: str) -> list:  # type: ignore[no-untyped-def,type-arg]
    monkeypatch.setenv("KASALES_TODAY", today)
    result = runner.invoke(app, ["qualify", str(PROFILES / "xihu-tech-university.yaml"), "-f", "json"])
    assert result.exit_code == 0, result.output
    return [f["days"] for f in json.loads(result.stdout)["results"][0]["flags"] if f["key"] == "stale"]


def test_staleness_follows_the_as_of_day(runner, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # the profile was reviewed 2026-08-14; the limit is 90 days
    assert _stale_days(runner, monkeypatch, "2026-11-29") == [107]
    assert _stale_days(runner, monkeypatch, "2026-09-01") == []


def test_a_bad_as_of_day_is_a_usage_error(runner, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KASALES_TODAY", "next tuesday")
    for command in (["qualify", str(PROFILES)], ["qualify", str(PROFILES), "-f", "json"], ["report", str(PROFILES)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2 and result.stdout == ""
        assert "$KASALES_TODAY: 'next tuesday' is not a date like 2026-11-29" in result.stderr


def test_a_blank_fail_on_is_refused_not_ignored(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["qualify", str(PROFILES), "--fail-on", " "])
    assert result.exit_code == 2 and "empty verdict list" in result.output
