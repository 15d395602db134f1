"""`kasales init` cannot mislead: its id, date and fields come from the user, everything else is unknown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from ruamel.yaml import YAML

from kasales.cli.app import app


def _records(runner: Any, *files: Path) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["qualify", *map(str, files), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["results"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_two_untouched_templates_qualify_side_by_side_with_nothing_invented(runner: Any, tmp_path: Path,
                                                                            lang: str, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a.yaml", "b.yaml"):
        assert runner.invoke(app, ["init", name, "--lang", lang]).exit_code == 0
    records = _records(runner, Path("a.yaml"), Path("b.yaml"))
    assert [r["account"]["id"] for r in records] == ["a", "b"]  # ids from the file names: no collision
    for record in records:
        assert record["man"]["code"] == "man" and record["man"]["unverified"] == ["money", "authority", "need"]
        factors = record["risk"]["factors"]
        assert [f["score"] for f in factors.values()] == [None] * 5  # nothing scored by the template
        assert record["risk"]["unassessed"] == list(factors)
        assert record["stakeholders"]["count"] == 0 and record["stakeholders"]["covered"] == []
        assert record["intel"]["completeness"] == 0
        assert not any("stale" in f["key"] or "undated" in f["key"] for f in record["flags"])
        # SPEC r2 §8: nothing researched is `verify`, the whole range open, everything still to verify
        assert record["verdict"] == "verify" and record["verdict_range"] == ["disqualify", "pursue"]
        assert record["verify_first"] == ["money", "authority", "need", *factors]
        assert record["risk"]["score"] is None and record["risk"]["level"] == "unassessed"
        assert not record["risk"]["red_flags"]  # unassessed is not a red flag
    data = YAML(typ="safe").load(Path("a.yaml").read_text("utf-8"))
    assert data["account"] == {"id": "a", "name": None, "industry": None, "owner": None, "updated": TODAY}
    assert data["stakeholders"] == [] and data["competitors"] == [] and data["approach_tools"] == []
    assert data["stage"] is None and data["standing"] is None and data["position"] == "unknown"


def test_options_fill_the_obvious_fields(runner: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("KASALES_TODAY", "2027-03-01")
    target = tmp_path / "whatever.yaml"
    result = runner.invoke(app, ["init", str(target), "--id", "huadong-metro", "--name", "华东地铁集团",
                                 "--owner", "刘洋", "--stage", "准备与接近客户", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    text = target.read_text("utf-8")
    assert "  id: huadong-metro" in text and "  name: 华东地铁集团" in text and "  owner: 刘洋" in text
    assert "  updated: 2027-03-01" in text and "\nstage: 准备与接近客户" in text
    assert "# 客户名称" in text  # the field's comment is kept beside the value
    [record] = _records(runner, target)
    assert record["account"] == {"id": "huadong-metro", "name": "华东地铁集团", "industry": None, "owner": "刘洋",
                                 "updated": "2027-03-01"}
    assert record["stage"] == "approach"


def test_a_file_name_that_is_no_id_asks_for_one(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "华东 地铁.yaml"
    result = runner.invoke(app, ["init", str(target), "--lang", "en"])
    assert result.exit_code == 2
    assert "account id '华东 地铁' may contain only letters, digits" in result.stderr and "--id" in result.stderr
    assert not target.exists()
    assert runner.invoke(app, ["init", str(target), "--id", "huadong"]).exit_code == 0


def test_a_bad_stage_writes_nothing(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "acme.yaml"
    result = runner.invoke(app, ["init", str(target), "--stage", "closing", "--lang", "en"])
    assert result.exit_code == 2
    assert "unknown value 'closing' for stage" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_template_is_ready_for_set(runner: Any, tmp_path: Path, lang: str) -> None:
    target = tmp_path / "acme.yaml"
    runner.invoke(app, ["init", str(target), "--lang", lang])
    before = target.read_text("utf-8").splitlines()
    result = runner.invoke(app, ["set", str(target), "evaluation.credit=4", "man.money=yes", "--keep-date"])
    assert result.exit_code == 0, result.output
    # an unverified dimension is marked, an unscored factor makes the score a floor
    assert "(MAN Ma?n?, score ≥ 15.0 · high risk, 4 to assess)" in result.stdout.split("→")[1]
    after = target.read_text("utf-8").splitlines()
    changed = [(a.split("#")[0].rstrip(), b.split("#")[0].rstrip()) for a, b in zip(before, after, strict=True)
               if a != b]
    assert changed == [("    status: unknown", "    status: yes"), ("  credit:", "  credit: 4")]
