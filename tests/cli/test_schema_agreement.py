"""One truth for the format: every case in tests/cases/ is judged alike by `kasales validate` and by a JSON Schema
validator holding `kasales schema` (what an editor or check-jsonschema does with a profile)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, REPO, json_ready
from ruamel.yaml import YAML

from kasales.cli.app import app
from kasales.core.schema import profile_schema

jsonschema = pytest.importorskip("jsonschema")
CASES_DIR = REPO / "tests" / "cases"
ENV = {**os.environ, "KASALES_LANG": "en", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
# What a JSON Schema cannot say, so only kasales checks it: the file's encoding (UTF-8 only; a UTF-16 file
# reads fine for a YAML library), the bounds on size, nesting and aliases that keep a hostile file cheap, and
# rules comparing two values (payments summing above the contract value, a payment before the signature).
# Such cases carry `beyond_schema: <reason>` in bad_inputs.yaml; every other case must agree.
BEYOND_SCHEMA = {"encoding", "limits", "cross_field"}


def _load(name: str) -> list[dict[str, Any]]:
    return YAML(typ="safe").load((CASES_DIR / name).read_text("utf-8"))


def _dump(data: Any) -> str:
    out = io.StringIO()
    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    yaml.dump(data, out)
    return out.getvalue()


def _cases() -> list[Any]:
    """(id, file bytes, valid?, case) for every profile case in tests/cases/ and every demo profile."""
    cases = []
    for case in _load("bad_inputs.yaml"):
        text = case["content"] if "content" in case else "".join(p * n for p, n in case["pieces"])
        cases.append(pytest.param(text.encode(case.get("encoding", "utf-8")), case.get("exit", 2) == 0, case,
                                  id=f"bad_inputs:{case['name']}"))
    for case in _load("engine_cases.yaml"):
        cases.append(pytest.param(_dump(case["profile"]).encode("utf-8"), True, case, id=f"engine:{case['name']}"))
    for case in _load("service_cases.yaml"):
        cases.append(pytest.param(_dump(case["profile"]).encode("utf-8"), True, case, id=f"service:{case['name']}"))
    for case in _load("checklist_cases.yaml"):
        cases.append(pytest.param(case["profile"].encode("utf-8"), True, case, id=f"checklist:{case['id']}"))
    for case in _load("schema_agreement.yaml"):
        cases.append(pytest.param(case["content"].encode("utf-8"), case["valid"], case,
                                  id=f"agreement:{case['name']}"))
    for path in sorted(PROFILES.glob("*.yaml")):
        cases.append(pytest.param(path.read_bytes(), True, {}, id=f"profiles:{path.name}"))
    return cases



def schema_accepts(data: bytes) -> bool:
    """True when a YAML 1.2 reader (ruamel, as check-jsonschema and editors read YAML) and the schema accept it."""
    try:
        loaded = YAML(typ="safe", pure=True).load(data)
    except Exception:  # a file no YAML reader takes is rejected, whatever the reason
        return False
    validator = jsonschema.Draft202012Validator(profile_schema(), format_checker=jsonschema.FormatChecker())
    return validator.is_valid(json_ready(loaded))


def kasales_accepts(path: Path, runner: Any, in_subprocess: bool) -> bool:
    """True when `kasales validate PATH` exits 0; a crash is neither answer."""
    if in_subprocess:
        done = subprocess.run([sys.executable, "-m", "kasales", "validate", str(path), "--format", "json"],
                              capture_output=True, timeout=20, env=ENV, cwd=REPO, check=False)
        code, out = done.returncode, done.stdout.decode("utf-8")
    else:
        result = runner.invoke(app, ["validate", str(path), "--format", "json", "--lang", "en"])
        code, out = result.exit_code, result.stdout
    assert code in (0, 2), out
    report = json.loads(out)
    assert bool(report["valid"]) == (code == 0)
    return code == 0


@pytest.mark.parametrize(("data", "valid", "case"), _cases())
def test_kasales_and_its_schema_agree(data: bytes, valid: bool, case: dict[str, Any], runner: Any,
                                      tmp_path: Path) -> None:
    path = tmp_path / "account.yaml"
    path.write_bytes(data)
    assert kasales_accepts(path, runner, case.get("subprocess", False)) is valid
    if "beyond_schema" in case:
        assert case["beyond_schema"] in BEYOND_SCHEMA and not valid
        return
    assert schema_accepts(data) is valid, "kasales and `kasales schema` disagree"


def test_every_case_file_is_used() -> None:
    """A new file of cases joins the agreement test (course_phrases.txt holds phrases, not profiles)."""
    used = {"bad_inputs.yaml", "engine_cases.yaml", "service_cases.yaml", "checklist_cases.yaml",
            "schema_agreement.yaml"}
    assert {p.name for p in CASES_DIR.glob("*.yaml")} == used


def test_beyond_schema_cases_are_what_a_schema_cannot_see() -> None:
    """The exemptions stay few and named: encodings, resource limits and rules between two values only."""
    marked = {c["name"]: c["beyond_schema"] for c in _load("bad_inputs.yaml") if "beyond_schema" in c}
    assert set(marked.values()) <= BEYOND_SCHEMA
    assert len(marked) <= 10
