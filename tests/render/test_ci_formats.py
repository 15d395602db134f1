"""CI formats like the anchors: `--format github` annotates every finding at the line of its field, inside one
group per account; CSV opens right in Excel (a BOM) with a column for every number of the JSON record."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from conftest import PROFILES

from kasales.cli.app import app
from kasales.core.flagfields import FLAG_FIELDS
from kasales.io.rubrics import default_rubric

COMMAND = re.compile(r"^::(error|warning|notice) file=([^,:]*),line=(\d+)(?:,col=\d+)?,title=([^:,]*)::(.*)$")
MARK = "PERSONAL-7f3a"  # a note under intel.personal: personal data (SPEC §5)

PROFILE = f"""account: {{id: acme, name: Acme, owner: 刘洋, industry: 制造, updated: 2026-01-05}}
stage: approach
procurement_step: tender
process_step: research
evaluation:
  need_degree: 4
  credit: 2
stakeholders:
  - name: 王强
    roles: [user]
  - name: 陈总
    roles: [decision_maker]
    attitude: opponent
    influence: high
intel:
  personal:
    interests: {{status: partial, note: "{MARK}"}}
"""


def _run(runner: Any, *args: str) -> Any:
    return runner.invoke(app, [*args, "--lang", "en"])


def _line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.lstrip(" -").startswith(start))


def test_every_finding_is_an_annotation_at_the_line_of_its_field(runner: Any, tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    out = _run(runner, "qualify", str(path), "-f", "github", "--include-personal").stdout
    flags = json.loads(_run(runner, "qualify", str(path), "-f", "json").stdout)["results"][0]["flags"]
    commands = [COMMAND.match(line) for line in out.splitlines() if line.startswith(("::warning", "::notice"))]
    assert all(commands) and len(commands) == len(flags) >= 5
    at = {m.group(4).split()[-1]: (m.group(1), int(m.group(3))) for m in commands if m}
    assert all(m.group(2) == str(path) for m in commands if m)
    assert at["red_flag_credit"] == ("warning", _line_of(PROFILE, "credit:"))
    assert at["decision_maker_opposed"] == ("warning", _line_of(PROFILE, "name: 陈总"))
    assert at["process_far_behind"][1] == _line_of(PROFILE, "process_step:")
    assert at["stale"][1] == _line_of(PROFILE, "account:")  # `updated` sits on the account's flow line
    assert at["role_uncovered"] == ("notice", _line_of(PROFILE, "stakeholders:"))
    assert MARK not in out  # personal notes never reach a CI log, even when asked for in the JSON


def test_one_group_per_account_and_gates_at_the_account_line(runner: Any) -> None:
    files = [str(PROFILES / "huadong-metro.yaml"), str(PROFILES / "beifang-steel.yaml")]
    out = _run(runner, "qualify", *files, "-f", "github", "--min-score", "65").stdout.splitlines()
    assert [line for line in out if line.startswith("::group::")] == [
        f"::group::{files[0]}: huadong-metro develop", f"::group::{files[1]}: beifang-steel develop"]
    assert out.count("::endgroup::") == 2 and out[-1] == "::endgroup::"
    gate = next(line for line in out if line.startswith("::error"))
    beifang = Path(files[1]).read_text("utf-8")
    assert gate.startswith(f"::error file={files[1]},line={_line_of(beifang, 'id:')},title=kasales%3A gate failed::")


def test_every_flag_of_the_rubric_has_a_field() -> None:
    """A new flag names the field behind it in core/flagfields.py, or CI would point at the account only."""
    assert set(FLAG_FIELDS) == set(default_rubric().flags)


def test_csv_starts_with_a_bom_unless_asked_not_to(runner: Any) -> None:
    one = str(PROFILES / "huadong-metro.yaml")
    default = runner.invoke(app, ["qualify", one, "-f", "csv"]).stdout_bytes
    assert default.startswith(b"\xef\xbb\xbffile,id,name,")
    # Excel on a Chinese Windows reads a BOM file as UTF-8: the name comes back, not mojibake
    assert "华东地铁集团" in default.decode("utf-8-sig")
    plain = runner.invoke(app, ["qualify", one, "-f", "csv", "--no-bom"]).stdout_bytes
    assert plain.startswith(b"file,id,name,") and plain == default[3:]


def test_csv_has_the_pivot_columns_and_every_number_of_the_json(runner: Any) -> None:
    one = str(PROFILES / "huadong-metro.yaml")
    row = next(csv.DictReader(io.StringIO(runner.invoke(app, ["qualify", one, "-f", "csv"]).stdout.lstrip("\ufeff"))))
    rec = json.loads(runner.invoke(app, ["qualify", one, "-f", "json"]).stdout)["results"][0]
    assert (row["owner"], row["industry"], row["updated"], row["outcome"]) == ("刘洋", "轨道交通", "2026-11-20", "open")
    assert float(row["risk_score"]) == rec["risk"]["score"]
    assert int(row["stakeholders_count"]) == rec["stakeholders"]["count"]
    assert int(row["process_lag"]) == rec["process_lag"] and int(row["open_objections"]) == rec["open_objections"]
    for key, factor in rec["risk"]["factors"].items():
        assert row[f"{key}_score"] == ("" if factor["score"] is None else str(factor["score"]))
        assert int(row[f"{key}_used"]) == factor["used"]
        assert float(row[f"{key}_weight"]) == factor["weight"]
        assert float(row[f"{key}_points"]) == factor["contribution"]


def test_concise_is_one_line_per_finding_and_one_per_invalid_file(runner: Any, tmp_path: Path) -> None:
    """The pre-commit qualify hook's format: with the validate hook beside it, each error is printed once."""
    good, bad = tmp_path / "acme.yaml", tmp_path / "bad.yaml"
    good.write_text(PROFILE, encoding="utf-8")
    bad.write_text("stage: nowhere\nposition: nowhere\n", encoding="utf-8")
    result = _run(runner, "qualify", str(good), str(bad), "-f", "concise", "--fail-on", "develop,verify,nurture")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    flags = json.loads(_run(runner, "qualify", str(good), "-f", "json").stdout)["results"][0]["flags"]
    assert len(lines) == len(flags) + 1 + 1  # every flag, the gate, the invalid file once
    assert lines[-1] == f"{bad}:1:1: [error] invalid profile (`kasales validate` shows every problem)"
    assert f"{good}:{_line_of(PROFILE, 'credit:')}:1: [high] " in result.stdout
    assert any(line.startswith(f"{good}:1:1: [gate] ") for line in lines)
    assert "nowhere" not in result.output and "gate failed" not in result.stderr  # nothing twice
