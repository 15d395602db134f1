"""The renderers' shared pieces: words in both languages, no English left in `--lang zh`, indented wrapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES
from rich.cells import cell_len

from kasales.cli.app import app
from kasales.render import checklist_views, report_terminal
from kasales.render.common import QUALIFY_WORDS, Words, md_cell, name_width

HUADONG = PROFILES / "huadong-metro.yaml"  # MaN, late on the process, long strategy advice
BEIFANG = PROFILES / "beifang-steel.yaml"  # a credit red flag lifts the level to high; verdict develop
BROKEN = "account: {id: broken}\nevaluation:\n  credit: 9\n"


def _run(runner: Any, *args: str) -> Any:
    return runner.invoke(app, list(args), env={"NO_COLOR": "1"})


@pytest.mark.parametrize("words", [QUALIFY_WORDS, checklist_views._w, report_terminal._w])
def test_every_word_has_english_and_chinese(words: Words) -> None:
    for key in words:
        assert words(key, "en").strip() and words(key, "zh").strip(), key
        assert words(key, "zh") != words(key, "en"), key  # a word left untranslated


def test_every_word_of_every_section_exists_in_both_languages_with_the_same_placeholders() -> None:
    import string

    from kasales.text.words import SECTIONS

    assert {"qualify", "checklist", "report", "report_html", "diff", "history"} <= set(SECTIONS)
    for section, table in SECTIONS.items():
        for key, pair in table.items():
            assert set(pair) == {"en", "zh"}, (section, key)
            fields = [{f for _, f, _, _ in string.Formatter().parse(pair[lang]) if f} for lang in ("en", "zh")]
            assert fields[0] == fields[1], (section, key)
    assert Words("qualify")("account", "zh") == "客户"


def test_name_width_counts_chinese_characters_twice() -> None:
    assert name_width([("华东地铁集团", "hd")]) == 12  # six wide characters
    assert name_width([("华东地铁集团", "huadong-metro")]) == 13  # the id is wider
    assert name_width([]) == 8


def test_md_cell_escapes_what_breaks_a_table() -> None:
    # a line break is shown (\n, its backslash escaped for Markdown), never a new line of the table
    assert md_cell("a|b\nc<script>\\") == "a\\|b\\\\nc&lt;script>\\\\"


def test_account_view_in_chinese_has_no_english_words(runner: Any) -> None:
    result = _run(runner, "qualify", str(BEIFANG), "--lang", "zh", "--fail-on", "develop")
    assert result.exit_code == 1
    out = result.stdout
    assert "评估得分 60.0 · 高风险 (红旗)" in out
    assert "⛔ 门槛: " in out
    assert "[高] 红旗: 信誉度仅 2 分" in out and "[低] " in out
    for english in ("red flag", "gate:", "[high]", "[medium]", "[low]", "stage ", "flags"):
        assert english not in out, english


def test_account_view_in_english_keeps_its_words(runner: Any) -> None:
    out = _run(runner, "qualify", str(BEIFANG), "--lang", "en", "--fail-on", "develop").stdout
    assert "score 60.0 · high risk (red flag)" in out
    assert "risk 60.0" not in out
    assert "⛔ gate: verdict is develop (--fail-on develop)" in out
    assert "[high] red flag: credit scored 2" in out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_wrapped_flags_and_strategies_keep_their_indent(runner: Any, lang: str) -> None:
    out = _run(runner, "qualify", str(HUADONG), "--lang", lang).stdout
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 100
    start = lines.index("提示" if lang == "zh" else "flags")
    tail = [line for line in lines[start + 1:] if line.strip() and line.strip() != "推荐策略"
            and line.strip() != "recommended strategies" and not line.startswith("†")]  # the legend line
    assert len(tail) >= 10  # the advice really wraps at 100 columns
    assert all(line.startswith("  ") for line in tail), [x for x in tail if not x.startswith("  ")]
    # a strategy's advice and each of its wrapped lines sit six cells in; a wrapped reason four, under the name
    strategies = lines[lines.index("推荐策略" if lang == "zh" else "recommended strategies") + 1:-1]
    indents = [len(line) - len(line.lstrip()) for line in strategies if line.strip()]
    assert set(indents) <= {2, 4, 6} and indents.count(6) >= 5
    assert all(line.startswith("  ▸ ") for line in strategies if len(line) - len(line.lstrip()) == 2)


def test_markdown_in_chinese(runner: Any, tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "beifang.yaml").write_text(BEIFANG.read_text("utf-8"), encoding="utf-8")
    result = _run(runner, "qualify", str(tmp_path), "-f", "markdown", "--lang", "zh", "--fail-on", "develop")
    out = result.stdout
    assert out.startswith("## kasales: 已评分 1 个客户, 拒绝 1 个文件\n")
    assert "| 客户 | 阶段 | MAN | 得分 · 风险 | 情报 | 结论 | 下一步 | 首要提示 |" in out
    assert "| mAN | 60.0 · 高 | 40% | **培育发展** ⛔ |" in out
    assert "<summary>北方钢铁集团: 推荐策略</summary>" in out
    assert "- 结论: MAN 代码 mAN" in out
    assert "- ⛔ 门槛: " in out
    assert "### 无效文件" in out
    for english in ("accounts scored", "Verdict", "strategies", "gate:", "Invalid files"):
        assert english not in out, english


def test_markdown_in_english_is_unchanged(runner: Any, tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "beifang.yaml").write_text(BEIFANG.read_text("utf-8"), encoding="utf-8")
    out = _run(runner, "qualify", str(tmp_path), "-f", "markdown", "--lang", "en", "--fail-on", "develop").stdout
    assert out.startswith("## kasales: 1 account scored, 1 file rejected\n")
    assert "| Account | Stage | MAN | Score · risk | Intel | Verdict | Next step | Top flag |" in out
    assert "| mAN | 60.0 · high | 40% | **develop** ⛔ |" in out
    assert "- Verdict: MAN code mAN" in out and "- ⛔ gate: verdict is develop" in out
    assert "### Invalid files" in out


def test_github_annotation_titles_follow_the_language(runner: Any) -> None:
    zh = _run(runner, "qualify", str(BEIFANG), "-f", "github", "--lang", "zh", "--fail-on", "develop").stdout
    assert zh.startswith(f"::group::{BEIFANG}: beifang-steel develop\n"
                         f"::error file={BEIFANG},line=4,title=kasales%3A 未通过门槛::结论为 develop")
    assert f"::warning file={BEIFANG},line=29,title=kasales%3A high 提示 red_flag_credit::" in zh
    # the key=value fields stay the stable keys of the JSON record, so a log greps alike in both languages
    assert "beifang-steel verdict=develop MAN=mAN score=60.0 risk=high" in zh


def test_checklist_markdown_heading_in_chinese(runner: Any) -> None:
    stage = _run(runner, "checklist", "--stage", "close", "-f", "markdown", "--lang", "zh").stdout
    assert stage.startswith("## kasales 检查清单: close - ")
    many = _run(runner, "checklist", str(HUADONG), str(BEIFANG), "-f", "markdown", "--lang", "zh").stdout
    assert many.startswith("## kasales 检查清单: 2 个客户\n")
    assert "accounts" not in many and ", partial)" not in many and ", missing)" not in many
