"""The small holes of issue 18: personal keys, Foo.YAML, UTF-16 without a BOM, a bad $KASALES_TODAY, huge COLUMNS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, TODAY

from kasales.cli.app import app
from kasales.render.common import MAX_WIDTH


@pytest.mark.parametrize(("lang", "line"), [("en", "unknown key (not shown: personal data)"),
                                            ("zh", "未知的键 (属于个人资料, 不予显示)")])
def test_an_unknown_key_under_personal_intel_is_not_echoed(runner: Any, tmp_path: Path, lang: str,
                                                          line: str) -> None:
    profile = tmp_path / "a.yaml"
    profile.write_text("intel:\n  personal:\n    wang_plays_golf_sundays: done\n"
                       "    interests: {status: done, his_daughter_anna: x}\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(profile), "--lang", lang, "-f", "json"])
    assert result.exit_code == 2
    assert "golf" not in result.stdout + result.stderr and "anna" not in result.stdout + result.stderr
    assert f"{profile}:3:5: {line}" in result.stderr.splitlines()


def test_an_unknown_key_elsewhere_is_still_named(runner: Any, tmp_path: Path) -> None:
    profile = tmp_path / "a.yaml"
    profile.write_text("account: {nmae: Acme}\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(profile), "--lang", "en"])
    assert f"{profile}:1:11: unknown key 'nmae' (did you mean 'name'?)" in result.stdout


def test_upper_case_suffixes_are_profiles_too(runner: Any, tmp_path: Path) -> None:
    (tmp_path / "Foo.YAML").write_text("account: {id: foo}\n", encoding="utf-8")
    (tmp_path / "Bar.Yml").write_text("account: {id: bar}\n", encoding="utf-8")
    result = runner.invoke(app, ["qualify", str(tmp_path), "-f", "csv"])
    assert result.exit_code == 0
    assert [row.split(",")[1] for row in result.stdout.splitlines()[1:]] == ["bar", "foo"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_gets_the_utf16_hint(runner: Any, tmp_path: Path, encoding: str) -> None:
    profile = tmp_path / "a.yaml"
    profile.write_bytes("account: {name: 华东地铁}\nstage: prospect\n".encode(encoding))
    result = runner.invoke(app, ["validate", str(profile), "--lang", "en"])
    assert result.stdout == f"{profile}:1:1: file is UTF-16; save it as UTF-8\n"


def test_a_bad_kasales_today_stays_on_one_line(runner: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KASALES_TODAY", "2026-01-01\n::error::forged")
    result = runner.invoke(app, ["qualify", str(PROFILES / "huadong-metro.yaml"), "--lang", "en"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "\\n::error::forged" in lines[0]
    assert not any(line.lstrip().startswith("::") for line in lines)


def test_a_huge_terminal_width_is_capped(tmp_path: Path) -> None:
    from kasales.core.portfolio import summarize
    from kasales.io.batch import run_batch
    from kasales.io.rubrics import default_rubric
    from kasales.render import View, render
    from kasales.render.report_terminal import render_report

    rubric = default_rubric()
    batch = run_batch([PROFILES], rubric, TODAY)
    table = render("table", View(batch, rubric, "en", width=100_000))
    report = render_report(summarize(batch.results), batch, rubric, "en", width=100_000)
    for text in (table, report):
        assert max(len(line) for line in text.splitlines()) <= MAX_WIDTH
