"""Hostile text in every text field, file name and rubric label, through every format and stderr.

Whatever a profile or a file name holds, no output line carries a control character (no escape can
clear the screen, set a hyperlink or write the clipboard), none can be read as a GitHub workflow
command, CSV rows stay rows with no formula, Markdown stays inert (no link, image, HTML or mention),
and JSON keeps the text exactly as written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kasales.cli.app import app
from kasales.render.safe_text import csv_cell, guard_line, md_code, md_item, md_text, visible

# Pieces an attacker would use, and control characters of every kind.
TOKENS = ["::error file=evil.yaml::PWNED", "::add-mask::x", "::stop-commands::t", "##[error]x", "\n::warning::w",
          "\x1b[2J", "\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\", "\x1b]52;c;cHduZWQ=\x07", "\x1b[1A\x1b[K",
          "[/]", "[link=https://evil]x[/link]", "[bold red]", "@alice", "@org/team", "![t](https://tracker/p.png)",
          "[c](https://evil)", "<img src=x onerror=alert(1)>", "`", "``", "|", "=cmd|' /C calc'!A0", "+1", "-1",
          "\r=cmd", "%0A::error::x", "\u202e", "\u2028", "\x85", "\x9b31m", "\x00", "\x7f", "\t", "\r\n",
          "http://x.test/y", "www.x.test", "名字", "a b"]
CONTROLS = "".join(chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, 0x202E, 0x2066))
hostile = st.lists(st.sampled_from(TOKENS) | st.text(alphabet=CONTROLS + "ab:#@[]`|=", max_size=4),
                   min_size=1, max_size=5).map("".join).filter(lambda s: s.strip() != "")
# a file name: no "/" or NUL, not hidden, short enough for any file system
file_names = hostile.map(lambda s: s.replace("/", "_").replace("\x00", "_")[:60].lstrip("."))\
    .filter(lambda s: s.strip() != "")

FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# kasales's own commands: annotations with escaped properties, and a group per account (its title is data:
# `::group::` takes the rest of the line as the title, escaped like a message, so it cannot start another command)
ANNOTATION = re.compile(r"::(error|warning|notice) file=[^:,\n]*(,line=\d+)?(,col=\d+)?(,title=[^:,\n]*)?::"
                        r"|::group::[^\r\n]*$|::endgroup::$")
MENTION = re.compile(r"(?<![\w.`\\-])@[A-Za-z0-9]")
OUR_TAGS = re.compile(r"</?(details|summary)>|<br>")


def _profile(text: Any) -> dict[str, Any]:
    """A valid profile with ``text(i)`` in every free-text field."""
    return {
        "schema_version": 1,
        "account": {"name": text(0), "industry": text(1), "owner": text(2), "updated": "2026-11-01"},
        "stage": "approach",
        "man": {"money": {"status": "yes", "evidence": text(3)}, "authority": "no",
                "need": {"status": "unknown", "evidence": text(4)}},
        "evaluation": {"need_degree": {"score": 4, "note": text(5)}, "credit": {"score": 2, "note": text(6)}},
        "stakeholders": [{"name": text(7), "title": text(8), "roles": ["decision_maker"], "attitude": "opponent",
                          "influence": "high"},
                         {"name": text(9), "roles": "user", "coach": True}],
        "competitors": [{"name": text(10), "strengths": [text(11)]}],
        "intel": {"background": {"org_structure": {"status": "done", "note": text(12), "source": text(13)}},
                  "personal": {"interests": {"status": "partial", "note": "PERSONAL-MARKER"}}},
        "objections": [{"text": text(14), "raised_by": text(15), "status": "open"}],
    }


def _dump(data: dict[str, Any]) -> str:
    """YAML text of ``data``: JSON is YAML, and its escapes carry any control character into a profile."""
    return json.dumps(data, ensure_ascii=True, indent=1)


COMMANDS = [
    ["qualify", "{one}"], ["qualify", "{dir}", "--details"], ["qualify", "{dir}", "-f", "csv"],
    ["qualify", "{dir}", "-f", "markdown"], ["qualify", "{dir}", "-f", "github"], ["qualify", "{dir}", "-f", "json"],
    ["validate", "{dir}"], ["validate", "{dir}", "-f", "github"], ["report", "{dir}"],
    ["checklist", "{one}"], ["checklist", "{dir}"], ["checklist", "{one}", "-f", "markdown"],
    ["checklist", "{dir}", "-f", "markdown"],
]


def assert_inert(output: str, where: str, github: bool = False) -> None:
    """No control character, no workflow command (except kasales' own annotations), no old-style command."""
    bad = FORBIDDEN.search(output)
    assert bad is None, f"{where}: control character {bad.group()!r} in {output!r}"
    assert "##[" not in output, where
    for line in output.split("\n"):
        if line.lstrip().startswith("::"):
            assert github and ANNOTATION.match(line), f"{where}: workflow command {line!r}"


def assert_markdown_inert(output: str, where: str) -> None:
    """No live link or image, no HTML but kasales' own <details>, no mention (a code span shows text as is)."""
    output = re.sub(r"(?<![\\`])(`+)(?!`).*?(?<!`)\1(?!`)", "CODE", output)  # an escaped \` opens no span
    assert re.search(r"(?<!\\)\]\(", output) is None, f"{where}: a link in {output!r}"
    assert "<" not in OUR_TAGS.sub("", output), f"{where}: HTML in {output!r}"
    assert MENTION.search(output) is None, f"{where}: a mention in {output!r}"


def _run_all(runner: Any, folder: Path, one: Path, expected_rows: int) -> None:
    for args in COMMANDS:
        filled = [a.format(dir=folder, one=one) for a in args]
        result = runner.invoke(app, [*filled, "--lang", "en"])
        where = " ".join(args)
        assert result.exit_code in (0, 1, 2), f"{where}: exit {result.exit_code}: {result.stderr[-500:]}"
        assert "Traceback" not in result.stderr
        assert "PERSONAL-MARKER" not in result.stdout + result.stderr  # personal notes stay out
        assert_inert(result.stderr, where + " (stderr)")
        if "json" in args:
            doc = json.loads(result.stdout)
            assert len(doc["results"]) == expected_rows
            continue
        assert_inert(result.stdout, where, github="github" in args)
        if "markdown" in args:
            assert_markdown_inert(result.stdout, where)
        if "csv" in args:
            rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
            assert len(rows) == 1 + expected_rows, f"{where}: rows {rows!r}"
            for row in rows[1:]:
                for cell in row:
                    assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "::")), f"{where}: cell {cell!r}"


# no shrinking: each example runs 13 commands, and the failing example is printed as it was drawn
HOSTILE = settings(max_examples=12, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])


@HOSTILE
@given(texts=st.lists(hostile, min_size=16, max_size=16), name=file_names)
def test_hostile_text_in_every_field_and_file_name_is_inert_in_every_format(runner: Any, tmp_path_factory: Any,
                                                                            texts: list[str], name: str) -> None:
    folder = tmp_path_factory.mktemp("hostile")
    one = folder / f"{name}.yaml"
    one.write_text(_dump(_profile(lambda i: texts[i])), encoding="utf-8")
    (folder / f"{name}-2.yml").write_text(_dump({**_profile(lambda i: texts[-1 - i]), "account": {"id": "two"}}),
                                          encoding="utf-8")
    (folder / f"{name}-bad.yaml").write_text(f"account: {{name: {json.dumps(texts[0])}}}\nstage: {texts[1]!r}\n",
                                             encoding="utf-8")
    _run_all(runner, folder, one, expected_rows=2)


def test_json_keeps_hostile_text_exactly_as_written(runner: Any, tmp_path: Path) -> None:
    name = "Acme\x1b[2J\n::error::x\r=cmd"
    (tmp_path / "a.yaml").write_text(_dump(_profile(lambda i: name)), encoding="utf-8")
    result = runner.invoke(app, ["qualify", str(tmp_path), "-f", "json"])
    assert json.loads(result.stdout)["results"][0]["account"]["name"] == name


def test_the_examples_of_the_issue(runner: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\n::error file=evil.yaml::PWNED\n.yaml").write_text("account: {name: [\n", encoding="utf-8")
    profile = _profile(lambda i: "ok")
    profile["stakeholders"][0]["name"] = "Bob\n::add-mask::x\n::stop-commands::t"
    profile["account"]["name"] = "Acme\r=cmd|' /C calc'!A0"
    (folder / "b.yaml").write_text(_dump(profile), encoding="utf-8")
    for fmt in ("table", "csv", "markdown", "github"):
        result = runner.invoke(app, ["qualify", str(folder), "-f", fmt, "--details", "--lang", "en"])
        assert result.exit_code == 2
        assert_inert(result.stdout, fmt, github=fmt == "github")
        assert_inert(result.stderr, fmt)
        assert "a\\n::error file=evil.yaml::PWNED\\n.yaml" in result.stdout + result.stderr  # shown, not obeyed
    csv_out = runner.invoke(app, ["qualify", str(folder), "-f", "csv"]).stdout
    assert len(list(csv.reader(io.StringIO(csv_out, newline="")))) == 2  # the \r started no row


def test_helpers_on_their_own() -> None:
    assert visible("a\x1b[2Jb\nc\u202e") == "a\\x1b[2Jb\\nc\\u202e"
    assert visible("caf\udce9") == "caf\\xe9"  # a byte of a file name that was not UTF-8
    assert guard_line("::error::x") == "\\x3a:error::x"
    assert guard_line("  ::warning::x") == "  \\x3a:warning::x"
    assert guard_line("a ##[error]b") == "a #\\x23[error]b"
    assert csv_cell("Acme\r=cmd") == "Acme\\r=cmd" and csv_cell(" =1") == "' =1"
    assert md_text("![t](https://tracker/p.png) @alice") == "!\\[t\\](h\u2060ttps://tracker/p.png) @\u2060alice"
    assert md_item("# not a heading") == "\\# not a heading" and md_item("1. x") == "1\\. x"
    assert md_text("mail bob@corp.com") == "mail bob@corp.com"
    assert md_code("a`b|c") == "``a`b\\|c``"


@pytest.mark.parametrize("label", ["[/]", "[link=https://evil.test]click[/link]", "[bold]x", "\x1b]8;;https://e\x07"])
def test_rubric_labels_are_text_never_markup(runner: Any, tmp_path: Path, label: str) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(_dump({"extends": "default", "labels": {"stage": {"approach": {"en": label, "zh": label}},
                                                              "verdict": {"pursue": {"en": label, "zh": label}}}}),
                      encoding="utf-8")
    metro = str(PROFILES / "huadong-metro.yaml")
    for args in (["qualify", metro], ["qualify", str(PROFILES)], ["report", str(PROFILES)],
                 ["checklist", metro], ["qualify", str(PROFILES), "-f", "markdown"]):
        result = runner.invoke(app, [*args, "--rubric", str(rubric), "--lang", "en"])
        assert result.exit_code in (0, 1), f"{args}: {result.stderr}"
        assert "\x1b" not in result.stdout
        if "[" in label and "markdown" not in args:
            assert label in result.stdout or visible(label) in result.stdout
