"""`kasales import`: profiles started or refreshed from CRM exports; bad rows reported by line and skipped."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, TODAY
from ruamel.yaml import YAML

from kasales.cli.app import app
from kasales.core.crm import BUILTIN, derive_id

CRM = REPO / "examples" / "crm"


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def test_salesforce_export_starts_profiles(runner: Any, tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(CRM / "salesforce-opportunities.csv"), "--into", str(tmp_path),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.glob("*.yaml"))
    assert names == ["contoso-precision-manufacturing.yaml", "fabrikam-health.yaml", "northwind-retail.yaml",
                     "salesforce-0015g00000PQRstAAB.yaml", "tailspin-logistics.yaml"]  # 中原电力集团: its CRM id
    contoso = _load(tmp_path / "contoso-precision-manufacturing.yaml")
    assert contoso["account"] == {"id": "contoso-precision-manufacturing", "name": "Contoso Precision Manufacturing",
                                  "industry": "Manufacturing", "owner": "David Okafor", "updated": TODAY}
    assert contoso["stage"] == "close"  # Negotiation/Review
    assert contoso["evaluation"] == dict.fromkeys(("need_degree", "need_volume", "purchasing_power",
                                                   "decision_authority", "credit"))  # nothing invented
    assert _load(tmp_path / "fabrikam-health.yaml")["stage"] is None  # Closed Won is no sales stage
    assert "created " in result.stdout and "5 created, 0 updated, 0 unchanged, 0 rows skipped" in result.stderr
    assert runner.invoke(app, ["validate", str(tmp_path)]).exit_code == 0


def test_gbk_hubspot_export_with_chinese_names(runner: Any, tmp_path: Path) -> None:
    source = CRM / "hubspot-companies-gbk.csv"
    source.read_bytes().decode("gbk")  # the sample really is GBK, not UTF-8
    with pytest.raises(UnicodeDecodeError):
        source.read_bytes().decode("utf-8")
    result = runner.invoke(app, ["import", str(source), "--into", str(tmp_path), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "GBK" in result.stderr and "hubspot" in result.stderr
    metro = _load(tmp_path / "hubspot-9001.yaml")  # a Chinese name gives no ASCII id: the record id does
    assert metro["account"]["name"] == "华东地铁集团" and metro["account"]["owner"] == "刘洋"
    assert metro["stage"] == "approach"  # lifecycle stage Opportunity
    assert _load(tmp_path / "woodgrove-bank.yaml")["stage"] is None  # Customer: no open sales stage
    assert "# 客户名称" in (tmp_path / "hubspot-9001.yaml").read_text("utf-8")  # the Chinese template


def test_utf8_bom_export(runner: Any, tmp_path: Path) -> None:
    csv = tmp_path / "export.csv"
    csv.write_bytes(b"\xef\xbb\xbf" + "Account Name,Account Owner,Stage\n华西医院,王芳,Prospecting\n".encode())
    into = tmp_path / "accounts"
    into.mkdir()
    result = runner.invoke(app, ["import", str(csv), "--into", str(into)])
    assert result.exit_code == 0, result.output
    [created] = into.glob("*.yaml")
    assert created.name == f"{derive_id('华西医院')}.yaml" and created.name.startswith("acct-")
    assert _load(created)["account"]["name"] == "华西医院"  # the BOM is not part of the first column's name


def test_reimport_updates_only_mapped_fields_and_keeps_comments(runner: Any, tmp_path: Path) -> None:
    source = CRM / "salesforce-opportunities.csv"
    runner.invoke(app, ["import", str(source), "--into", str(tmp_path)])
    target = tmp_path / "northwind-retail.yaml"
    assert runner.invoke(app, ["set", str(target), "man.need=yes", "evaluation.credit=4"]).exit_code == 0
    target.write_text(target.read_text("utf-8") + "# our own note\n", encoding="utf-8")
    again = runner.invoke(app, ["import", str(source), "--into", str(tmp_path), "--lang", "en"])
    assert again.exit_code == 0 and "0 created, 0 updated, 5 unchanged" in again.stderr
    changed = tmp_path / "changed.csv"
    changed.write_text(source.read_text("utf-8").replace('"Qualification","Maria Garcia"',
                                                          '"Needs Analysis","Ana Lim"'), encoding="utf-8")
    before = target.read_text("utf-8")
    dry = runner.invoke(app, ["import", str(changed), "--into", str(tmp_path), "--dry-run", "--lang", "en"])
    assert dry.exit_code == 0 and "would update" in dry.stdout and target.read_text("utf-8") == before
    result = runner.invoke(app, ["import", str(changed), "--into", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0 and "1 updated, 4 unchanged" in result.stderr
    after = target.read_text("utf-8")
    diff = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert [(a.split("#")[0].strip(), b.split("#")[0].strip()) for a, b in diff] == [
        ("owner: Maria Garcia", "owner: Ana Lim"), ("stage: evaluate", "stage: approach")]
    assert after.endswith("# our own note\n") and "credit: 4" in after  # nothing else touched


def test_existing_profiles_are_found_by_account_id(runner: Any, tmp_path: Path) -> None:
    shutil.copy(REPO / "profiles" / "northwind-retail.yaml", tmp_path / "nw.yaml")  # file name differs from id
    csv = tmp_path / "e.csv"
    csv.write_text("Account Name,Stage\nNorthwind Retail,Needs Analysis\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(csv), "--into", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.yaml")) == ["nw.yaml"]
    assert "\nstage: approach\n" in (tmp_path / "nw.yaml").read_text("utf-8")


def test_bad_rows_are_reported_by_line_and_skipped(runner: Any, tmp_path: Path) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text('Account Name,Stage,Account Owner\n'
                   'Acme,Prospecting,Li\n'
                   ',Prospecting,Li\n'
                   '"Multi\nline Co",Bogus Stage,Li\n'
                   'Acme,Qualification,Li\n'
                   'Beta,Qualification,Wu\n', encoding="utf-8")
    into = tmp_path / "accounts"
    into.mkdir()
    result = runner.invoke(app, ["import", str(csv), "--into", str(into), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{csv}:3:1: no account name in column 'Account Name'; row skipped" in result.stderr
    # the multi-line record starts on line 4
    assert f"{csv}:4:1: column 'Stage': unknown value 'Bogus Stage' for stage" in result.stderr
    assert f"{csv}:6:1: account 'acme' was already imported from line 2" in result.stderr
    assert "2 created, 0 updated, 0 unchanged, 3 rows skipped" in result.stderr
    assert sorted(p.name for p in into.glob("*.yaml")) == ["acme.yaml", "beta.yaml"]


def test_a_mapping_file(runner: Any, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("name: Kunde\nid: Kundennummer\nfields:\n  account.owner: Betreuer\n  stage: Phase\n"
                       "values:\n  stage: {Erstkontakt: prospect, Abschluss: ~}\n", encoding="utf-8")
    csv = tmp_path / "crm.csv"
    csv.write_text("Kundennummer;Kunde;Betreuer;Phase\nK-100;Müller AG;Anna;Erstkontakt\nK-200;Schulz;Tom;Abschluss\n",
                   encoding="utf-8")
    into = tmp_path / "out"
    into.mkdir()
    result = runner.invoke(app, ["import", str(csv), "--into", str(into), "--map", str(mapping)])
    assert result.exit_code == 0, result.output
    first = _load(into / "K-100.yaml")  # the mapping's id column gives the id
    assert first["account"]["name"] == "Müller AG" and first["stage"] == "prospect"
    assert _load(into / "K-200.yaml")["stage"] is None


@pytest.mark.parametrize(("text", "message"), [
    ("nme: Kunde\n", "unknown key 'nme'"),
    ("fields: {stage: Phase}\n", "name: must give the column"),
    ("name: Kunde\nfields: {stage..x: Phase}\n", "'stage..x' is not a field path"),
    ("name: [unclosed\n", "YAML syntax error"),
], ids=["unknown-key", "no-name", "bad-path", "bad-yaml"])
def test_bad_mapping_files(runner: Any, tmp_path: Path, text: str, message: str) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(text, encoding="utf-8")
    csv = tmp_path / "crm.csv"
    csv.write_text("Kunde\nX\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(csv), "--into", str(tmp_path), "--map", str(mapping), "--lang", "en"])
    assert result.exit_code == 2
    assert message in result.stderr and str(mapping) in result.stderr
    assert not list(tmp_path.glob("X*.yaml")) and not (tmp_path / "x.yaml").exists()


def test_unusable_inputs(runner: Any, tmp_path: Path) -> None:
    csv = tmp_path / "other.csv"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    unknown = runner.invoke(app, ["import", str(csv), "--into", str(tmp_path), "--lang", "en"])
    assert unknown.exit_code == 2 and "not a Salesforce or HubSpot export" in unknown.stderr
    nowhere = runner.invoke(app, ["import", str(csv), "--into", str(tmp_path / "missing"), "--lang", "en"])
    assert nowhere.exit_code == 2 and "no such folder" in nowhere.stderr
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\xff")
    bad = runner.invoke(app, ["import", str(binary), "--into", str(tmp_path), "--lang", "en"])
    assert bad.exit_code == 2 and "not UTF-8 or GBK" in bad.stderr


def test_ids_are_stable() -> None:
    assert derive_id("Contoso Precision Manufacturing") == "contoso-precision-manufacturing"
    assert derive_id("Café Müller & Söhne") == "cafe-muller-sohne"
    assert derive_id("华东地铁集团") == derive_id(" 华东地铁集团 ") != derive_id("华西地铁集团")
    assert derive_id("华东地铁集团", "salesforce-001") == "salesforce-001"
    assert derive_id("Acme", "K 100", prefer_crm=True) == "K-100"
    assert set(BUILTIN) == {"salesforce", "hubspot"}


def test_a_bad_cell_for_an_existing_profile_changes_nothing(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "northwind-retail.yaml"
    shutil.copy(REPO / "profiles" / "northwind-retail.yaml", target)
    csv = tmp_path / "e.csv"
    csv.write_text("Account Name,Account Owner,Stage\nNorthwind Retail,Ana Lim,Won Somehow\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(csv), "--into", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{csv}:2:1: column 'Stage': " in result.stderr and "unknown value 'Won Somehow' for stage" in result.stderr
    assert target.read_bytes() == (REPO / "profiles" / "northwind-retail.yaml").read_bytes()  # owner not set either
