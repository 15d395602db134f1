"""Personal data (SPEC §5): notes and sources of `intel.personal` stay out of every output unless asked for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kasales.cli.app import app
from kasales.render import FORMATS

MARK = "zqxp"  # every personal note and source carries it; nothing else in kasales' output can
PROFILE = f"""\
schema_version: 1
account: {{id: private-co, name: Private Co, updated: 2026-11-20}}
stage: approach
procurement_step: set_criteria
process_step: relationships
man: {{money: yes, authority: partial, need: yes}}
evaluation: {{need_degree: 4, need_volume: 4, purchasing_power: 4, decision_authority: 3, credit: 4}}
stakeholders:
  - {{name: Wang Qiang, roles: [technical, user], attitude: supporter, influence: high, coach: true}}
intel:
  background:
    org_structure: {{status: done, note: "org-note-visible", source: "org-source-visible"}}
  personal:
    role_concerns: {{status: done, note: "{MARK}-role-note", source: "{MARK}-role-source"}}
    contact: {{status: partial, note: "{MARK}-mobile 138 0000 0000", source: "{MARK}-business card"}}
    career: {{status: done, note: "{MARK}-career-note"}}
    education: {{status: missing, source: "{MARK}-education-source"}}
    interests: {{status: partial, note: "{MARK}-marathon runner", source: "{MARK}-chat at a fair"}}
    communication_style: {{status: done, note: "{MARK}-prefers short emails", source: "{MARK}-own notes"}}
"""


@pytest.fixture
def private(tmp_path: Path) -> Path:
    """A folder with the profile full of personal notes and one plain valid profile beside it."""
    (tmp_path / "private-co.yaml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "plain.yaml").write_text("account: {id: plain}\nstage: prospect\n", encoding="utf-8")
    return tmp_path


def _run(runner: Any, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("one_file", [False, True], ids=["folder", "single-file"])
def test_qualify_never_shows_personal_notes(runner: Any, private: Path, fmt: str, lang: str, one_file: bool) -> None:
    target = private / "private-co.yaml" if one_file else private
    code, shown = _run(runner, "qualify", str(target), "--format", fmt, "--details", "--lang", lang)
    assert code == 0
    assert "private-co" in shown or "Private Co" in shown  # the account itself is in the output
    assert MARK not in shown


def test_json_shows_other_notes_and_only_the_status_of_personal_items(runner: Any, private: Path) -> None:
    result = runner.invoke(app, ["qualify", str(private), "--format", "json"])
    assert result.exit_code == 0
    record = next(r for r in json.loads(result.stdout)["results"] if r["account"]["id"] == "private-co")
    assert record["intel"]["notes"] == {"background.org_structure": {"note": "org-note-visible",
                                                                     "source": "org-source-visible"}}
    assert record["intel"]["categories"]["personal"] == 0.67  # (4 done + 0.5 x 2 partial) / 6: status counts
    assert record["intel"]["partial"]["personal"] == ["personal.contact", "personal.interests"]


def test_include_personal_puts_the_notes_in_json(runner: Any, private: Path) -> None:
    result = runner.invoke(app, ["qualify", str(private), "--format", "json", "--include-personal"])
    assert result.exit_code == 0
    record = next(r for r in json.loads(result.stdout)["results"] if r["account"]["id"] == "private-co")
    notes = record["intel"]["notes"]
    assert notes["personal.contact"] == {"note": f"{MARK}-mobile 138 0000 0000", "source": f"{MARK}-business card"}
    assert notes["personal.education"] == {"note": None, "source": f"{MARK}-education-source"}
    assert MARK not in result.stderr  # the summary on stderr (CI logs) still holds none of it


def test_invalid_personal_note_is_not_quoted_in_the_error(runner: Any, tmp_path: Path) -> None:
    # a problem in the personal block names the place, not the private text around it
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"intel:\n  personal:\n    contact: {{status: maybe, note: \"{MARK}-secret\"}}\n", encoding="utf-8")
    code, shown = _run(runner, "qualify", str(bad), "--format", "json", "--lang", "en")
    assert code == 2
    # even the bad status is left out: a note written in the short form would sit exactly there
    assert f"{bad}:3:23: invalid value for intel.personal.contact.status (not shown: personal data)" in shown
    assert "maybe" not in shown
    assert MARK not in shown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_never_shows_personal_notes(runner: Any, private: Path, tmp_path_factory: pytest.TempPathFactory,
                                           lang: str) -> None:
    code, shown = _run(runner, "report", str(private), "--lang", lang)
    assert code == 0
    assert "private-co" in shown or "Private Co" in shown
    assert MARK not in shown
    html = tmp_path_factory.mktemp("report") / "report.html"
    code, shown = _run(runner, "report", str(private), "--html", str(html), "--lang", lang)
    assert code == 0
    page = html.read_text(encoding="utf-8")
    assert "private-co" in page
    assert MARK not in page and MARK not in shown


def test_report_html_with_include_personal_shows_the_notes(runner: Any, private: Path,
                                                           tmp_path_factory: pytest.TempPathFactory) -> None:
    html = tmp_path_factory.mktemp("report") / "report.html"
    code, shown = _run(runner, "report", str(private), "--html", str(html), "--include-personal")
    assert code == 0
    assert f"{MARK}-marathon runner" in html.read_text(encoding="utf-8")
    assert MARK not in shown  # the terminal (CI log) still holds none of it


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
@pytest.mark.parametrize("stage", ["prospect", "evaluate", "approach", "present", "objections", "close"])
def test_checklist_never_shows_personal_notes(runner: Any, private: Path, fmt: str, stage: str) -> None:
    code, shown = _run(runner, "checklist", str(private / "private-co.yaml"), "--stage", stage, "--format", fmt)
    assert code == 0
    assert MARK not in shown
