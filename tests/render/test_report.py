"""`kasales report`: portfolio counts, the 100-column terminal view, the offline HTML page, personal data."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, TODAY, generate_portfolio
from rich.cells import cell_len

from kasales.cli import report_cmd
from kasales.cli.app import app
from kasales.core.portfolio import MAN_CELLS, summarize
from kasales.io.batch import run_batch
from kasales.io.rubrics import default_rubric
from kasales.render.report_terminal import render_report

# Four accounts whose numbers follow from SPEC §3, §4, §6 and §8 by hand (see each comment).
ACCOUNTS = {
    # MAN, every factor 5 -> score 100, low risk -> pursue. A supporting decision maker who is our coach:
    # only role_uncovered flags (low), so not on the attention list.
    "a.yaml": """\
account: {id: a-ideal, name: 理想客户有限公司, updated: 2026-11-20}
stage: close
man: {money: yes, authority: yes, need: yes}
evaluation: {need_degree: 5, need_volume: 5, purchasing_power: 5, decision_authority: 5, credit: 5}
stakeholders:
  - {name: 张总, roles: [decision_maker, finance], attitude: supporter, influence: high, coach: true}
""",
    # MAN but credit 2: score 85 would be low, the credit red flag makes it high -> develop, not pursue.
    "b.yaml": """\
account: {id: b-credit, name: Bad Credit Ltd, updated: 2026-11-20}
stage: close
man: {money: yes, authority: yes, need: yes}
evaluation: {need_degree: 5, need_volume: 5, purchasing_power: 5, decision_authority: 5, credit: 2}
stakeholders:
  - {name: Ann, roles: [user, decision_maker], attitude: supporter, influence: high, coach: true}
""",
    # Man -> nurture (no MAN dimension is unknown, so research cannot change it); nothing scored -> score
    # null, risk unassessed, no red flag (r2); no review date, no stakeholders -> never_reviewed,
    # no_decision_maker, no_coach.
    "c.yaml": """\
account: {id: c-nurture, name: Nurture Co}
stage: prospect
man: {money: yes, authority: no, need: no}
""",
    # man -> disqualify; every factor 3 -> score 50.0, medium; no stage; reviewed 332 days before TODAY -> stale.
    "d.yaml": """\
account: {id: d-none, name: Nobody Inc, updated: 2026-01-01}
man: {money: no, authority: no, need: no}
evaluation: {need_degree: 3, need_volume: 3, purchasing_power: 3, decision_authority: 3, credit: 3}
stakeholders:
  - {name: Bo, roles: [user], attitude: neutral}
""",
}
MARKER_NOTE = "PERSONAL-NOTE-MARKER-93af"
MARKER_SOURCE = "PERSONAL-SOURCE-MARKER-93af"
BUSINESS_NOTE = "BUSINESS-NOTE-VISIBLE-93af"
PERSONAL = f"""\
account: {{id: p-personal, name: Personal Data Co, updated: 2026-11-20}}
man: {{money: yes, authority: yes, need: yes}}
intel:
  background: {{org_structure: {{status: done, note: "{BUSINESS_NOTE}"}}}}
  personal:
    interests: {{status: partial, note: "{MARKER_NOTE}", source: "{MARKER_SOURCE}"}}
"""


@pytest.fixture
def folder(write_profile) -> Path:  # type: ignore[no-untyped-def]
    """The four hand-computed accounts in one folder."""
    paths = [write_profile(text, f"accounts/{name}") for name, text in ACCOUNTS.items()]
    return paths[0].parent


def _portfolio(path: Path):  # type: ignore[no-untyped-def]
    batch = run_batch([path], default_rubric(), TODAY)
    return summarize(batch.results), batch


def test_portfolio_counts_follow_the_spec_rules(folder: Path) -> None:
    p, batch = _portfolio(folder)
    assert p.accounts == 4 and not batch.problems
    assert dict(p.man_cells) == {"MAN": 2, "MAn": 0, "MaN": 0, "mAN": 0, "Man": 1, "mAn": 0, "maN": 0, "man": 1}
    assert tuple(code for code, _ in p.man_cells) == MAN_CELLS
    assert dict(p.risk_levels) == {"low": 1, "medium": 1, "high": 1, "unassessed": 1}
    assert dict(p.verdicts) == {"pursue": 1, "develop": 1, "verify": 0, "nurture": 1, "disqualify": 1}
    rows = dict(p.stage_verdict)  # counts in verdict order: pursue, develop, verify, nurture, disqualify
    assert rows["close"] == (1, 1, 0, 0, 0)
    assert rows["prospect"] == (0, 0, 0, 1, 0)
    assert rows["evaluate"] == (0, 0, 0, 0, 0)  # empty stages are still shown
    assert rows[None] == (0, 0, 0, 0, 1)  # the account without a stage
    assert dict(p.role_coverage) == {"user": 2, "technical": 0, "purchaser": 0, "finance": 1, "decision_maker": 2}
    assert p.coached == 2


def test_pursue_now_excludes_a_qualified_account_with_high_risk(folder: Path) -> None:
    p, _ = _portfolio(folder)
    assert [r.id for r in p.pursue_now] == ["a-ideal"]


def test_attention_lists_red_flags_first_with_their_reasons(folder: Path) -> None:
    p, _ = _portfolio(folder)
    reasons = {a.account.id: [f.key for f in a.reasons] for a in p.attention}
    # c-nurture's blank evaluation is not a red flag (r2); the account with no score sorts after d's 50.0
    assert [a.account.id for a in p.attention] == ["b-credit", "c-nurture", "d-none"]
    assert reasons["c-nurture"] == ["no_decision_maker", "no_coach", "never_reviewed"]
    assert reasons["b-credit"] == ["red_flag_credit"]
    assert reasons["d-none"] == ["no_decision_maker", "no_coach", "stale"]


def test_demo_portfolio_matches_the_qualify_verdicts() -> None:
    p, batch = _portfolio(PROFILES)
    assert p.accounts == len(batch.results) - 2 == 14  # the pipeline; one won and one lost deal apart (SPEC §12)
    assert ([r.id for r in p.won], [r.id for r in p.lost]) == (["qianjiang-water"], ["litware-clinics"])
    assert dict(p.verdicts) == {"pursue": 4, "develop": 7, "verify": 2, "nurture": 0, "disqualify": 1}
    assert sum(n for _, n in p.man_cells) == 14 and sum(n for _, n in p.risk_levels) == 14
    assert dict(p.risk_levels) == {"low": 5, "medium": 4, "high": 5, "unassessed": 0}


def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_terminal_report_fits_100_columns_and_keeps_chinese_names(lang: str) -> None:
    p, batch = _portfolio(PROFILES)
    text = render_report(p, batch, default_rubric(), lang, width=100)
    widths = [cell_len(line) for line in _lines(text)]
    assert max(widths) <= 100
    for name in ("长风汽车零部件股份有限公司", "华信农村商业银行", "Contoso Precision Manufacturing"):
        assert name in text  # whole, on one line: never cut or wrapped
    for code in MAN_CELLS:
        assert code in text


def test_terminal_report_shows_counts_actions_and_stage_table(folder: Path) -> None:
    p, batch = _portfolio(folder)
    text = render_report(p, batch, default_rubric(), "zh", width=200)  # wide enough for the actions unwrapped
    assert "MAN  2 个客户" in text and "Man  1 个客户" in text and "MaN  0 个客户" in text
    assert "可以接触,需调查其业务状况、信用条件" in text  # the course's action for mAN
    assert "非客户,停止接触†" in text and "† 工具补充, 非课程原文" in text  # kasales's completion, marked (§13)
    row = next(line for line in _lines(text) if line.strip().startswith("诱导成交"))
    assert row.split()[1:] == ["1", "1", "·", "·", "·", "2"]  # close: 1 pursue, 1 develop, total 2
    total = next(line for line in _lines(text) if line.strip().startswith("合计"))
    assert total.split()[1:] == ["1", "1", "0", "1", "1", "4"]
    levels = ("低 ", "中 ", "高 ", "待评")
    risk = {line.split()[0]: line.split()[1] for line in _lines(text) if line.strip()[:2] in levels}
    assert risk == {"低": "1", "中": "1", "高": "1", "待评估": "1"}


def test_cli_report_prints_to_stdout_and_exits_0(runner, folder: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["report", str(folder), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Portfolio: 4 accounts · 4 files, 0 rejected")
    assert "Pursue now (1)" in result.stdout and "Needs attention (3)" in result.stdout
    assert "理想客户有限公司" in result.stdout
    assert max(cell_len(line) for line in _lines(result.stdout)) <= 100
    assert "scoring" not in result.stderr  # stderr is not a terminal here: no progress bar


def test_cli_report_still_reports_valid_files_and_exits_2(runner, folder: Path) -> None:  # type: ignore[no-untyped-def]
    bad = folder / "broken.yaml"
    bad.write_text("account: {id: x}\nstage: nowhere\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(folder), "--lang", "en"])
    assert result.exit_code == 2
    assert "Portfolio: 4 accounts · 5 files, 1 rejected" in result.stdout
    assert re.search(rf"^{re.escape(str(bad))}:2:\d+: ", result.stderr, re.M), result.stderr


def test_cli_report_missing_path_is_a_usage_error(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["report", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "nope" in result.stderr and result.stdout == ""


def test_progress_bar_goes_to_stderr_only_when_interactive(runner, folder: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kasales.cli.progress

    monkeypatch.setattr(report_cmd, "interactive", lambda: True)
    quick = runner.invoke(app, ["report", str(folder), "--lang", "en"])
    assert quick.exit_code == 0 and "scoring" not in quick.stderr  # 4 files: done before a bar would help
    monkeypatch.setattr(kasales.cli.progress, "MIN_FILES", 1)  # as a long run of MIN_FILES files or more
    result = runner.invoke(app, ["report", str(folder), "--lang", "en"])
    assert result.exit_code == 0
    assert "scoring" in result.stderr and "4/4" in result.stderr
    assert "scoring" not in result.stdout and "\x1b" not in result.stdout
    assert result.stdout.startswith("Portfolio: 4 accounts")


class _Refs(HTMLParser):
    """Collects src/href of loading tags, ids, style attributes, and the text of every script element."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.ids: list[str] = []
        self.styles: list[str] = []
        self.scripts: list[tuple[str, str]] = []  # (type, text)
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "link", "img", "iframe", "source", "image", "use"):
            self.refs += [(tag, v or "") for k, v in attrs if k in ("src", "href", "xlink:href")]
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if "style" in values:
            self.styles.append(values["style"] or "")
        if tag == "script":
            self._script = values.get("type") or ""
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag: str) -> None:
        self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)


def _html(runner, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["report", *args])
    return result.exit_code, result.stdout, result.stderr


def _csp(page: str) -> dict[str, list[str]]:
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert policy, "the page has no Content-Security-Policy"
    return {d.split()[0]: d.split()[1:] for d in policy.group(1).split(";") if d.strip()}


def _sha256(text: str) -> str:
    import base64
    import hashlib

    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _data(page: str) -> dict[str, Any]:
    refs = _Refs()
    refs.feed(page)
    return json.loads(next(text for kind, text in refs.scripts if kind == "application/json"))


def test_html_page_is_self_contained_small_and_strict(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.html"
    code, stdout, stderr = _html(runner, str(PROFILES), "--html", str(out), "--lang", "en")
    assert code == 0, stderr
    assert stdout == "" and f"wrote {out}" in stderr
    page = out.read_text(encoding="utf-8")
    assert len(page.encode()) <= 150_000  # the demo page weighs kilobytes (it was 4.9 MB with plotly)
    assert "plotly" not in page.lower()
    refs = _Refs()
    refs.feed(page)
    assert refs.refs == []  # no script, stylesheet or image is loaded from anywhere
    assert refs.styles == []  # no style attribute: the CSP would (rightly) refuse it
    csp = _csp(page)
    assert csp["default-src"] == ["'none'"]  # the browser may fetch nothing at all
    code_scripts = [text for kind, text in refs.scripts if kind != "application/json"]
    assert len(code_scripts) == 1
    assert csp["script-src"] == [_sha256(code_scripts[0])]  # only this script, named by its hash
    style = page.split("<style>")[1].split("</style>")[0]
    assert csp["style-src"] == [_sha256(style)]
    assert not any("unsafe" in source for sources in csp.values() for source in sources)
    assert "system-ui" in style and "PingFang SC" in style and "Noto Sans CJK SC" in style  # the system's CJK fonts
    assert "prefers-color-scheme: dark" in style and "size: A4" in style  # dark mode and a print stylesheet
    assert [i for i in refs.ids if i.startswith("chart-") and not i.endswith(("-t", "-d"))] == \
        ["chart-pipeline", "chart-scatter", "chart-roles"]
    assert "chart-man" not in page  # the MAN cards are enough; no chart repeats them
    assert page.count('<tr data-i="') == 16  # one table row per account, won and lost ones too


def test_each_chart_has_a_title_a_summary_and_its_numbers(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.html"
    assert _html(runner, str(PROFILES), "--html", str(out), "--lang", "en")[0] == 0
    page = out.read_text(encoding="utf-8")
    for chart in ("chart-pipeline", "chart-scatter", "chart-roles"):
        figure = page[page.index(f'<figure class="card chart" id="{chart}">'):]
        figure = figure[:figure.index("</figure>")]
        assert f'aria-labelledby="{chart}-t {chart}-d"' in figure and "<desc " in figure
        assert "<details class=\"data\">" in figure and "<table>" in figure
    assert "14 accounts over 6 stages; verdicts: pursue 4, develop 7, verify 2, disqualify 1." in page
    # the roles chart's table: covered, not covered and share per role, from the portfolio
    assert "<tr><td>user</td><td class=\"num\">13</td><td class=\"num\">1</td><td class=\"num\">93%</td></tr>" in page


def test_account_details_travel_once_as_data(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.html"
    assert _html(runner, str(PROFILES), "--html", str(out), "--lang", "zh")[0] == 0
    data = _data(out.read_text(encoding="utf-8"))
    texts, accounts = data["t"], data["a"]
    assert len(accounts) == 16
    assert len(texts) == len(set(texts))  # every string stored once
    metro = next(a for a in accounts if texts[a["id"]] == "huadong-metro")
    assert texts[metro["name"]] == "华东地铁集团" and texts[metro["verdict"]] == "develop"
    assert "销售流程策略" in [texts[s[0]] for s in metro["strategies"]]
    # one advice text shared by several accounts is one string: the page grows with accounts, not with texts
    advice = [s[2] for a in accounts for s in a["strategies"]]
    assert len(set(advice)) < len(advice)


def test_growth_per_account_stays_under_4_kb(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]


    sizes = {}
    for n in (40, 240):
        generate_portfolio(tmp_path / f"n{n}", n)
        out = tmp_path / f"n{n}.html"
        assert _html(runner, str(tmp_path / f"n{n}"), "--html", str(out), "--lang", "zh")[0] == 0
        sizes[n] = out.stat().st_size
    assert (sizes[240] - sizes[40]) / 200 <= 4096, sizes


def test_large_portfolio_is_paged_and_lists_are_capped(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]


    generate_portfolio(tmp_path / "many", 450)
    out = tmp_path / "many.html"
    assert _html(runner, str(tmp_path / "many"), "--html", str(out), "--lang", "en", "--top", "5")[0] == 0
    page = out.read_text(encoding="utf-8")
    bodies = re.findall(r'<tbody id="page-(\d+)" class="page( first)?"( hidden)?>', page)
    assert [(n, bool(hidden)) for n, _, hidden in bodies] == [(str(i), i > 1) for i in range(1, 6)]
    assert page.count('<tr data-i="') == 450  # every account is in the table, 100 per page
    assert page.count('<a href="#page-') == 5  # page links that work without a script (CSS :target)
    attention = page[page.index("<h2>Needs attention ("):page.index('<h2 id="accounts">')]
    count = int(re.search(r"Needs attention \((\d+)\)", attention).group(1))
    assert attention.count("<tr><td><a href=") == 5
    assert f"5 of {count} shown" in attention and "--top 0" in attention
    # above SCATTER_LIMIT accounts the scatter is a grid of counts that add up to every scored account
    scatter = page[page.index('id="chart-scatter"'):page.index('id="chart-roles"')]
    assert scatter.count("<circle") == 0
    counts = [int(n) for n in re.findall(r"score \d+–\d+: (\d+) accounts</title>", scatter)]
    assert sum(counts) == 450 and len(counts) == scatter.count('class="mark bin"')


def test_html_page_in_chinese(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "zh.html"
    code, _, stderr = _html(runner, str(PROFILES), "--html", str(out), "--lang", "zh")
    assert code == 0, stderr
    page = out.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page
    for text in ("大客户组合概览", "全力推进", "可以接触,需调查其业务状况、信用条件", "长风汽车零部件股份有限公司",
                 "销售流程策略"):
        assert text in page


def test_html_never_overwrites_without_force(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.html"
    out.write_text("keep me", encoding="utf-8")
    code, _, stderr = _html(runner, str(PROFILES), "--html", str(out))
    assert code == 2 and "--force" in stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    code, _, _ = _html(runner, str(PROFILES), "--html", str(out), "--force")
    assert code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_personal_notes_stay_out_unless_asked(runner, write_profile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    profile = write_profile(PERSONAL, "personal.yaml")
    out = tmp_path / "page.html"
    assert _html(runner, str(profile), "--html", str(out))[0] == 0
    page = out.read_text(encoding="utf-8")
    assert BUSINESS_NOTE in page  # intel notes are shown...
    assert MARKER_NOTE not in page and MARKER_SOURCE not in page  # ...but never a person's
    assert _html(runner, str(profile), "--html", str(out), "--force", "--include-personal")[0] == 0
    page = out.read_text(encoding="utf-8")
    assert MARKER_NOTE in page and MARKER_SOURCE in page


def test_profile_text_is_escaped_not_markup(runner, write_profile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    profile = write_profile('account: {id: evil, name: "<script>alert(1)</script><img src=https://x.test/a.png>"}\n'
                            "man: {money: yes, authority: yes, need: yes}\n")
    out = tmp_path / "page.html"
    assert _html(runner, str(profile), "--html", str(out))[0] == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "<img src=https://x.test" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    refs = _Refs()
    refs.feed(page)
    assert refs.refs == []


def test_rubric_option_changes_the_risk_distribution(runner, folder: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rubric = tmp_path / "strict.yaml"
    rubric.write_text("extends: default\nrisk: {medium_at_least: 60}\n", encoding="utf-8")
    levels = {}
    for args in ([], ["--rubric", str(rubric)]):
        result = runner.invoke(app, ["report", str(folder), "--lang", "en", *args])
        assert result.exit_code == 0, result.stderr
        levels[bool(args)] = {line.split()[0]: int(line.split()[1]) for line in _lines(result.stdout)
                              if line.split()[:1] in (["low"], ["medium"], ["high"])}
    assert levels[False] == {"low": 1, "medium": 1, "high": 1}  # and c-nurture unassessed (nothing scored)
    assert levels[True] == {"low": 1, "medium": 0, "high": 2}  # d-none's 50.0 is now below medium


def test_invalid_rubric_exits_2_with_its_position(runner, folder: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rubric = tmp_path / "bad.yaml"
    rubric.write_text("extends: default\nrisk: {medium_at_least: 500}\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(folder), "--rubric", str(rubric)])
    assert result.exit_code == 2 and str(rubric) in result.stderr and result.stdout == ""


def test_terminal_lists_are_capped_with_a_count_and_the_full_command(runner, folder: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["report", str(folder), "--lang", "en", "--top", "1"])
    assert result.exit_code == 0, result.stderr
    attention = result.stdout[result.stdout.index("Needs attention (3)"):]
    # the account with a red flag comes first (r2: a blank evaluation is no red flag)
    assert "Bad Credit Ltd" in attention and "Nurture Co" not in attention and "Nobody Inc" not in attention
    assert f"… 2 more not shown (1 of 3); every one: kasales report {folder} --top 0" in " ".join(attention.split())
    every = runner.invoke(app, ["report", str(folder), "--lang", "en", "--top", "0"])
    assert "Nurture Co" in every.stdout and "Nobody Inc" in every.stdout and "more not shown" not in every.stdout
    zh = runner.invoke(app, ["report", str(folder), "--lang", "zh", "--top", "1"])
    assert "另有 2 个未显示" in zh.stdout


def test_json_report_has_the_aggregates_the_page_shows(runner, folder: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["report", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["as_of"] == TODAY.isoformat() and report["accounts"] == 4 and report["rejected"] == 0
    assert report["man"] == {"MAN": 2, "MAn": 0, "MaN": 0, "mAN": 0, "Man": 1, "mAn": 0, "maN": 0, "man": 1}
    assert report["levels"] == {"low": 1, "medium": 1, "high": 1, "unassessed": 1}
    assert report["verdicts"] == {"pursue": 1, "develop": 1, "verify": 0, "nurture": 1, "disqualify": 1}
    close = next(row for row in report["stage_verdict"] if row["stage"] == "close")
    assert close == {"stage": "close", "verdicts": {"pursue": 1, "develop": 1, "verify": 0, "nurture": 0,
                                                    "disqualify": 0}, "total": 2}
    assert report["stage_verdict"][-1]["stage"] is None  # the account without a stage
    assert report["roles"] == {"user": 2, "technical": 0, "purchaser": 0, "finance": 1, "decision_maker": 2}
    assert report["coached"] == 2
    assert report["pursue_now"] == {"count": 1, "accounts": [{"id": "a-ideal", "name": "理想客户有限公司",
                                                              "score": 100.0, "intel": 0.0, "stage": "close"}]}
    assert report["attention"]["count"] == 3
    assert report["attention"]["accounts"][0] == {"id": "b-credit", "name": "Bad Credit Ltd", "verdict": "develop",
                                                  "reasons": ["red_flag_credit"]}
    capped = json.loads(runner.invoke(app, ["report", str(folder), "--format", "json", "--top", "1"]).stdout)
    assert capped["attention"]["count"] == 3 and len(capped["attention"]["accounts"]) == 1


def test_json_report_lists_rejected_files_and_no_personal_notes(runner, folder: Path) -> None:  # type: ignore[no-untyped-def]
    (folder / "personal.yaml").write_text(PERSONAL, encoding="utf-8")
    (folder / "broken.yaml").write_text("account: {id: x}\nstage: nowhere\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(folder), "--format", "json", "--include-personal"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["files"] == 6 and report["rejected"] == 1 and report["accounts"] == 5
    assert report["errors"][0]["file"].endswith("broken.yaml") and report["errors"][0]["line"] == 2
    assert MARKER_NOTE not in result.stdout and MARKER_SOURCE not in result.stdout  # aggregates hold no notes


def test_html_and_json_together_is_a_usage_error(runner, folder: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["report", str(folder), "--format", "json", "--html", str(tmp_path / "p.html"),
                                 "--lang", "zh"])
    assert result.exit_code == 2 and "只能选择其一" in result.stderr and result.stdout == ""
    assert not (tmp_path / "p.html").exists()


def test_pipeline_follows_the_engines_verdict_order(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kasales.core.scoring import VERDICT_ORDER

    out = tmp_path / "report.html"
    assert _html(runner, str(PROFILES), "--html", str(out), "--lang", "en")[0] == 0
    page = out.read_text(encoding="utf-8")
    figure = page[page.index('id="chart-pipeline"'):page.index('id="chart-scatter"')]
    legend = re.findall(r'<li><span class="sw (v-\w+)"></span>', figure)
    assert legend == [f"v-{v}" for v in VERDICT_ORDER]  # a verdict the engine adds (verify, serve, lost) shows up
    style = page.split("<style>")[1].split("</style>")[0]
    for verdict in ("pursue", "develop", "verify", "nurture", "disqualify", "serve", "lost"):  # SPEC §8's list
        assert f".v-{verdict} {{ fill: var(--{verdict});" in style
