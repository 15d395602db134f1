"""The `$schema` modeline of a new profile resolves to the schema from any folder depth, as yaml-language-server
resolves it (relative to the profile's own folder)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from kasales.cli.app import app
from kasales.core.schema import profile_schema
from kasales.io.modeline import PREFIX, modeline

jsonschema = pytest.importorskip("jsonschema")


def _pointed_at(profile: Path) -> Path:
    """The file a profile's modeline names, resolved from the profile's folder as the editor does."""
    first = profile.read_text("utf-8").splitlines()[0]
    assert first.startswith(PREFIX), first
    return (profile.parent / first[len(PREFIX):]).resolve()


@pytest.mark.parametrize("where", ["a.yaml", "accounts/a.yaml", "accounts/east/a.yaml", "accounts/east/x/y/a.yaml"])
def test_init_points_at_the_repository_schema_from_any_depth(runner: Any, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schema").mkdir()
    assert runner.invoke(app, ["schema", "-o", "schema/profile.schema.json"]).exit_code == 0
    target = tmp_path / where
    target.parent.mkdir(parents=True, exist_ok=True)
    assert runner.invoke(app, ["init", where, "--lang", "en"]).exit_code == 0
    schema_file = tmp_path / "schema" / "profile.schema.json"
    assert _pointed_at(target) == schema_file.resolve()
    # and the schema it finds there accepts the template
    data = YAML(typ="safe").load(target.read_text("utf-8"))
    data["account"]["updated"] = data["account"]["updated"].isoformat()
    jsonschema.validate(data, json.loads(schema_file.read_text("utf-8")))


def test_the_nearest_schema_wins_and_without_one_the_repository_root_is_assumed(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    deep = tmp_path / "region" / "accounts" / "a.yaml"
    deep.parent.mkdir(parents=True)
    assert modeline(deep) == PREFIX + "../../schema/profile.schema.json"  # where `kasales schema -o` will put it
    (tmp_path / "region" / "schema").mkdir()
    (tmp_path / "region" / "schema" / "profile.schema.json").write_text(json.dumps(profile_schema()), "utf-8")
    assert modeline(deep) == PREFIX + "../schema/profile.schema.json"


def test_import_writes_the_same_modeline(runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "crm" / "accounts").mkdir(parents=True)
    (tmp_path / "export.csv").write_text("Account Name,Stage\nAcme,Prospecting\n", "utf-8")
    result = runner.invoke(app, ["import", "export.csv", "--into", "crm/accounts", "--lang", "en"])
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "crm" / "accounts").glob("*.yaml")
    assert _pointed_at(written) == (tmp_path / "schema" / "profile.schema.json").resolve()
