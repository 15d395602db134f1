"""A user rubric must give every text the engine emits, with placeholders the engine can fill."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROFILES
from typer.testing import CliRunner

from kasales.cli.app import app
from kasales.core.rubric_texts import FLAGS, STRATEGIES, TEXTS
from kasales.io.rubrics import default_rubric

CASES = {
    "unknown placeholder": ('flags:\n  no_coach: {en: "x {foo}", zh: "没有内线"}\n',
                            "3:3: flags: no_coach.en: unknown placeholder {foo}; this text may use none"),
    "stray brace": ('texts:\n  at_best_medium: {en: "at best medium", zh: "最好为中 {"}\n',
                    "3:3: texts: at_best_medium.zh: Single '{' encountered"),
    "placeholder of another text": ('strategies:\n  insider: {reason: {en: "a {next}", zh: "b"}}\n',
                                    "3:3: strategies: insider.reason.en: unknown placeholder {next}"),
    "short form checked too": ('flags:\n  stale: {short: {en: "{days} {name}", zh: "过期"}, en: "a", zh: "b"}\n',
                               "flags: stale.short.en: unknown placeholder {name}; this text may use {days}, "
                               "{limit}, {updated}"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_rubric_text_is_a_located_error_not_a_crash(case: str, tmp_path: Path) -> None:
    body, expected = CASES[case]
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("extends: default\n" + body, encoding="utf-8")
    for command in (["qualify", str(PROFILES), "--format", "json"], ["rubric"], ["report", str(PROFILES)]):
        result = CliRunner().invoke(app, [*command, "--rubric", str(rubric)])
        assert result.exit_code == 2, (command, result.output)
        assert result.stdout == ""  # nothing half-written before the error
        assert f"{rubric}:" in result.stderr and expected in result.stderr
        assert "Traceback" not in result.output


def test_a_full_rubric_without_a_flag_the_engine_emits_is_rejected(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "src/kasales/data/default.yaml").read_text("utf-8")
    rubric = tmp_path / "full.yaml"
    rubric.write_text(text.replace("  no_coach: {", "  no_coach_typo: {"), encoding="utf-8")
    result = CliRunner().invoke(app, ["qualify", str(PROFILES / "huadong-metro.yaml"), "--rubric", str(rubric)])
    assert result.exit_code == 2
    assert "missing 'no_coach'" in result.stderr


def test_the_default_rubric_meets_the_contract_with_no_spare_sentences() -> None:
    rubric = default_rubric()
    assert set(rubric.texts) == set(TEXTS)
    assert set(rubric.flags) == set(FLAGS)
    assert {k: set(v) for k, v in rubric.strategies.items()} == {k: set(v) for k, v in STRATEGIES.items()}


@pytest.mark.parametrize("text", ["score {score:.1f}", "stale {days!r}", "{updated:%Y}"])
def test_format_specs_are_refused_at_load_time(text: str, tmp_path: Path) -> None:
    # values arrive already formatted as text: a spec like :.1f would fail in the middle of an output
    key = "risk_level" if "score" in text else None
    body = (f'texts:\n  risk_level: {{en: "{text}", zh: "得分"}}\n' if key
            else f'flags:\n  stale: {{en: "{text}", zh: "过期"}}\n')
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("extends: default\n" + body, encoding="utf-8")
    result = CliRunner().invoke(app, ["qualify", str(PROFILES), "--format", "json", "--rubric", str(rubric)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "values arrive already formatted" in result.stderr


def test_infinite_intel_weight_is_refused(tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("extends: default\nintel_weights: {background: .inf}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["qualify", str(PROFILES), "--format", "json", "--rubric", str(rubric)])
    assert result.exit_code == 2 and f"{rubric}:2:" in result.stderr


def test_rubric_number_errors_are_sentences_in_the_chosen_language(tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("extends: default\nstale_after_days: -5\nrisk: {low_at_least: 170}\nrubric_version: 2\n",
                      encoding="utf-8")
    zh = CliRunner().invoke(app, ["rubric", "--rubric", str(rubric), "--lang", "zh"])
    assert zh.exit_code == 2
    assert f"{rubric}:2:19: stale_after_days 不能小于 0 (实际为 -5)" in zh.stderr
    assert f"{rubric}:3:22: risk.low_at_least 不能大于 100.0 (实际为 170)" in zh.stderr
    en = CliRunner().invoke(app, ["rubric", "--rubric", str(rubric), "--lang", "en"])
    assert f"{rubric}:4:17: rubric_version: expected 1 (found 2)" in en.stderr
    assert "Input should" not in en.stderr + zh.stderr  # never pydantic's own wording
