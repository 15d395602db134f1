"""`kasales qualify` from the outside: the SPEC §9 JSON, every format's payload on stdout, gates, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import PROFILES, REPO
from rich.cells import cell_len
from terminal import run_in_terminal

import kasales
from kasales.cli.app import app, main
from kasales.render import FORMATS
from kasales.render.github import annotation

# Scores by hand (SPEC §4 default weights):
GOOD = ("account: {id: good, name: Good Co, updated: 2026-11-20}\n"
        "man: {money: 'yes', authority: 'yes', need: 'yes'}\n"
        "evaluation: {need_degree: 4, need_volume: 4, purchasing_power: 4, decision_authority: 4, credit: 4}\n")
# 18.75 + 15 + 15 + 11.25 + 15 = 75.0 low; MAN → pursue
EDGE60 = ("account: {id: edge60}\nman: {money: 'yes', authority: 'no', need: 'yes'}\n"
          "evaluation: {need_degree: 3, need_volume: 4, purchasing_power: 3, decision_authority: 3, credit: 4}\n")
# 12.5 + 15 + 10 + 7.5 + 15 = 60.0 medium; MaN → develop
BAD = ("account: {id: bad}\nman: {money: 'no', authority: 'no', need: 'no'}\n"
       "evaluation: {need_degree: 3, need_volume: 3, purchasing_power: 3, decision_authority: 3, credit: 3}\n")
# 50.0 medium; man → disqualify
RISKY = ("account: {id: risky}\nman: {money: 'yes', authority: 'yes', need: 'yes'}\n"
         "evaluation: {need_degree: 5, need_volume: 5, purchasing_power: 5, decision_authority: 5, credit: 2}\n")
# 85.0, but credit 2 → high; MAN with high risk → develop
INVALID = "account: {id: broken}\nevaluation:\n  credit: 9\n"


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "accounts"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def _qualify(runner: Any, *args: str) -> Any:
    return runner.invoke(app, ["qualify", *args], env={"KASALES_LANG": "en", "NO_COLOR": ""})


# --- the JSON contract (SPEC §9) ------------------------------------------------------------------
def test_json_record_of_a_demo_profile_matches_the_hand_computed_values(runner: Any) -> None:
    result = _qualify(runner, str(PROFILES / "huadong-metro.yaml"), "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["errors"] == []
    (rec,) = doc["results"]
    assert rec["file"] == str(PROFILES / "huadong-metro.yaml")
    assert rec["account"]["id"] == "huadong-metro" and rec["account"]["name"] == "华东地铁集团"
    assert (rec["man"]["code"], rec["man"]["action"]) == ("MaN", "find_authority")
    # 4, 5, 4, 2, 5 → 18.75 + 20 + 15 + 3.75 + 20
    assert (rec["risk"]["score"], rec["risk"]["level"], rec["risk"]["red_flags"]) == (77.5, "low", [])
    # background 5.5/6, competitor 2/4, project 5/6, personal 2/6; overall 2.5833/4 = .6458
    assert rec["intel"]["completeness"] == 0.65
    assert rec["intel"]["categories"] == {"background": 0.92, "competitor": 0.5, "project": 0.83, "personal": 0.33}
    assert rec["stakeholders"]["covered"] == ["user", "technical", "purchaser", "decision_maker"]
    assert rec["stakeholders"]["missing"] == ["finance"]
    assert rec["stakeholders"]["coach"] is True
    assert [s["key"] for s in rec["strategies"]] == ["process", "key_person", "technical_barrier", "team"]
    assert all(isinstance(s["reason"], str) and s["reason"] for s in rec["strategies"])
    assert rec["verdict"] == "develop"


def test_json_shape_for_a_folder_with_valid_and_invalid_files(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=GOOD, bad=BAD, broken=INVALID, zz_syntax="stage: [\n")
    result = _qualify(runner, str(folder), "--format", "json")
    assert result.exit_code == 2  # invalid files fail the run, but every valid one is still scored
    doc = json.loads(result.stdout)
    assert [r["account"]["id"] for r in doc["results"]] == ["bad", "good"]
    for rec in doc["results"]:
        assert isinstance(rec["file"], str)
        assert set(rec["account"]) >= {"id", "name"}
        assert set(rec["man"]) >= {"code", "action"}
        assert isinstance(rec["risk"]["score"], float) and rec["risk"]["level"] in ("low", "medium", "high")
        assert isinstance(rec["risk"]["red_flags"], list)
        assert 0 <= rec["intel"]["completeness"] <= 1
        assert set(rec["intel"]["categories"]) == {"background", "competitor", "project", "personal"}
        assert set(rec["stakeholders"]) >= {"covered", "missing", "coach"}
        assert all(set(s) >= {"key", "reason"} for s in rec["strategies"])
        assert rec["verdict"] in ("pursue", "develop", "nurture", "disqualify")
    errors = {Path(e["file"]).name: e for e in doc["errors"]}
    assert set(errors) == {"broken.yaml", "zz_syntax.yaml"}
    assert (errors["broken.yaml"]["line"], errors["broken.yaml"]["column"]) == (3, 11)
    assert "score must be an integer from 1 to 5 (found 9)" in errors["broken.yaml"]["message"]
    assert all(isinstance(e["line"], int) and isinstance(e["column"], int) for e in doc["errors"])
    # the problems also go to stderr, one located line each
    assert f"{folder / 'broken.yaml'}:3:11: score must be" in result.stderr


# --- every format: stdout holds the payload only -------------------------------------------------
def test_every_format_is_covered_here() -> None:
    assert set(FORMATS) == {"table", "json", "csv", "markdown", "github", "concise"}


def test_json_payload_only_on_stdout(runner: Any) -> None:
    result = _qualify(runner, str(PROFILES), "--format", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["results"]) == 16
    assert "16 files, 16 scored, 0 rejected" in result.stderr


def test_csv_payload_only_on_stdout(runner: Any) -> None:
    result = _qualify(runner, str(PROFILES), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert len(rows) == 16
    huadong = next(r for r in rows if r["id"] == "huadong-metro")
    assert (huadong["man_code"], huadong["risk_score"], huadong["verdict"]) == ("MaN", "77.5", "develop")


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_escaped(runner: Any, tmp_path: Path) -> None:
    # OWASP "CSV injection": a spreadsheet runs a cell starting with = + - @ (or tab, CR) as a formula
    name = '=HYPERLINK("http://x")'
    folder = _folder(tmp_path, good=GOOD.replace("id: good, name: Good Co", "id: -cmd, name: '" + name + "'"),
                     plain=GOOD.replace("id: good, name: Good Co", "id: plain, name: '@home +1 Co'"))
    result = _qualify(runner, str(folder), "--format", "csv")
    assert result.exit_code == 0
    rows = {r["file"]: r for r in csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff")))}
    good, plain = rows[str(folder / "good.yaml")], rows[str(folder / "plain.yaml")]
    assert (good["id"], good["name"]) == ("'-cmd", "'" + name)
    assert (plain["id"], plain["name"]) == ("plain", "'@home +1 Co")
    # figures stay numbers, and a text cell that is not a formula stays as it was
    assert (good["risk_score"], good["intel_completeness"], good["verdict"]) == ("75.0", "0.00", "pursue")
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows.values() for cell in row.values())


def test_markdown_payload_only_on_stdout(runner: Any) -> None:
    result = _qualify(runner, str(PROFILES), "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("## kasales: 16 accounts scored, 0 files rejected")
    table = [line for line in lines if line.startswith("| ") and "`" in line and "**" in line]  # not receivables
    assert len(table) == 16
    assert all(line.count(" | ") == 7 for line in table)  # eight cells, no stray pipes
    assert "kasales:" not in result.stdout.replace("## kasales:", "")


def test_github_payload_only_on_stdout(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=GOOD, broken=INVALID)
    result = _qualify(runner, str(folder), "--format", "github")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    broken = folder / "broken.yaml"
    assert lines[0] == (f"::error file={broken},line=3,col=11,title=kasales%3A invalid profile::"
                        "score must be an integer from 1 to 5 (found 9)")
    assert any(line.startswith(f"{folder / 'good.yaml'}: good verdict=pursue MAN=MAN score=75.0 risk=low")
               for line in lines)
    assert "files" not in result.stdout  # the summary goes to stderr
    assert "1 scored, 1 rejected" in result.stderr


def test_github_annotations_escape_properties_and_data() -> None:
    line = annotation("error", "a,b:c%d.yaml", "50% done:\nyes, really", 3, 7, "kasales: bad, file")
    assert line == ("::error file=a%2Cb%3Ac%25d.yaml,line=3,col=7,title=kasales%3A bad%2C file::"
                    "50%25 done:%0Ayes, really")


def test_github_format_escapes_an_odd_file_name_and_value(runner: Any, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    odd = folder / "50%,a:b.yaml"
    odd.write_text("account: {id: odd}\nstage: '100%, done: yes'\n", encoding="utf-8")
    result = _qualify(runner, str(folder), "--format", "github")
    assert result.exit_code == 2
    first = result.stdout.splitlines()[0]
    escaped_file = str(odd).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert first.startswith(f"::error file={escaped_file},line=2,col=8,title=kasales%3A invalid profile::")
    assert "unknown value '100%25, done: yes' for stage" in first
    assert "\n" not in first


# --- gates ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("gate", "files", "code"), [
    (["--fail-on", "disqualify"], {"good": GOOD, "edge60": EDGE60}, 0),
    (["--fail-on", "disqualify"], {"good": GOOD, "bad": BAD}, 1),
    (["--fail-on", "develop,nurture"], {"good": GOOD, "bad": BAD}, 0),
    (["--fail-on", "develop,nurture"], {"good": GOOD, "edge60": EDGE60}, 1),
    (["--fail-on-risk", "high"], {"good": GOOD, "edge60": EDGE60, "bad": BAD}, 0),
    (["--fail-on-risk", "high"], {"good": GOOD, "risky": RISKY}, 1),
    (["--fail-on-risk", "medium"], {"good": GOOD}, 0),
    (["--fail-on-risk", "medium"], {"good": GOOD, "edge60": EDGE60}, 1),
    (["--min-score", "60"], {"good": GOOD, "edge60": EDGE60, "risky": RISKY}, 0),  # 60.0 is not below 60
    (["--min-score", "60"], {"good": GOOD, "bad": BAD}, 1),  # 50.0 is
], ids=["disqualify-none", "disqualify-one", "list-none", "list-one", "high-none", "high-one",
        "medium-none", "medium-one", "min-score-equal", "min-score-below"])
def test_gate_exits_1_exactly_when_an_account_trips_it(runner: Any, tmp_path: Path, gate: list[str],
                                                       files: dict[str, str], code: int) -> None:
    folder = _folder(tmp_path, **files)
    result = _qualify(runner, str(folder), "--format", "json", *gate)
    assert result.exit_code == code, result.stderr
    doc = json.loads(result.stdout)
    tripped = [r["account"]["id"] for r in doc["results"] if r["gate_failures"]]
    assert bool(tripped) == bool(code)
    for account in tripped:
        assert f"{account}.yaml: " in result.stderr


def test_gate_failure_names_the_account_and_reason(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=GOOD, bad=BAD)
    result = _qualify(runner, str(folder), "--format", "json", "--fail-on", "disqualify", "--min-score", "60")
    assert result.exit_code == 1
    bad = next(r for r in json.loads(result.stdout)["results"] if r["account"]["id"] == "bad")
    assert len(bad["gate_failures"]) == 2
    assert any("disqualify" in reason for reason in bad["gate_failures"])
    assert any("50.0" in reason and "60" in reason for reason in bad["gate_failures"])


def test_invalid_input_wins_over_a_gate(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, bad=BAD, broken=INVALID)
    result = _qualify(runner, str(folder), "--format", "json", "--fail-on", "disqualify")
    assert result.exit_code == 2


@pytest.mark.parametrize("option", [["--fail-on", "lose"], ["--fail-on", "pursue,maybe"],
                                    ["--fail-on-risk", "extreme"], ["--min-score", "101"]])
def test_unknown_gate_value_is_a_usage_error(runner: Any, option: list[str]) -> None:
    result = _qualify(runner, str(PROFILES), *option)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert option[0] in result.stderr


# --- --output -------------------------------------------------------------------------------------
def test_output_file_gets_the_payload_and_is_not_overwritten(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    first = _qualify(runner, str(PROFILES), "--format", "json", "--output", str(target))
    assert first.exit_code == 0
    assert first.stdout == ""
    assert len(json.loads(target.read_text("utf-8"))["results"]) == 16
    target.write_text("keep me", encoding="utf-8")
    again = _qualify(runner, str(PROFILES / "huadong-metro.yaml"), "--format", "json", "--output", str(target))
    assert again.exit_code == 2
    assert str(target) in again.stderr and "--force" in again.stderr
    assert target.read_text("utf-8") == "keep me"
    forced = _qualify(runner, str(PROFILES / "huadong-metro.yaml"), "--format", "json", "-o", str(target),
                      "--force")
    assert forced.exit_code == 0
    assert len(json.loads(target.read_text("utf-8"))["results"]) == 1


# --- terminal output --------------------------------------------------------------------------------
def test_non_tty_output_has_no_escape_codes(runner: Any) -> None:
    for args in ([str(PROFILES)], [str(PROFILES / "huadong-metro.yaml")], [str(PROFILES), "--details"]):
        result = _qualify(runner, *args)
        assert result.exit_code == 0
        assert "\x1b[" not in result.stdout and "\x1b[" not in result.stderr


def _run_in_pty(extra_env: dict[str, str]) -> bytes:
    """stdout of `kasales qualify profiles/` when stdout is a terminal."""
    pytest.importorskip("pty")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update({"TERM": "xterm-256color", "KASALES_LANG": "en", **extra_env})
    return run_in_terminal(["qualify", str(PROFILES)], env, REPO)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_terminal_gets_colour_unless_no_color_is_set() -> None:
    assert b"\x1b[" in _run_in_pty({})  # a terminal gets colour...
    plain = _run_in_pty({"NO_COLOR": "1"})  # ...unless the user opted out (no-color.org)
    assert b"\x1b[" not in plain
    assert "华东地铁集团".encode() in plain


def test_rich_markup_in_a_name_prints_verbatim(runner: Any, tmp_path: Path) -> None:
    markup = "[red]x[/red] & [bold]Co[/bold]"
    folder = _folder(tmp_path, good=GOOD.replace("name: Good Co", f"name: '{markup}'"), bad=BAD)
    single = _qualify(runner, str(folder / "good.yaml"))
    assert single.exit_code == 0
    assert markup in single.stdout
    summary = _qualify(runner, str(folder))
    assert markup in summary.stdout
    details = _qualify(runner, str(folder), "--details")
    assert details.stdout.count(markup) >= 3  # summary row, section rule, account header


def first_column(text: str) -> str:
    """The first column of a Rich table, its lines joined: a name wrapped inside its cell reads whole again."""
    return "".join(re.split(r"\s{2,}", line.strip())[0] for line in text.splitlines())


def test_long_chinese_name_wraps_in_its_cell_and_the_summary_fits_100_columns(runner: Any, tmp_path: Path) -> None:
    name = "中华人民共和国某某省某某市轨道交通集团有限责任公司第三分公司东"  # 30 wide characters: 60 cells
    folder = _folder(tmp_path, good=GOOD.replace("name: Good Co", f"name: {name}"), bad=BAD)
    for lang in ("en", "zh"):
        result = _qualify(runner, str(folder), "--lang", lang)
        assert result.exit_code == 0
        assert max(cell_len(line) for line in result.stdout.splitlines()) <= 100, result.stdout
        assert name in first_column(result.stdout), result.stdout  # every character, none cut
        assert "…" not in result.stdout
        # the other columns keep their width: the header and each figure stay on one line
        assert "MAN" in result.stdout and "75.0" in result.stdout


def test_markdown_escapes_pipes_in_names(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=GOOD.replace("name: Good Co", "name: 'A|B <script>'"))
    result = _qualify(runner, str(folder), "--format", "markdown")
    row = next(line for line in result.stdout.splitlines() if "`good`" in line)
    assert row.startswith("| A\\|B &lt;script> (`good`) | ")
    assert row.count(" | ") == 7


def test_chinese_output_for_a_man_account(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=GOOD)
    result = _qualify(runner, str(folder / "good.yaml"), "--lang", "zh")
    assert result.exit_code == 0
    assert "有望客户" in result.stdout
    assert "全力推进" in result.stdout  # the verdict label
    assert "已评分 1 个" in result.stderr


# --- the program itself ------------------------------------------------------------------------------
def test_version(runner: Any) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"kasales {kasales.__version__}\n"


def test_python_dash_m_help() -> None:
    done = subprocess.run([sys.executable, "-m", "kasales", "--help"], capture_output=True, text=True, cwd=REPO,
                          timeout=60, check=False)
    assert done.returncode == 0
    for command in ("validate", "qualify", "schema", "init", "rubric"):
        assert command in done.stdout


def _main(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    monkeypatch.setattr(sys, "argv", ["kasales", *argv])
    monkeypatch.setenv("KASALES_LANG", "en")
    with pytest.raises(SystemExit) as stopped:
        main()
    return stopped.value.code


def test_internal_error_is_exit_3_with_one_line(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import kasales.io.batch

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(kasales.io.batch, "qualify", broken)
    assert _main(monkeypatch, "qualify", str(PROFILES / "huadong-metro.yaml")) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error: RuntimeError: engine exploded" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("argv", "code"), [
    (["validate", str(PROFILES / "huadong-metro.yaml")], 0),
    (["qualify", str(PROFILES), "--format", "json", "--fail-on", "disqualify"], 1),
    (["validate", "no-such-file.yaml"], 2),
    (["qualify", str(PROFILES), "--fail-on", "whatever"], 2),
    (["--version"], 0),
])
def test_main_passes_ordinary_exit_codes_through(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                                 argv: list[str], code: int) -> None:
    assert _main(monkeypatch, *argv) == code
    assert "internal error" not in capsys.readouterr().err


def test_main_passes_typer_exit_through(monkeypatch: pytest.MonkeyPatch) -> None:
    import kasales.cli.qualify_cmd

    for code in (0, 1, 2):
        def leave(*args: object, _code: int = code, **kwargs: object) -> None:
            raise typer.Exit(_code)

        monkeypatch.setattr(kasales.cli.qualify_cmd, "stream_format", leave)
        assert _main(monkeypatch, "qualify", str(PROFILES)) == code
